// Which decision is an image's (or a tag's) current one: "latest decision wins", by the time the
// decision was made (`at`), ties by id. Within one file `at` only grows with id, so this is the
// latest row; once logs decided on offline copies are merged (db/merge.ts), rows are appended in
// merge order and a merged row may have been decided before one already here, so the time decides,
// not the order of arrival. Every reader and writer of the denormalised state (refreshCurrent,
// refreshTagState, refreshTagImage, the appends, verify.ts) uses this one rule. Adjudication by a
// reviewer, which would outrank time, belongs to team projects.
import type { Db } from './open'
import { stmt } from './stmt'

/** ORDER BY of the candidate rows (alias d), best first: what latestRow picks, for checks in SQL. */
export const LATEST_FIRST = 'ORDER BY d.at DESC, d.id DESC'

/**
 * The latest of an image's candidate rows (LATEST_FIRST's first). Picked here rather than sorted in
 * SQL: the review loop's statements are all index searches, and an ORDER BY on `at` would sort.
 */
export function latestRow<T extends { id: number; at: string }>(rows: readonly T[]): T | undefined {
  let best: T | undefined
  for (const r of rows) if (!best || r.at > best.at || (r.at === best.at && r.id > best.id)) best = r
  return best
}

/**
 * A row appended now at `at` becomes current unless the current decision was made later (a merged
 * decision from a copy whose clock ran ahead): the current one is by definition the latest.
 */
export function laterThanCurrent(db: Db, imageId: number, at: string): boolean {
  const cur = stmt(
    db,
    'SELECT d.at FROM images i JOIN decisions d ON d.id = i.cur_decision WHERE i.id = ?',
    'pluck'
  ).get(imageId) as string | undefined
  return cur !== undefined && cur > at
}

/** The same for one tag of an image: its state's decision was made after `at`. */
export function tagLaterThanCurrent(db: Db, imageId: number, labelId: number, at: string): boolean {
  const cur = stmt(
    db,
    `SELECT d.at FROM image_tags t JOIN decisions d ON d.id = t.decision_id
       WHERE t.image_id = ? AND t.label_id = ?`,
    'pluck'
  ).get(imageId, labelId) as string | undefined
  return cur !== undefined && cur > at
}
