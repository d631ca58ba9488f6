// The main-process services behind every channel of the contract, shared by the Electron IPC and
// the browser bridge. Holds the open project, the loaded engine and the job runner. Inputs arrive
// already validated (zod) by the transport; known failures are thrown as AppError.
import { mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { AppInfo, EventChannel, EventMap, Handlers, ProjectSummary } from '../../shared/contract'
import { AppError, toAppError } from '../../shared/errors'
import { Project } from '../db/project'
import { JobRunner } from '../jobs/runner'
import { scanProject, scanSummary } from '../jobs/scan'
import { dataDir as defaultDataDir, demoModelDir, resourcesDir } from '../paths'
import { loadSettings, touchRecent, updateSettings } from '../settings'
import { createAdaptHandlers, EmbeddingCache } from './adapt'
import { createCatalogHandlers } from './catalog-handlers'
import { createFolderHandlers } from './folders'
import { createImportHandlers } from './import-handlers'
import { createJobHandlers } from './job-handlers'
import { createLabelHandlers } from './label-handlers'
import { createModelHandlers } from './model-handlers'
import { createProjectHandlers } from './project-handlers'
import type { ServiceState } from './state'
import { createCompareHandlers, startRescore } from './compare'
import { createCompareModelsHandlers } from './compare-models'
import { createImportEmbeddingsHandlers } from './import-embeddings'
import type { Emit, ServiceContext } from './context'
import { listDir } from './fs'
import { resolveProjectImage } from './images'
import { ModelManager, noModel } from './model'
import { createReachHandlers } from './reach'
import { createReviewHandlers } from './review'
import { withSavedState, type UnsavedHandlers } from './saved'

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
        return scanSummary(r)
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

  const st: ServiceState = {
    ctx,
    dataDir,
    models,
    openProject,
    closeProject,
    startScan,
    rescoreIfEmbedded,
    assertModelFree
  }
  const compare = createCompareHandlers(ctx)
  const adapt = createAdaptHandlers(ctx)
  const review = createReviewHandlers(ctx)

  const handlers: UnsavedHandlers = {
    'app.info': async () => info(),
    'app.setAnnotator': async ({ annotator }) => {
      updateSettings(dataDir, (s) => {
        s.annotator = annotator
      })
      return info()
    },
    'fs.list': async ({ path }) => listDir(path),
    ...createModelHandlers(st),
    ...createCatalogHandlers(st),
    ...createProjectHandlers(st),
    ...createFolderHandlers(st),
    ...createJobHandlers(st),
    ...createLabelHandlers(st),
    ...createImportHandlers(ctx),
    ...review,
    ...compare,
    ...adapt,
    ...createReachHandlers(ctx, EmbeddingCache.shared),
    ...createCompareModelsHandlers(ctx),
    ...createImportEmbeddingsHandlers(ctx)
  }

  void models.restore() // the last used model reloads in the background (model.changed events)

  return {
    handlers: withSavedState(ctx, handlers),
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
