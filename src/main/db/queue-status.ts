// Small per-image reads the review service needs (status filter of the 'diverse' order, and
// invalidating predictions after a settings change), kept in db/ with the rest of the SQL.
import type { Db } from './open'

export interface ImageStatusRow {
  state: string
  rv: number
  kind: number
}

/** state, reviewed flag and decision kind of one image, or undefined when it does not exist. */
export function imageStatus(db: Db, imageId: number): ImageStatusRow | undefined {
  return db.prepare('SELECT state, rv, kind FROM images WHERE id = ?').get(imageId) as
    ImageStatusRow | undefined
}

/** Marks every stored prediction stale, so the next rescore recomputes all from the caches. */
export function invalidatePredictions(db: Db): void {
  db.prepare('UPDATE predictions SET label_version = -1').run()
}
