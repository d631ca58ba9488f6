// Decided images per label for the settings screen and `zebra labels list`: images whose current
// decision is accepted or corrected, counted per recorded label in one pass of the kind index,
// then folded through merges (a merged label's images count for the label it went into).
import type { LabelCount } from '../../shared/contract'
import type { Db } from './open'
import { mergeTargets } from './labels'
import { KIND_CODES } from './schema'

export const DECIDED_BY_LABEL_SQL = `SELECT d.label_id, count(*) FROM images i INDEXED BY q_kind_file
  JOIN decisions d ON d.id = i.cur_decision
  WHERE i.state = 'ok' AND i.kind IN (${KIND_CODES.accepted}, ${KIND_CODES.corrected}) AND d.label_id IS NOT NULL
  GROUP BY d.label_id`

/** One entry per label of the project (zeros included), in label id order. */
export function labelCounts(db: Db): LabelCount[] {
  const recorded = new Map(db.prepare(DECIDED_BY_LABEL_SQL).raw().all() as [number, number][])
  const into = mergeTargets(db)
  const ids = db.prepare('SELECT id FROM labels ORDER BY id').pluck().all() as number[]
  const decided = new Map<number, number>()
  for (const [id, n] of recorded) {
    const to = into.get(id) ?? id
    decided.set(to, (decided.get(to) ?? 0) + n)
  }
  return ids.map((id) => ({ labelId: id, decided: decided.get(id) ?? 0, recorded: recorded.get(id) ?? 0 }))
}
