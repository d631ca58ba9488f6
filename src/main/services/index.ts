// The main-process services behind every channel of the contract, shared by the Electron IPC and
// the browser bridge. Holds the open project, the loaded engine and the job runner. Inputs arrive
// already validated (zod) by the transport; known failures are thrown as AppError.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { AppInfo, EventChannel, EventMap, Handlers, ProjectSummary } from '../../shared/contract'
import { AppError, toAppError } from '../../shared/errors'
import { downloadModel } from '../clip/download'
import { getPreset, listPresets } from '../clip/presets'
import { Project } from '../db/project'
import { createProjectFromSpec } from '../db/setup'
import { exportProject } from '../export/export'
import { importLabelsCsv } from '../export/import'
import { prelabel } from '../jobs/prelabel'
import { JobRunner } from '../jobs/runner'
import { scanProject } from '../jobs/scan'
import { dataDir as defaultDataDir, demoModelDir, resourcesDir, sampleProjectDir } from '../paths'
import { SAMPLE_LABELS, SAMPLE_TEMPLATES } from '../demo-world/sample'
import { loadSettings, recentProjects, touchRecent, updateSettings } from '../settings'
import { createAdaptHandlers } from './adapt'
import { createCompareHandlers, startRescore } from './compare'
import type { Emit, ServiceContext } from './context'
import { listDir } from './fs'
import { resolveProjectImage } from './images'
import { ModelManager, noModel } from './model'
import { createReviewHandlers } from './review'

export type { ServiceContext } from './context'

export interface ServicesOptions {
  emit: <K extends EventChannel>(ch: K, payload: EventMap[K]) => void
  dataDir?: string
  transport: 'electron' | 'browser'
  testMode: boolean
}

export interface Services {
  handlers: Handlers
  dispose(): Promise<void>
  resolveImage(imageId: number, thumb: boolean): Promise<{ file: string; mime: string }>
  /** the context the handlers share (tests, and the transports' diagnostics) */
  ctx: ServiceContext
}

function appVersion(): string {
  if (process.env.npm_package_version) return process.env.npm_package_version
  try {
    const pkg = JSON.parse(readFileSync(join(resourcesDir(), '..', 'package.json'), 'utf8')) as {
      version?: string
    }
    return pkg.version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
}

export function createServices(opts: ServicesOptions): Services {
  const dataDir = resolve(opts.dataDir ?? defaultDataDir())
  mkdirSync(dataDir, { recursive: true })
  const emit: Emit = (ch, payload) => {
    try {
      opts.emit(ch, payload)
    } catch (err) {
      process.stderr.write(`event ${ch} failed: ${(err as Error)?.stack ?? String(err)}\n`)
    }
  }
  const jobs = new JobRunner((p) => emit('job.progress', p))
  const initial = loadSettings(dataDir).model
  const models = new ModelManager(dataDir, initial, (s) => emit('model.changed', s))
  let project: Project | null = null

  const requireProject = (): Project => {
    if (!project) throw new AppError('no_project', 'Open or create a project first.')
    return project
  }

  /** The engine for the open project: loaded one, else the project's model, the sample's demo, the app's last. */
  const engine = async () => {
    const p = project
    const s = p?.settings()
    const want = s?.modelPath ?? (p?.isSample ? demoModelDir() : null)
    const cur = models.current()
    if (cur && (!want || resolve(want) === cur.modelDir)) return cur
    const path = want ?? models.requestedPath()
    if (!path) throw noModel()
    const e = await models.open(path, s ? { variant: s.variant, ep: s.ep } : {})
    if (p && !s?.modelPath) p.updateSettings({ modelPath: e.modelDir })
    return e
  }

  const ctx: ServiceContext = {
    emit,
    dataDir,
    testMode: opts.testMode,
    jobs,
    project: requireProject,
    projectOrNull: () => project,
    engine,
    engineOrNull: () => models.current(),
    annotator: () => loadSettings(dataDir).annotator
  }

  const info = (): AppInfo => ({
    version: appVersion(),
    transport: opts.transport,
    platform: process.platform,
    annotator: ctx.annotator(),
    dataDir,
    testMode: opts.testMode
  })

  const closeProject = async (): Promise<void> => {
    if (!project) return
    await jobs.cancelAll()
    project.close()
    project = null
    emit('project.changed', { reason: 'closed' })
  }

  const openProject = async (p: Project): Promise<ProjectSummary> => {
    await closeProject()
    project = p
    touchRecent(dataDir, p.path, p.name)
    // remember the model the project used, so its engine loads on demand
    emit('project.changed', { reason: 'opened' })
    return p.summary()
  }

  const startScan = (p: Project): string => {
    const running = jobs.running().find((j) => j.kind === 'scan')
    if (running) return running.jobId
    return jobs.start(
      'scan',
      async (jc) => {
        const r = await scanProject(p, {
          signal: jc.signal,
          onProgress: (d, t) => jc.progress(d, t),
          onFileError: (f, why) => jc.fileError(f, why)
        })
        if (project === p) emit('project.changed', { reason: 'scan' })
        return `${r.total} files: ${r.added} new, ${r.changed} changed, ${r.moved} moved, ${r.missing} missing, ${r.unreadable} unreadable`
      },
      { exclusive: true }
    ).id
  }

  const rescoreIfEmbedded = async (p: Project): Promise<void> => {
    try {
      await startRescore(ctx, p)
    } catch (err) {
      process.stderr.write(`rescore not started: ${toAppError(err).message}\n`)
    }
  }

  /** The engine in use by a running job must not be swapped (it would be disposed under it). */
  const assertModelFree = (): void => {
    if (jobs.running().some((j) => j.kind === 'prelabel' || j.kind === 'rescore')) {
      throw new AppError(
        'busy',
        'Pre-labelling is running: cancel it (or let it finish) before changing the model.'
      )
    }
  }

  const compare = createCompareHandlers(ctx)
  const adapt = createAdaptHandlers(ctx)
  const review = createReviewHandlers(ctx)

  const handlers: Handlers = {
    'app.info': async () => info(),
    'app.setAnnotator': async ({ annotator }) => {
      updateSettings(dataDir, (s) => {
        s.annotator = annotator
      })
      return info()
    },
    'fs.list': async ({ path }) => listDir(path),

    'model.status': async () => models.status(),
    'model.open': async ({ path }) => {
      assertModelFree()
      const e = await models.open(path)
      project?.updateSettings({ modelPath: e.modelDir, variant: e.variant })
      return models.status()
    },
    'model.useDemo': async () => {
      assertModelFree()
      const e = await models.open(demoModelDir())
      project?.updateSettings({ modelPath: e.modelDir, variant: e.variant })
      return models.status()
    },
    'model.download': async ({ variant }) => {
      const h = jobs.start(
        'download',
        async (jc) => {
          const dir = await downloadModel({
            variant,
            signal: jc.signal,
            onProgress: (p) => jc.progress(p.overallBytes, p.overallTotalBytes ?? p.overallBytes, p.file)
          })
          const e = await models.open(dir, { variant })
          project?.updateSettings({ modelPath: e.modelDir, variant: e.variant })
          return `Downloaded to ${dir}`
        },
        { exclusive: true }
      )
      return { jobId: h.id }
    },
    'model.setOptions': async (o) => {
      assertModelFree()
      const st = await models.setOptions(o)
      project?.updateSettings({ ...(o.variant ? { variant: o.variant } : {}), ...(o.ep ? { ep: o.ep } : {}) })
      return st
    },

    'projects.recent': async () => recentProjects(dataDir),
    'project.create': async (input) => {
      const p = createProjectFromSpec(input.path, {
        name: input.name,
        roots: input.roots,
        labels: input.labels,
        labelPreset: input.labelPreset,
        templates: input.templates,
        templatePreset: input.templatePreset,
        settings: models.current()
          ? { modelPath: models.current()!.modelDir, variant: models.current()!.variant }
          : undefined
      })
      const summary = await openProject(p)
      startScan(p)
      return summary
    },
    'project.open': async ({ path }) => openProject(Project.open(path)),
    'project.openSample': async () => {
      const dir = join(dataDir, 'sample')
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
      await openProject(p)
      // 79 files: scan inline so the summary already counts them
      await scanProject(p)
      await models.open(demoModelDir(), { variant: 'fp32' }).catch((err: unknown) => {
        process.stderr.write(`demo model failed to load: ${toAppError(err).message}\n`)
      })
      emit('project.changed', { reason: 'scan' })
      return p.summary()
    },
    'project.close': async () => {
      await closeProject()
      return null
    },
    'project.summary': async () => project?.summary() ?? null,
    'project.scan': async () => ({ jobId: startScan(requireProject()) }),
    'project.updateSettings': async (patch) => {
      const p = requireProject()
      const before = p.settings()
      const after = p.updateSettings(patch)
      emit('project.changed', { reason: 'settings' })
      if (after.temperature !== before.temperature || after.topK !== before.topK) {
        // predictions carry top-k probabilities at a temperature: recompute all from the caches
        p.db.prepare('UPDATE predictions SET label_version = -1').run()
        await rescoreIfEmbedded(p)
      }
      if ((patch.variant && patch.variant !== before.variant) || (patch.ep && patch.ep !== before.ep)) {
        if (models.current())
          await models.setOptions({ variant: patch.variant, ep: patch.ep }).catch(() => undefined)
      }
      return p.summary()
    },

    'labels.add': async ({ labels }) => {
      const p = requireProject()
      const out = p.addLabels(labels)
      emit('project.changed', { reason: 'labels' })
      await rescoreIfEmbedded(p)
      return out
    },
    'labels.update': async ({ id, ...patch }) => {
      const p = requireProject()
      const v = p.labelVersion
      const l = p.updateLabel(id, patch)
      emit('project.changed', { reason: 'labels' })
      if (p.labelVersion !== v) await rescoreIfEmbedded(p)
      return l
    },
    'templates.save': async ({ name, templates, makeDefault }) => {
      const p = requireProject()
      const t = p.saveTemplateSet(name, templates, makeDefault)
      emit('project.changed', { reason: 'templates' })
      if (makeDefault) await rescoreIfEmbedded(p)
      return t
    },
    'templates.setDefault': async ({ id }) => {
      const p = requireProject()
      const was = p.activeTemplateSetId()
      p.setActiveTemplateSet(id)
      emit('project.changed', { reason: 'templates' })
      if (was !== id) await rescoreIfEmbedded(p)
      return p.summary()
    },
    'presets.list': async () => listPresets(),
    'presets.get': async ({ name }) => {
      const p = getPreset(name)
      return { name: p.name, classes: p.classes, templates: p.templates }
    },

    'prelabel.start': async ({ batch }) => {
      const p = requireProject()
      const e = await engine()
      const h = jobs.start(
        'prelabel',
        async (jc) => {
          let lastEmit = 0
          const r = await prelabel(p, e, {
            batch,
            signal: jc.signal,
            onProgress: (s) => {
              jc.progress(s.done, s.total)
              // let the review counters follow along, at most every 2 s
              if (performance.now() - lastEmit > 2000) {
                lastEmit = performance.now()
                if (project === p) emit('project.changed', { reason: 'prelabel' })
              }
            },
            onFileError: (f, why) => jc.fileError(f, why)
          })
          if (project === p) emit('project.changed', { reason: 'prelabel' })
          if (r.cancelled) return `${r.processed} pre-labelled before cancel; start again to resume`
          // labels or templates may have changed while it ran
          await rescoreIfEmbedded(p)
          return `${r.processed} pre-labelled, ${r.failed} unreadable`
        },
        { exclusive: true }
      )
      return { jobId: h.id }
    },
    'jobs.cancel': async ({ jobId }) => {
      jobs.cancel(jobId)
      return null
    },
    'jobs.list': async () => jobs.list(),

    ...review,

    'export.run': async (input) => {
      const p = requireProject()
      let result: Awaited<ReturnType<typeof exportProject>> | null = null
      const h = jobs.start('export', async (jc) => {
        const r = await exportProject(p, {
          ...input,
          signal: jc.signal,
          onProgress: (d, t) => jc.progress(d, t)
        })
        result = r
        return `${r.total} images exported to ${r.outDir}`
      })
      const fin = await h.finished
      if (fin.state !== 'done' || !result) {
        if (fin.error) throw new AppError(fin.error.code, fin.error.message, fin.error.details)
        throw new AppError('cancelled', 'The export was cancelled.')
      }
      return result
    },
    'labels.importCsv': async ({ path }) => {
      const p = requireProject()
      const r = await importLabelsCsv(p, path, ctx.annotator())
      emit('project.changed', { reason: 'decision' })
      return r
    },

    ...compare,
    ...adapt
  }

  return {
    handlers,
    ctx,
    async dispose() {
      await jobs.cancelAll()
      project?.close()
      project = null
      await models.dispose()
    },
    async resolveImage(imageId, thumb) {
      return resolveProjectImage(requireProject(), imageId, thumb, join(dataDir, 'thumbs'))
    }
  }
}
