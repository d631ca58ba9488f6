// Consistency checks of the denormalised decision state against the append-only log, used by
// tests and `zebra status --check`.
import type { Db } from './open'
import { KIND_CODES } from './schema'
import { LATEST_FIRST } from './latest-rule'
import { liveTagCount, projectKind, tagCode } from './tag-state'
import type { DecisionKind } from '../../shared/contract'

/**
 * Consistency check used by tests and `zebra status --check`: image columns agree with the log,
 * the current decision being the latest adjudicated one, else the latest by time (db/latest-rule.ts),
 * as refreshCurrent picks it.
 */
export function verifyCurrent(db: Db): { mismatches: number } {
  if (projectKind(db) === 'tags') return verifyTags(db)
  const r = db
    .prepare(
      `SELECT count(*) AS n FROM images i WHERE coalesce(i.cur_decision, -1) != coalesce((
         SELECT d.id FROM decisions d WHERE d.image_id = i.id AND d.kind != 'revert'
           AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.revert_of = d.id)
         ${LATEST_FIRST} LIMIT 1), -1)
       OR i.kind != coalesce((SELECT CASE d.kind ${Object.entries(KIND_CODES)
         .map(([k, v]) => `WHEN '${k}' THEN ${v}`)
         .join(' ')} END FROM decisions d WHERE d.id = i.cur_decision), 0)`
    )
    .get() as { n: number }
  return { mismatches: r.n }
}

/**
 * A tags project: every (image, tag) state is its latest un-reverted decision on that tag, and
 * every image's cur_decision is its latest un-reverted decision (by time, as the writers pick it).
 */
function verifyTags(db: Db): { mismatches: number } {
  let mismatches = 0
  const latest = db.prepare(
    `SELECT d.id, d.kind FROM decisions d WHERE d.image_id = ? AND d.label_id = ? AND d.kind != 'revert'
       AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.revert_of = d.id) ${LATEST_FIRST} LIMIT 1`
  )
  const pairs = db
    .prepare('SELECT DISTINCT image_id, label_id FROM decisions WHERE label_id IS NOT NULL')
    .all() as { image_id: number; label_id: number }[]
  const state = db.prepare('SELECT state, decision_id FROM image_tags WHERE image_id = ? AND label_id = ?')
  for (const p of pairs) {
    const d = latest.get(p.image_id, p.label_id) as { id: number; kind: DecisionKind } | undefined
    const want = d ? tagCode(d.kind) : null
    const got = state.get(p.image_id, p.label_id) as { state: number; decision_id: number } | undefined
    if ((want ?? null) !== (got?.state ?? null) || (want !== null && got?.decision_id !== d?.id)) mismatches++
  }
  const live = liveTagCount(db)
  const done = db
    .prepare(
      `SELECT count(*) FROM images i WHERE i.kind = ${KIND_CODES.accepted} AND (SELECT count(*) FROM image_tags t
         JOIN labels l ON l.id = t.label_id AND l.archived = 0 AND l.merged_into IS NULL
         WHERE t.image_id = i.id AND t.state IN (1, 3)) < ?`
    )
    .pluck()
    .get(live) as number
  return { mismatches: mismatches + done }
}
