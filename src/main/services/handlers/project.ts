// The project.* and projects.* channels: create, open, close a project, its settings, its image
// folders (adding one scans it; removing one refuses while pre-labelling runs, which would write
// suggestions for the images the removal deletes), merging offline copies, and the recent list.
import type { Handlers } from '../../../shared/contract'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Project } from '../../db/project'
import { invalidatePredictions } from '../../db/queue-status'
import { createProjectFromSpec } from '../../db/setup'
import { scanProject } from '../../jobs/scan'
import { demoModelDir } from '../../paths'
import { sampleSpec } from '../../demo-world/sample-spec'
import { createSampleProject } from '../../demo-world/sample-create'
import { recentProjects } from '../../settings'
import { toAppError } from '../../../shared/errors'
import type { ServiceContext } from '../core/context'
import { AppError } from '../../../shared/errors'
import { imageStatus } from '../../db/image-status'
import { addFolder, listFolders, removeFolder } from '../../jobs/folders'
import { readLastScan } from '../../jobs/last-scan'
import { log } from '../../log'
import { setProjectKind } from '../../db/tag-state'
import { mergeProjects } from '../../db/merge'
import { startRescore } from '../core/rescore'
import { chooseTextEncoder } from '../core/text-encoder'

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
  | 'project.roots'
  | 'project.addRoot'
  | 'project.removeRoot'
  | 'project.unreadable'
  | 'project.setKind'
  | 'project.merge'
  | 'project.setTextEncoder'
>

export function createProjectHandlers(ctx: ServiceContext): ProjectHandlers {
  /** A running scan walks the folders as they were when it started: stop it before changing them. */
  const stopScan = async (): Promise<boolean> => {
    const running = ctx.jobs.running().filter((j) => j.kind === 'scan')
    for (const j of running) ctx.jobs.cancel(j.jobId)
    await Promise.all(running.map((j) => ctx.jobs.finished(j.jobId)))
    return running.length > 0
  }
  return {
    'projects.recent': async () => recentProjects(ctx.dataDir),
    'project.create': async (input) => {
      const p = createProjectFromSpec(input.path, {
        name: input.name,
        roots: input.roots,
        labels: input.labels,
        labelPreset: input.labelPreset,
        templates: input.templates,
        templatePreset: input.templatePreset,
        kind: input.kind,
        settings: ctx.models.current()
          ? { modelPath: ctx.models.current()!.modelDir, variant: ctx.models.current()!.variant }
          : undefined
      })
      const summary = await ctx.openProject(p)
      ctx.startScan(p)
      return summary
    },
    'project.open': async ({ path }) => {
      const p = Project.open(path)
      const summary = await ctx.openProject(p)
      // files added, changed or moved while the project was closed are noticed now, in the
      // background (progress and cancel like any job); a read-only file cannot record them
      if (!p.readOnly) ctx.startScan(p)
      return summary
    },
    'project.openSample': async ({ kind, language }) => {
      // each sample is its own file over the same images, so each keeps its own decisions
      const spec = sampleSpec(kind === 'tags', language === 'zh')
      const file = join(ctx.dataDir, 'sample', spec.file)
      const p = existsSync(file)
        ? Project.open(file)
        : createSampleProject(file, kind === 'tags', language === 'zh')
      await ctx.openProject(p)
      // 79 files: scan inline so the summary already counts them
      await scanProject(p)
      await ctx.models.open(demoModelDir(), { variant: 'fp32' }).catch((err: unknown) => {
        log('warn', `demo model failed to load: ${toAppError(err).message}`)
      })
      ctx.emit('project.changed', { reason: 'scan' })
      return p.summary()
    },
    'project.setKind': async ({ kind }) => {
      const p = ctx.project()
      setProjectKind(p.db, kind)
      ctx.emit('project.changed', { reason: 'settings' })
      // predictions of the other kind were dropped: score again from the cached embeddings
      await ctx.rescoreIfEmbedded(p)
      return p.summary()
    },
    // M-CLIP's text side for the project's cached image embeddings (docs/multilingual.md)
    'project.setTextEncoder': async ({ model }) => {
      ctx.assertModelFree()
      const p = ctx.project()
      await chooseTextEncoder(p, model)
      ctx.emit('project.changed', { reason: 'settings' })
      // every prompt's vector changed: every image is scored again, none re-embedded
      await startRescore(ctx, p, { all: true })
      return p.summary()
    },
    // copies decided offline: folded in one transaction; a dry run reports and writes nothing
    'project.merge': async ({ sources, dryRun }) => {
      const p = ctx.project()
      if (p.readOnly)
        throw new AppError('unsupported', `${p.path} is read-only: nothing can be merged into it.`)
      const report = mergeProjects(p.db, p.path, sources, { dryRun })
      if (dryRun) return report
      if (report.sources.some((s) => s.added > 0)) ctx.emit('project.changed', { reason: 'decision' })
      if (report.sources.some((s) => s.labelsCreated.length > 0)) {
        ctx.emit('project.changed', { reason: 'labels' })
        // a new label changes every prompt set: score again from the cached embeddings
        await ctx.rescoreIfEmbedded(p)
      }
      return report
    },
    'project.close': async () => {
      await ctx.closeProject()
      return null
    },
    'project.summary': async () => ctx.projectOrNull()?.summary() ?? null,
    'project.scan': async () => ({ jobId: ctx.startScan(ctx.project()) }),
    'project.updateSettings': async (patch) => {
      const p = ctx.project()
      const before = p.settings()
      const after = p.updateSettings(patch)
      ctx.emit('project.changed', { reason: 'settings' })
      if (after.temperature !== before.temperature || after.topK !== before.topK) {
        // predictions carry top-k probabilities at a temperature: recompute all from the caches
        invalidatePredictions(p.db)
        await ctx.rescoreIfEmbedded(p)
      }
      if ((patch.variant && patch.variant !== before.variant) || (patch.ep && patch.ep !== before.ep)) {
        if (ctx.models.current())
          await ctx.models.setOptions({ variant: patch.variant, ep: patch.ep }).catch(() => undefined)
      }
      return p.summary()
    },
    'project.roots': async () => {
      const p = ctx.project()
      return { roots: listFolders(p), lastScan: readLastScan(p.db) }
    },
    'project.addRoot': async ({ path }) => {
      const p = ctx.project()
      const r = addFolder(p, path)
      if (r.already) return { root: r.root, jobId: null, restored: false }
      await stopScan()
      ctx.emit('project.changed', { reason: 'folders' })
      return { root: r.root, jobId: ctx.startScan(p), restored: r.restored }
    },
    'project.removeRoot': async ({ id }) => {
      const p = ctx.project()
      if (ctx.jobs.running().some((j) => j.kind === 'prelabel' || j.kind === 'rescore'))
        throw new AppError(
          'busy',
          'Pre-labelling is running: cancel it (or let it finish) before removing a folder.'
        )
      const wasScanning = await stopScan()
      const r = removeFolder(p, id)
      ctx.emit('project.changed', { reason: 'folders' })
      // the stopped scan had more to do in the other folders
      if (wasScanning) ctx.startScan(p)
      return { path: r.path, images: r.images, kept: r.kept }
    },
    // one read of the project file: the counts and the list are of the same moment,
    'project.unreadable': async ({ limit }) => imageStatus(ctx.project(), limit)
  }
}
