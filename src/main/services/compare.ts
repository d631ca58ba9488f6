// Channels of the compare screen: 'compare.run', 'compare.learningCurve', 'compare.apply'.
// The math lives in src/main/eval (report) and src/main/adapt (learning curve); this file only
// connects it to the open project, the engine and the job runner.
import type { Handlers } from '../../shared/contract'
import { AppError, toAppError } from '../../shared/errors'
import type { Project } from '../db/project'
import { compareProject, embeddingModelId, learningCurveProject, type EngineGetter } from './project-data'
import { rescore } from '../jobs/prelabel'
import type { ServiceContext } from './context'

export type CompareHandlers = Pick<Handlers, 'compare.run' | 'compare.learningCurve' | 'compare.apply'>

/** The context's engine, or null when no model can be loaded (cached prompts still work). */
export function engineGetter(ctx: ServiceContext): EngineGetter {
  return async () => {
    try {
      return await ctx.engine()
    } catch (err) {
      if (toAppError(err).code === 'no_model') return null
      throw err
    }
  }
}

/**
 * Starts a rescore job of the project's suggestions from cached embeddings (after the default
 * template set changed). If one is already running it is cancelled first: its template set is
 * stale. Returns the job id, or null when the project has no embeddings to rescore.
 */
export async function startRescore(ctx: ServiceContext, project: Project): Promise<string | null> {
  let modelId: string
  try {
    modelId = embeddingModelId(project)
  } catch {
    return null
  }
  for (const j of ctx.jobs.running()) if (j.kind === 'rescore') ctx.jobs.cancel(j.jobId)
  for (let i = 0; i < 100 && ctx.jobs.running().some((j) => j.kind === 'rescore'); i++) {
    await new Promise((r) => setTimeout(r, 20))
  }
  const getEngine = engineGetter(ctx)
  const handle = ctx.jobs.start(
    'rescore',
    async (jc) => {
      const engine = await getEngine()
      const r = await rescore(project, modelId, engine && engine.modelId === modelId ? engine : null, {
        signal: jc.signal,
        onProgress: (done, total) => jc.progress(done, total)
      })
      ctx.emit('project.changed', { reason: 'rescore' })
      return `${r.rescored} images re-scored`
    },
    { exclusive: true }
  )
  return handle.id
}

export function createCompareHandlers(ctx: ServiceContext): CompareHandlers {
  return {
    'compare.run': async (input) =>
      compareProject(ctx.project(), engineGetter(ctx), {
        templateSetIds: input.templateSetIds,
        presets: input.presets,
        greedy: input.greedy
      }),

    'compare.learningCurve': async () => learningCurveProject(ctx.project(), engineGetter(ctx)),

    'compare.apply': async (input) => {
      const project = ctx.project()
      const templates = [...new Set(input.templates.map((t) => t.trim()).filter(Boolean))]
      if (templates.length === 0) throw new AppError('invalid_input', 'Give at least one template.')
      project.saveTemplateSet(input.name, templates, true)
      ctx.emit('project.changed', { reason: 'templates' })
      await startRescore(ctx, project)
      return project.summary()
    }
  }
}
