// One image's decision log as the history panel shows it: every row, reverts included, oldest first.
import type { DecisionKind, DecisionRecord } from '../../shared/contract'
import type { Db } from './open'

interface HistoryRow {
  id: number
  image_id: number
  kind: DecisionKind | 'revert'
  label_id: number | null
  rank: number | null
  annotator: string
  at: string
  revert_of: number | null
  label: string | null
  adjudicated?: number
}

function toRecord(r: HistoryRow): DecisionRecord {
  return {
    id: r.id,
    imageId: r.image_id,
    kind: r.kind,
    labelId: r.label_id,
    label: r.label,
    rank: r.rank,
    annotator: r.annotator,
    at: r.at,
    revertOf: r.revert_of,
    ...(r.adjudicated ? { adjudicated: true as const } : {})
  }
}

export function history(db: Db, imageId: number): DecisionRecord[] {
  const rows = db
    .prepare(
      'SELECT d.*, l.name AS label FROM decisions d LEFT JOIN labels l ON l.id = d.label_id WHERE d.image_id = ? ORDER BY d.id'
    )
    .all(imageId) as HistoryRow[]
  return rows.map(toRecord)
}
