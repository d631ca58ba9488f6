// The compare.* channels: the offline report of templates and models on the decided images, the
// learning curve, and applying a template set. The math lives in src/main/eval and src/main/adapt.
import type { Handlers } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { compareProject, learningCurveProject } from '../core/project-data'
import type { ServiceContext } from '../core/context'
import { compareModelsProject } from '../core/compare-models'
import { compareTagModelsProject } from '../core/compare-tag-models'
import { compareTagsProject } from '../core/tag-compare'
import { engineGetter } from '../core/engine'
import { modelEngines } from '../core/model-engines'
import { startRescore } from '../core/rescore'

export type CompareHandlers = Pick<
  Handlers,
  'compare.run' | 'compare.learningCurve' | 'compare.apply' | 'compare.models'
>

export function createCompareHandlers(ctx: ServiceContext): CompareHandlers {
  return {
    'compare.run': async (input) => {
      const project = ctx.project()
      const opts = { templateSetIds: input.templateSetIds, presets: input.presets, greedy: input.greedy }
      return project.kind === 'tags'
        ? compareTagsProject(project, engineGetter(ctx), opts)
        : compareProject(project, engineGetter(ctx), opts)
    },
    'compare.learningCurve': async () => {
      const project = ctx.project()
      if (project.kind === 'tags')
        throw new AppError(
          'invalid_input',
          "A tags project's learning curve is in mAP and comes with its comparison: run the comparison."
        )
      return learningCurveProject(project, engineGetter(ctx))
    },
    'compare.apply': async (input) => {
      const project = ctx.project()
      const templates = [...new Set(input.templates.map((t) => t.trim()).filter(Boolean))]
      if (templates.length === 0) throw new AppError('invalid_input', 'Give at least one template.')
      project.saveTemplateSet(input.name, templates, true)
      ctx.emit('project.changed', { reason: 'templates' })
      await startRescore(ctx, project)
      return project.summary()
    },
    'compare.models': async ({ measure }) => {
      const project = ctx.project()
      const engines = modelEngines(project, ctx.engineOrNull())
      try {
        return project.kind === 'tags'
          ? await compareTagModelsProject(project, engines, { measure })
          : await compareModelsProject(project, engines, { measure })
      } finally {
        await engines.dispose()
      }
    }
  }
}
