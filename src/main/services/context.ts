// What service modules (this folder, compare.ts and adapt.ts of the adaptation helper) share: the
// open project, the loaded engine, the job runner and the event emitter. One instance per
// createServices() call.
import type { EventChannel, EventMap } from '../../shared/contract'
import type { ClipEngine } from '../clip/types'
import type { Project } from '../db/project'
import type { JobRunner } from '../jobs/runner'

export type Emit = <K extends EventChannel>(ch: K, payload: EventMap[K]) => void

export interface ServiceContext {
  readonly emit: Emit
  /** per-user data folder (settings, thumbnails, sample project) */
  readonly dataDir: string
  readonly testMode: boolean
  readonly jobs: JobRunner
  /**
   * The open project. `project.db` is the better-sqlite3 handle (schema: src/main/db/schema.ts:
   * images, image_embeddings(image_id, model_id, vec float32 BLOB), text_embeddings, labels,
   * predictions, decisions, images.kind/rv/cur_decision for the current label).
   * Throws AppError('no_project') when none is open.
   */
  project(): Project
  /** the open project or null */
  projectOrNull(): Project | null
  /**
   * The loaded engine; loads the project's model (or the demo model for the sample project) on
   * first use. Throws AppError('no_model') when there is none to load.
   */
  engine(): Promise<ClipEngine>
  /** the engine if one is loaded, without loading */
  engineOrNull(): ClipEngine | null
  /** annotator name for decisions */
  annotator(): string
}
