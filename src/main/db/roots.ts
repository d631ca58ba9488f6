// A project's image folders (roots) and what the folders screen shows of them: the folders in use,
// their image counts, adding one, removing one (migration 6), and the files that cannot be read.
import type { RootInfo, UnreadableImage } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Db } from './open'
import { forgetTagScores } from './tag-scores'

/** The reason a removed folder's decided images carry (they stay, as missing, for the log). */
const REMOVED_REASON = 'folder removed from the project'

/** SQL condition: the image's folder is still part of the project (alias `i` for images). */
export const ACTIVE_ROOT = 'i.root_id IN (SELECT id FROM roots WHERE removed_at IS NULL)'

/** Folders in use, in root id order. */
export function activeRoots(db: Db): { id: number; path: string }[] {
  return db.prepare('SELECT id, path FROM roots WHERE removed_at IS NULL ORDER BY id').all() as {
    id: number
    path: string
  }[]
}

/** Each folder in use with its image counts (one pass over the images). `exists` is filled by the caller. */
export function rootStats(db: Db): Omit<RootInfo, 'exists'>[] {
  return db
    .prepare(
      `SELECT r.id, r.path,
         count(i.id) AS images,
         coalesce(sum(i.state = 'ok'), 0) AS ok,
         coalesce(sum(i.state = 'unreadable'), 0) AS unreadable,
         coalesce(sum(i.state = 'missing'), 0) AS missing,
         coalesce(sum(i.state = 'ok' AND i.top1_prob IS NOT NULL), 0) AS prelabeled,
         coalesce(sum(i.kind > 0), 0) AS decided
       FROM roots r LEFT JOIN images i ON i.root_id = r.id
       WHERE r.removed_at IS NULL GROUP BY r.id ORDER BY r.id`
    )
    .all() as Omit<RootInfo, 'exists'>[]
}

/**
 * Adds a folder (already realpath'd) or takes a removed one back. Refuses a folder inside one in
 * use, or one that holds a folder in use: its images would be indexed twice. `inside` decides
 * containment (db/paths.ts isInside).
 */
export function insertRoot(
  db: Db,
  path: string,
  inside: (parent: string, child: string) => boolean
): { id: number; restored: boolean; already: boolean } {
  return db
    .transaction(() => {
      const cur = db.prepare('SELECT id, removed_at FROM roots WHERE path = ?').get(path) as
        { id: number; removed_at: string | null } | undefined
      if (cur && cur.removed_at === null) return { id: cur.id, restored: false, already: true }
      for (const r of activeRoots(db)) {
        if (inside(r.path, path))
          throw new AppError(
            'invalid_input',
            `${path} is inside ${r.path}, already a folder of this project.`
          )
        if (inside(path, r.path))
          throw new AppError(
            'invalid_input',
            `${path} holds ${r.path}, already a folder of this project: remove that one first, or add a folder beside it.`
          )
      }
      if (cur) {
        db.prepare('UPDATE roots SET removed_at = NULL WHERE id = ?').run(cur.id)
        return { id: cur.id, restored: true, already: false }
      }
      const id = db.prepare('INSERT INTO roots (path) VALUES (?) RETURNING id').pluck().get(path) as number
      return { id, restored: false, already: false }
    })
    .immediate()
}

export interface RemovedRoot {
  path: string
  /** images that left the project (all of the folder's) */
  images: number
  /** of those, rows deleted with their embeddings and suggestions (no decision ever made) */
  deleted: number
  /** of those, rows kept as missing because the decision log refers to them */
  kept: number
}

/**
 * Removes a folder in one IMMEDIATE transaction: images never decided are deleted (their
 * embeddings and predictions cascade), images the decision log refers to are kept as missing
 * under the stamped root, so the log stays whole and adding the folder again restores them.
 */
export function deleteRoot(db: Db, rootId: number, at: string): RemovedRoot {
  return db
    .transaction(() => {
      const root = db
        .prepare('SELECT path FROM roots WHERE id = ? AND removed_at IS NULL')
        .pluck()
        .get(rootId) as string | undefined
      if (root === undefined) throw new AppError('not_found', `No folder with id ${rootId} in this project.`)
      const active = db.prepare('SELECT count(*) FROM roots WHERE removed_at IS NULL').pluck().get() as number
      if (active <= 1)
        throw new AppError(
          'invalid_input',
          'A project needs at least one image folder: add the new folder first, then remove this one.'
        )
      const images = db.prepare('SELECT count(*) FROM images WHERE root_id = ?').pluck().get(rootId) as number
      // a tags project's score index has no row of its own per image: clear it before the images go
      forgetTagScores(
        db,
        db
          .prepare(
            `SELECT id FROM images WHERE root_id = ?
             AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.image_id = images.id)`
          )
          .pluck()
          .all(rootId) as number[]
      )
      const deleted = db
        .prepare(
          `DELETE FROM images WHERE root_id = ?
           AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.image_id = images.id)`
        )
        .run(rootId).changes
      db.prepare('UPDATE images SET state = ?, reason = ? WHERE root_id = ?').run(
        'missing',
        REMOVED_REASON,
        rootId
      )
      db.prepare('UPDATE roots SET removed_at = ? WHERE id = ?').run(at, rootId)
      return { path: root, images, deleted, kept: images - deleted }
    })
    .immediate()
}

/** Unreadable images of the folders in use (first `limit`, by folder and path) and how many in all. */
export function unreadableImages(db: Db, limit: number): { total: number; files: UnreadableImage[] } {
  const total = db
    .prepare(`SELECT count(*) FROM images i WHERE i.state = 'unreadable' AND ${ACTIVE_ROOT}`)
    .pluck()
    .get() as number
  const files = db
    .prepare(
      `SELECT i.id AS imageId, r.path AS root, i.rel_path AS relPath, coalesce(i.reason, 'unreadable') AS reason
       FROM images i JOIN roots r ON r.id = i.root_id
       WHERE i.state = 'unreadable' AND r.removed_at IS NULL
       ORDER BY i.root_id, i.rel_path LIMIT ?`
    )
    .all(limit) as UnreadableImage[]
  return { total, files }
}
