// Small per-image reads the review service needs (status filter of the 'diverse' order, and
// invalidating predictions after a settings change), kept in db/ with the rest of the SQL.
import type { Db } from './open'

export interface ImageReviewState {
  state: string
  rv: number
  kind: number
}

/** state, reviewed flag and decision kind of one image, or undefined when it does not exist. */
export function imageReviewState(db: Db, imageId: number): ImageReviewState | undefined {
  return db.prepare('SELECT state, rv, kind FROM images WHERE id = ?').get(imageId) as
    ImageReviewState | undefined
}

/** Marks every stored prediction stale, so the next rescore recomputes all from the caches. */
export function invalidatePredictions(db: Db): void {
  db.prepare('UPDATE predictions SET label_version = -1').run()
}

/** Which of `imageIds` are not reviewed yet (one query for a whole duplicate group list). */
export function unreviewedAmong(db: Db, imageIds: number[]): Set<number> {
  if (imageIds.length === 0) return new Set()
  const rows = db
    .prepare('SELECT id FROM images WHERE rv = 0 AND id IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(JSON.stringify(imageIds)) as number[]
  return new Set(rows)
}
