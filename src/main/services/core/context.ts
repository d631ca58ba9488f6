// The one context every handler room (handlers/*.ts) is built from: the open project, the loaded
// engine, the job runner, the event emitter, and the project lifecycle steps more than one room
// needs. One instance per createServices() call; the CLI builds a smaller one (headless.ts).
import type { EventChannel, EventMap, ProjectSummary } from '../../../shared/contract'
import type { ClipEngine } from '../../clip/types'
import type { Project } from '../../db/project'
import type { JobRunner } from '../../jobs/runner'
import type { ModelManager } from './model'

export type Emit = <K extends EventChannel>(ch: K, payload: EventMap[K]) => void

/** What the review rooms need: the project, an engine when one can be had, who decides. */
export interface ProjectContext {
  /**
   * The open project. `project.db` is the better-sqlite3 handle (schema: src/main/db/schema.ts).
   * Throws AppError('no_project') when none is open.
   */
  project(): Project
  /**
   * The loaded engine; loads the project's model (or the demo model for the sample project) on
   * first use. Throws AppError('no_model') when there is none to load.
   */
  engine(): Promise<ClipEngine>
  /** annotator name for decisions */
  annotator(): string
}

export interface ServiceContext extends ProjectContext {
  readonly emit: Emit
  /** per-user data folder (settings, thumbnails, sample project) */
  readonly dataDir: string
  readonly testMode: boolean
  readonly jobs: JobRunner
  readonly models: ModelManager
  /** the open project or null */
  projectOrNull(): Project | null
  /** the engine if one is loaded, without loading */
  engineOrNull(): ClipEngine | null
  /** closes the open project (cancelling its jobs), makes `p` the open one, remembers it as recent */
  openProject(p: Project): Promise<ProjectSummary>
  closeProject(): Promise<void>
  /** starts (or returns the running) scan job of `p`; returns its job id */
  startScan(p: Project): string
  /** re-scores cached embeddings after a classifier change; never throws (logs why not) */
  rescoreIfEmbedded(p: Project): Promise<void>
  /** throws AppError('busy') while a job uses the engine (swapping it would dispose it under it) */
  assertModelFree(): void
}
