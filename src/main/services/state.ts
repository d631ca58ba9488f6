// The state createServices() holds and the area handlers (model-, project-, job-handlers.ts) act
// on: the shared ServiceContext plus the project lifecycle steps more than one area needs.
import type { ProjectSummary } from '../../shared/contract'
import type { Project } from '../db/project'
import type { ServiceContext } from './context'
import type { ModelManager } from './model'

export interface ServiceState {
  readonly ctx: ServiceContext
  readonly dataDir: string
  readonly models: ModelManager
  /** closes the open project (cancelling its jobs), makes `p` the open one, remembers it as recent */
  openProject(p: Project): Promise<ProjectSummary>
  closeProject(): Promise<void>
  /** starts (or returns the running) scan job of `p`; returns its job id */
  startScan(p: Project): string
  /** re-scores cached embeddings after a classifier change; never throws (logs why not) */
  rescoreIfEmbedded(p: Project): Promise<void>
  /** throws AppError('busy') while a job uses the engine (swapping it would dispose it under the job) */
  assertModelFree(): void
}
