// A ServiceContext around a project and an engine a test already has, for tests of one handler
// room or core module without the whole createServices(): the same JobRunner, ModelManager and
// rescore the app uses; opening another project or scanning is not what these tests are about.
import type { EventChannel, EventMap } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { ClipEngine } from '../../clip/types'
import type { Project } from '../../db/project'
import { JobRunner } from '../../jobs/runner'
import type { ServiceContext } from '../core/context'
import { ModelManager } from '../core/model'
import { startRescore } from '../core/rescore'

export function projectContext(opts: {
  project: () => Project
  engine: () => ClipEngine | null
  dataDir: string
  emit?: <K extends EventChannel>(ch: K, payload: EventMap[K]) => void
  annotator?: string
}): ServiceContext {
  const unsupported = async (): Promise<never> => {
    throw new AppError('invalid_input', 'not part of this test context')
  }
  const ctx: ServiceContext = {
    emit: opts.emit ?? (() => undefined),
    dataDir: opts.dataDir,
    testMode: true,
    jobs: new JobRunner(),
    models: new ModelManager(opts.dataDir, { path: null, variant: null, ep: 'auto' }, () => undefined),
    project: opts.project,
    projectOrNull: opts.project,
    engine: async () => {
      const e = opts.engine()
      if (!e) throw new AppError('no_model', 'No model in this test.')
      return e
    },
    engineOrNull: opts.engine,
    annotator: () => opts.annotator ?? 'tester',
    openProject: unsupported,
    closeProject: unsupported,
    startScan: () => {
      throw new AppError('invalid_input', 'not part of this test context')
    },
    rescoreIfEmbedded: async (p) => {
      await startRescore(ctx, p)
    },
    assertModelFree: () => undefined
  }
  return ctx
}
