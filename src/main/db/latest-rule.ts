// Which decision is an image's (or a tag's) current one. An adjudicated decision (a reviewer's, on
// a project several annotators decided) outranks every annotator's decision, whenever either was
// made: the latest adjudicated one is current. Else "latest decision wins", by the time the
// decision was made (`at`), ties by id. Within one file `at` only grows with id, so this is the
// latest row; once logs decided on offline copies are merged (db/merge.ts) or pulled from a team
// store, rows are appended in arrival order and a merged row may have been decided before one
// already here, so the time decides, not the order of arrival. Every reader and writer of the
// denormalised state (refreshCurrent, refreshTagState, refreshTagImage, the appends, verify.ts)
// uses this one rule.
import type { Db } from './open'
import { stmt } from './stmt'

/** ORDER BY of the candidate rows (alias d), best first: what latestRow picks, for checks in SQL. */
export const LATEST_FIRST = 'ORDER BY d.adjudicated DESC, d.at DESC, d.id DESC'

/** A candidate row: adjudicated is 1 for a reviewer's adjudicated decision (0 or absent: not). */
interface Ranked {
  id: number
  at: string
  adjudicated?: number
}

/** a outranks b by the rule above */
function outranks(a: Ranked, b: Ranked): boolean {
  const aa = a.adjudicated ?? 0
  const ba = b.adjudicated ?? 0
  if (aa !== ba) return aa > ba
  return a.at > b.at || (a.at === b.at && a.id > b.id)
}

/**
 * The current one of an image's candidate rows (LATEST_FIRST's first). Picked here rather than
 * sorted in SQL: the review loop's statements are all index searches, and an ORDER BY would sort.
 */
export function latestRow<T extends Ranked>(rows: readonly T[]): T | undefined {
  let best: T | undefined
  for (const r of rows) if (!best || outranks(r, best)) best = r
  return best
}

const hasColumn = new WeakMap<Db, boolean>()

/**
 * `d.adjudicated` for a SELECT of candidate rows, or `0` on a file not migrated to the column yet
 * (only a test seeding an older schema appends to one: every file this code opens is migrated).
 */
export function adjudicatedOf(db: Db): string {
  let has = hasColumn.get(db)
  if (has === undefined) {
    has = (db.pragma('table_info(decisions)') as { name: string }[]).some((c) => c.name === 'adjudicated')
    // only a schema with the column is final: a migration may add it to this connection later
    if (has) hasColumn.set(db, has)
  }
  return has ? 'd.adjudicated' : '0'
}

/**
 * A row appended now at `at` becomes current unless the current decision outranks it: an
 * adjudicated one (over an annotator's), or one made later (a merged decision from a copy whose
 * clock ran ahead).
 */
export function laterThanCurrent(db: Db, imageId: number, at: string, adjudicated = false): boolean {
  const cur = stmt(
    db,
    `SELECT d.id, d.at, ${adjudicatedOf(db)} AS adjudicated FROM images i
       JOIN decisions d ON d.id = i.cur_decision WHERE i.id = ?`
  ).get(imageId) as Ranked | undefined
  return cur !== undefined && outranks(cur, { id: Infinity, at, adjudicated: adjudicated ? 1 : 0 })
}

/** The same for one tag of an image: its state's decision outranks a row appended at `at`. */
export function tagLaterThanCurrent(
  db: Db,
  imageId: number,
  labelId: number,
  at: string,
  adjudicated = false
): boolean {
  const cur = stmt(
    db,
    `SELECT d.id, d.at, ${adjudicatedOf(db)} AS adjudicated FROM image_tags t
       JOIN decisions d ON d.id = t.decision_id WHERE t.image_id = ? AND t.label_id = ?`
  ).get(imageId, labelId) as Ranked | undefined
  return cur !== undefined && outranks(cur, { id: Infinity, at, adjudicated: adjudicated ? 1 : 0 })
}
