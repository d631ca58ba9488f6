// The local SQLite log as the team store sees it: every row with its identity (uid), its batch's
// identity (the uid of the batch's first row) and the uid it reverts. Rows from before decision
// uids existed get one derived from the project's creation time and their id, the same in every
// copy of the file they were made in.
import { createHash } from 'node:crypto'
import type { Db } from '../open'
import { stmt } from '../stmt'

export interface LogRow {
  id: number
  uid: string
  batchUid: string
  batchKind: string
  annotator: string
  imageId: number
  kind: string
  labelId: number | null
  rank: number | null
  suggestion: string | null
  at: string
  revertOf: string | null
  /** a reviewer's adjudicated decision (only a reviewer role may send one) */
  adjudicated: boolean
}

/** A uuid-formed identity for a row written before uids (SHA-1 name-based, version 5 bits). */
export function derivedUid(createdAt: string, id: number): string {
  const h = createHash('sha1').update(`zebra-decision:${createdAt}:${id}`).digest('hex')
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

interface Raw {
  id: number
  uid: string | null
  batch_kind: string
  annotator: string
  image_id: number
  kind: string
  label_id: number | null
  rank: number | null
  suggestion: string | null
  at: string
  revert_of: number | null
  revert_uid: string | null
  first_id: number
  first_uid: string | null
  adjudicated: number
}

/** Log rows with id > afterId (all: 0), oldest first; `where` narrows them (SQL on d.*). */
export function localLog(db: Db, afterId = 0, where = '1'): LogRow[] {
  const created = stmt(db, 'SELECT created_at FROM project WHERE id = 1', 'pluck').get() as string
  // prepared once per connection: the background sync reads the new rows every round
  const rows = stmt(
    db,
    `SELECT d.id, d.uid, b.kind AS batch_kind, d.annotator, d.image_id, d.kind, d.label_id, d.rank,
              d.suggestion, d.at, d.revert_of, r.uid AS revert_uid, f.id AS first_id, f.uid AS first_uid,
              d.adjudicated
         FROM decisions d JOIN batches b ON b.id = d.batch_id
         LEFT JOIN decisions r ON r.id = d.revert_of
         JOIN decisions f ON f.id = (SELECT min(x.id) FROM decisions x WHERE x.batch_id = d.batch_id)
        WHERE d.id > ? AND (${where}) ORDER BY d.id`
  ).all(afterId) as Raw[]
  return rows.map((r) => ({
    id: r.id,
    uid: r.uid ?? derivedUid(created, r.id),
    batchUid: r.first_uid ?? derivedUid(created, r.first_id),
    batchKind: r.batch_kind,
    annotator: r.annotator,
    imageId: r.image_id,
    kind: r.kind,
    labelId: r.label_id,
    rank: r.rank,
    suggestion: r.suggestion,
    at: r.at,
    revertOf: r.revert_of === null ? null : (r.revert_uid ?? derivedUid(created, r.revert_of)),
    adjudicated: r.adjudicated === 1
  }))
}

/**
 * A decision's suggestion JSON with the label ids of its top-k translated (local ↔ store ids
 * differ between copies); ids with no counterpart become null. Anything unreadable is kept as is.
 */
export function remapSuggestion(json: string | null, labels: ReadonlyMap<number, number>): string | null {
  if (json === null) return null
  try {
    const s = JSON.parse(json) as { top?: unknown }
    if (!Array.isArray(s.top)) return json
    s.top = s.top.map((e: unknown) =>
      Array.isArray(e) && typeof e[0] === 'number' ? [labels.get(e[0]) ?? null, ...e.slice(1)] : e
    )
    return JSON.stringify(s)
  } catch {
    return json
  }
}
