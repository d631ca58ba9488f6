// Reading a copy of a project for a merge (db/merge.ts): opened read-only, so it is never written
// (no WAL switch, no migration), and read whole into memory: its project identity, the labels and
// images its decisions name, its batches and its decision log.
import Database from 'better-sqlite3'
import { existsSync, statSync } from 'node:fs'
import { AppError } from '../../shared/errors'
import type { ProjectKind } from './tag-state'
import { APPLICATION_ID, SCHEMA_VERSION } from './schema'

export interface SourceDecision {
  id: number
  batch_id: number
  image_id: number
  kind: string
  label_id: number | null
  rank: number | null
  annotator: string
  at: string
  suggestion: string | null
  revert_of: number | null
  uid: string | null
  /** 1: a reviewer's adjudicated decision */
  adjudicated: number
}

interface SourceBatch {
  id: number
  kind: string
  annotator: string
  at: string
  target: number | null
}

export interface SourceImage {
  id: number
  root: string
  relPath: string
  hash: string | null
}

interface SourceLabel {
  id: number
  name: string
  descriptions: string
}

export interface SourceLog {
  file: string
  createdAt: string
  kind: ProjectKind
  labels: Map<number, SourceLabel>
  images: Map<number, SourceImage>
  batches: SourceBatch[]
  /** in log order (id) */
  decisions: SourceDecision[]
}

/** Reads a copy; refuses anything that is not a Zebra project of this schema version. */
export function readSourceLog(file: string): SourceLog {
  if (!existsSync(file)) throw new AppError('not_found', `Project file not found: ${file}`, { file })
  if (statSync(file).isDirectory())
    throw new AppError('project_corrupt', `${file} is a folder, not a Zebra project.`, { file })
  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (err) {
    throw new AppError('project_corrupt', `${file} could not be opened: ${(err as Error).message}`, { file })
  }
  try {
    return readOpen(db, file)
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError(
      'project_corrupt',
      `${file} is not a readable Zebra project (${(err as Error).message}).`,
      {
        file
      }
    )
  } finally {
    db.close()
  }
}

function readOpen(db: Database.Database, file: string): SourceLog {
  db.pragma('busy_timeout = 5000')
  if (Number(db.pragma('application_id', { simple: true })) !== APPLICATION_ID)
    throw new AppError('project_corrupt', `${file} is not a Zebra project.`, { file })
  const version = Number(db.pragma('user_version', { simple: true }))
  if (version > SCHEMA_VERSION)
    throw new AppError(
      'project_newer',
      `${file} was written by a newer Zebra (schema ${version}, this one knows ${SCHEMA_VERSION}): update Zebra to merge it.`,
      { file, version }
    )
  if (version < SCHEMA_VERSION)
    throw new AppError(
      'unsupported',
      `${file} was written by an older Zebra (schema ${version}): open it once in this Zebra, which upgrades it, then merge it. It was not changed.`,
      { file, version }
    )
  // one read transaction: a copy still open elsewhere is read as of one moment
  return db
    .transaction(() => {
      const project = db.prepare('SELECT created_at, kind FROM project WHERE id = 1').get() as
        { created_at: string; kind: ProjectKind } | undefined
      if (!project) throw new AppError('project_corrupt', `${file} has no project record.`, { file })
      const labels = db.prepare('SELECT id, name, descriptions FROM labels').all() as SourceLabel[]
      const images = db
        .prepare(
          `SELECT i.id, r.path AS root, i.rel_path AS relPath, i.hash FROM images i
             JOIN roots r ON r.id = i.root_id
             WHERE i.id IN (SELECT DISTINCT image_id FROM decisions)`
        )
        .all() as SourceImage[]
      return {
        file,
        createdAt: project.created_at,
        kind: project.kind,
        labels: new Map(labels.map((l) => [l.id, l])),
        images: new Map(images.map((i) => [i.id, i])),
        batches: db
          .prepare('SELECT id, kind, annotator, at, target FROM batches ORDER BY id')
          .all() as SourceBatch[],
        decisions: db
          .prepare(
            `SELECT id, batch_id, image_id, kind, label_id, rank, annotator, at, suggestion, revert_of, uid,
                    adjudicated FROM decisions ORDER BY id`
          )
          .all() as SourceDecision[]
      }
    })
    .deferred()
}
