// The main-process services behind every channel of the contract, shared by the Electron IPC and
// the browser bridge. Holds the open project, the loaded engine and the job runner. Inputs arrive
// already validated (zod) by the transport; known failures are thrown as AppError.
import { mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { AppInfo, EventChannel, EventMap, Handlers, ProjectSummary } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { Project } from '../db/project'
import { JobRunner } from '../jobs/runner'
import { scanProject, scanSummary } from '../jobs/scan'
import { dataDir as defaultDataDir, demoModelDir, resourcesDir } from '../paths'
import { setMainLanguage } from '../i18n'
import { loadSettings, touchRecent } from '../settings'
import { log } from '../log'
import type { Emit, ServiceContext } from './core/context'
import { resolveProjectImage } from './core/images'
import { ModelManager, noModel } from './core/model'
import { startRescore } from './core/rescore'
import { ReviewSession } from './core/review-session'
import { memorySecretStore, secretKey, type SecretStore } from './core/secret-store'
import { TeamSync } from './core/team-sync'
import { disposeTextEncoders } from '../clip/text-encoder-cache'
import { withSavedState, type UnsavedHandlers } from './core/saved'
import { createAgreementHandlers } from './handlers/agreement'
import { createAppHandlers } from './handlers/app'
import { createBulkHandlers } from './handlers/bulk'
import { createTagHandlers } from './handlers/tags'
import { createCompareHandlers } from './handlers/compare'
import { createEmbeddingHandlers } from './handlers/embeddings'
import { createExportHandlers } from './handlers/export'
import { createFsHandlers } from './handlers/fs'
import { createGridHandlers } from './handlers/grid'
import { createJobHandlers } from './handlers/jobs'
import { createLabelHandlers } from './handlers/labels'
import { createModelHandlers } from './handlers/model'
import { createPrelabelHandlers } from './handlers/prelabel'
import { createPresetHandlers } from './handlers/presets'
import { createProjectHandlers } from './handlers/project'
import { createReviewHandlers } from './handlers/review'
import { createSearchHandlers } from './handlers/search'
import { createTeamHandlers } from './handlers/team'
import { createTeamAdminHandlers } from './handlers/team-admin'
import { createTeamJoinHandlers } from './handlers/team-join'
import { createTemplateHandlers } from './handlers/templates'

export interface ServicesOptions {
  emit: <K extends EventChannel>(ch: K, payload: EventMap[K]) => void
  dataDir?: string
  transport: 'electron' | 'browser'
  testMode: boolean
  /** where team passwords typed in the app are kept (default: for this session only) */
  secrets?: SecretStore
}

export interface Services {
  handlers: Handlers
  dispose(): Promise<void>
  resolveImage(imageId: number, thumb: boolean): Promise<{ file: string; mime: string }>
  /** the context the handlers share (tests, and the transports' diagnostics) */
  ctx: ServiceContext
  /** the review service behind the review.* channels (tests wait on its background refits) */
  review: ReviewSession
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
  let teamSync: TeamSync | null = null
  const secrets = opts.secrets ?? memorySecretStore()
  const emit: Emit = (ch, payload) => {
    // a local decision goes to the team store in the next round, due in a moment
    if (ch === 'project.changed' && (payload as { reason: string }).reason === 'decision') teamSync?.poke()
    try {
      opts.emit(ch, payload)
    } catch (err) {
      log('error', `event ${ch} failed`, err)
    }
  }
  const jobs = new JobRunner(
    (p) => emit('job.progress', p),
    () => project?.path ?? null
  )
  const initial = loadSettings(dataDir).model
  setMainLanguage(loadSettings(dataDir).language)
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

  const info = (): AppInfo => ({
    version: appVersion(),
    transport: opts.transport,
    platform: process.platform,
    annotator: loadSettings(dataDir).annotator,
    language: loadSettings(dataDir).language,
    dataDir,
    testMode: opts.testMode
  })

  const closeProject = async (): Promise<void> => {
    if (!project) return
    await jobs.cancelAll()
    await teamSync?.stop()
    teamSync = null
    project.close()
    project = null
    emit('project.changed', { reason: 'closed' })
  }

  const openProject = async (p: Project): Promise<ProjectSummary> => {
    await closeProject()
    project = p
    // a team replica syncs in the background; the review loop never waits on it
    teamSync = TeamSync.startFor(p, emit, { password: (url) => secrets.get(secretKey(url)) })
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
      log('warn', 'rescore not started', err)
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

  const ctx: ServiceContext = {
    emit,
    dataDir,
    testMode: opts.testMode,
    jobs,
    models,
    project: requireProject,
    projectOrNull: () => project,
    engine,
    engineOrNull: () => models.current(),
    // in a team replica one decides as one's role: the store takes no other name
    annotator: () => teamSync?.annotator ?? loadSettings(dataDir).annotator,
    openProject,
    closeProject,
    startScan,
    rescoreIfEmbedded,
    assertModelFree
  }
  const review = new ReviewSession(ctx)
  // one room per channel prefix (handlers/*.ts); none imports another
  const handlers: UnsavedHandlers = {
    ...createAppHandlers(ctx, info),
    ...createFsHandlers(),
    ...createModelHandlers(ctx),
    ...createProjectHandlers(ctx),
    ...createLabelHandlers(ctx),
    ...createTemplateHandlers(ctx),
    ...createPresetHandlers(),
    ...createPrelabelHandlers(ctx),
    ...createJobHandlers(ctx),
    ...createExportHandlers(ctx, review),
    ...createReviewHandlers(ctx, review),
    ...createGridHandlers(ctx, review),
    ...createBulkHandlers(ctx, review),
    ...createTagHandlers(ctx, review),
    ...createSearchHandlers(ctx),
    ...createCompareHandlers(ctx),
    ...createEmbeddingHandlers(ctx),
    ...createAgreementHandlers(ctx),
    ...createTeamHandlers(ctx, () => teamSync, secrets),
    ...createTeamJoinHandlers(ctx, secrets),
    ...createTeamAdminHandlers(ctx, () => teamSync, secrets)
  }

  void models.restore() // the last used model reloads in the background (model.changed events)

  return {
    handlers: withSavedState(ctx, handlers),
    ctx,
    review,
    async dispose() {
      await jobs.cancelAll()
      await teamSync?.stop()
      teamSync = null
      project?.close()
      project = null
      await models.dispose()
      // projects' text encoders (M-CLIP), loaded once per process
      await disposeTextEncoders()
    },
    async resolveImage(imageId, thumb) {
      return resolveProjectImage(requireProject(), imageId, thumb, join(dataDir, 'thumbs'))
    }
  }
}
