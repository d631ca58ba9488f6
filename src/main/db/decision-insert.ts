// Appending one row to the decision log, with the columns the file's schema has: every row gets
// a random uid (its identity in every copy of the log) and its adjudicated flag. A file opened by
// this code is always migrated; only a test seeding an older schema lacks the columns.
import { randomUUID } from 'node:crypto'
import type { DecisionKind } from '../../shared/contract'
import { adjudicatedOf } from './latest-rule'
import type { Db } from './open'
import { stmt } from './stmt'

export interface DecisionRow {
  id: number
  batch_id: number
  image_id: number
  kind: DecisionKind | 'revert'
  label_id: number | null
  rank: number | null
  annotator: string
  at: string
  suggestion: string | null
  revert_of: number | null
  adjudicated?: number
}

const COLUMNS = 'batch_id, image_id, kind, label_id, rank, annotator, at, suggestion, revert_of'
const VALUES = '@batch_id, @image_id, @kind, @label_id, @rank, @annotator, @at, @suggestion, @revert_of'

/** The insert of one row (an annotator's unless `adjudicated` is 1); returns its id. */
export function insertStmt(db: Db): { get(row: Omit<DecisionRow, 'id'>): unknown } {
  if (!hasUid(db)) {
    const old = stmt(db, `INSERT INTO decisions (${COLUMNS}) VALUES (${VALUES}) RETURNING id`)
    return { get: ({ adjudicated: _, ...row }) => old.get(row) }
  }
  if (adjudicatedOf(db) === '0') {
    const s10 = stmt(db, `INSERT INTO decisions (${COLUMNS}, uid) VALUES (${VALUES}, @uid) RETURNING id`)
    return { get: ({ adjudicated: _, ...row }) => s10.get({ ...row, uid: randomUUID() }) }
  }
  const s = stmt(
    db,
    `INSERT INTO decisions (${COLUMNS}, uid, adjudicated) VALUES (${VALUES}, @uid, @adjudicated) RETURNING id`
  )
  return { get: (row) => s.get({ ...row, adjudicated: row.adjudicated ?? 0, uid: randomUUID() }) }
}

const uidColumn = new WeakMap<Db, boolean>()
function hasUid(db: Db): boolean {
  let has = uidColumn.get(db)
  if (has === undefined) {
    has = (db.pragma('table_info(decisions)') as { name: string }[]).some((c) => c.name === 'uid')
    // only a schema with the column is final: a migration may add it to this connection later
    if (has) uidColumn.set(db, has)
  }
  return has
}
