// project.*, labels, template sets and presets: create/open/close a project and edit what it classifies
// (edits that change the classifier rescore the cached embeddings).
import type { Handlers } from '../../shared/contract'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { getPreset, listPresets } from '../clip/presets'
import { Project } from '../db/project'
import { invalidatePredictions } from '../db/queue-status'
import { createProjectFromSpec } from '../db/setup'
import { scanProject } from '../jobs/scan'
import { demoModelDir, sampleProjectDir } from '../paths'
import { SAMPLE_LABELS, SAMPLE_TEMPLATES } from '../demo-world/sample'
import { recentProjects } from '../settings'
import { toAppError } from '../../shared/errors'
import type { ServiceState } from './state'

export type ProjectHandlers = Pick<
  Handlers,
  | 'projects.recent'
  | 'project.create'
  | 'project.open'
  | 'project.openSample'
  | 'project.close'
  | 'project.summary'
  | 'project.scan'
  | 'project.updateSettings'
  | 'labels.add'
  | 'labels.update'
  | 'templates.save'
  | 'templates.setDefault'
  | 'presets.list'
  | 'presets.get'
>

export function createProjectHandlers(st: ServiceState): ProjectHandlers {
  const { ctx } = st
  return {
    'projects.recent': async () => recentProjects(st.dataDir),
    'project.create': async (input) => {
      const p = createProjectFromSpec(input.path, {
        name: input.name,
        roots: input.roots,
        labels: input.labels,
        labelPreset: input.labelPreset,
        templates: input.templates,
        templatePreset: input.templatePreset,
        settings: st.models.current()
          ? { modelPath: st.models.current()!.modelDir, variant: st.models.current()!.variant }
          : undefined
      })
      const summary = await st.openProject(p)
      st.startScan(p)
      return summary
    },
    'project.open': async ({ path }) => {
      const p = Project.open(path)
      const summary = await st.openProject(p)
      // files added, changed or moved while the project was closed are noticed now, in the
      // background (progress and cancel like any job); a read-only file cannot record them
      if (!p.readOnly) st.startScan(p)
      return summary
    },
    'project.openSample': async () => {
      const dir = join(st.dataDir, 'sample')
      const file = join(dir, 'sample.zebra')
      const p = existsSync(file)
        ? Project.open(file)
        : createProjectFromSpec(file, {
            name: 'Sample project',
            roots: [sampleProjectDir()],
            labels: SAMPLE_LABELS,
            templates: SAMPLE_TEMPLATES,
            sample: true,
            settings: { modelPath: demoModelDir(), variant: 'fp32' }
          })
      await st.openProject(p)
      // 79 files: scan inline so the summary already counts them
      await scanProject(p)
      await st.models.open(demoModelDir(), { variant: 'fp32' }).catch((err: unknown) => {
        process.stderr.write(`demo model failed to load: ${toAppError(err).message}\n`)
      })
      ctx.emit('project.changed', { reason: 'scan' })
      return p.summary()
    },
    'project.close': async () => {
      await st.closeProject()
      return null
    },
    'project.summary': async () => ctx.projectOrNull()?.summary() ?? null,
    'project.scan': async () => ({ jobId: st.startScan(ctx.project()) }),
    'project.updateSettings': async (patch) => {
      const p = ctx.project()
      const before = p.settings()
      const after = p.updateSettings(patch)
      ctx.emit('project.changed', { reason: 'settings' })
      if (after.temperature !== before.temperature || after.topK !== before.topK) {
        // predictions carry top-k probabilities at a temperature: recompute all from the caches
        invalidatePredictions(p.db)
        await st.rescoreIfEmbedded(p)
      }
      if ((patch.variant && patch.variant !== before.variant) || (patch.ep && patch.ep !== before.ep)) {
        if (st.models.current())
          await st.models.setOptions({ variant: patch.variant, ep: patch.ep }).catch(() => undefined)
      }
      return p.summary()
    },

    'labels.add': async ({ labels }) => {
      const p = ctx.project()
      const out = p.addLabels(labels)
      ctx.emit('project.changed', { reason: 'labels' })
      await st.rescoreIfEmbedded(p)
      return out
    },
    'labels.update': async ({ id, ...patch }) => {
      const p = ctx.project()
      const v = p.labelVersion
      const l = p.updateLabel(id, patch)
      ctx.emit('project.changed', { reason: 'labels' })
      if (p.labelVersion !== v) await st.rescoreIfEmbedded(p)
      return l
    },
    'templates.save': async ({ name, templates, makeDefault }) => {
      const p = ctx.project()
      const t = p.saveTemplateSet(name, templates, makeDefault)
      ctx.emit('project.changed', { reason: 'templates' })
      if (makeDefault) await st.rescoreIfEmbedded(p)
      return t
    },
    'templates.setDefault': async ({ id }) => {
      const p = ctx.project()
      const was = p.activeTemplateSetId()
      p.setActiveTemplateSet(id)
      ctx.emit('project.changed', { reason: 'templates' })
      if (was !== id) await st.rescoreIfEmbedded(p)
      return p.summary()
    },
    'presets.list': async () => listPresets(),
    'presets.get': async ({ name }) => {
      const p = getPreset(name)
      return { name: p.name, classes: p.classes, templates: p.templates }
    }
  }
}
