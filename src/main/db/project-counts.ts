// The project's counts (review stats, project summary) from the queue counters (queue-counts.ts)
// plus the few rows outside the queues: what the review screen reads after every decision. A scan
// of every image each time cost ~100 ms at a million images and held the one database thread.
import type { DecisionKind, ProjectCounts } from '../../shared/contract'
import { DECISION_KINDS } from '../../shared/contract'
import type { Db } from './open'
import { F, Q } from './queue-counts'
import { KIND_BY_CODE } from './schema'
import { stmt } from './stmt'

/** SQL of the counts; exported for the EXPLAIN QUERY PLAN tests. */
export const COUNT_SQL = {
  // the file order counts every 'ok' image once per filter, in a few hundred buckets
  ok: `SELECT f, sum(n) AS n FROM qcount WHERE q = ${Q.file} GROUP BY f`,
  prelabeled: `SELECT coalesce(sum(n), 0) FROM qcount WHERE q = ${Q.prob} AND f = ${F.all}`,
  // missing and unreadable rows, from their own small partial index (migration 8)
  notOk: `SELECT state, rv, kind, count(*) AS n FROM images WHERE state != 'ok' GROUP BY state, rv, kind`,
  // a removed folder's decided images stay as missing rows (roots.ts), counted nowhere: taken back
  // out, row by row through the root index (none unless a folder was removed)
  removedRoots: `SELECT id FROM roots WHERE removed_at IS NOT NULL`,
  removed: `SELECT state, rv, kind FROM images WHERE root_id = ?`
}

export function projectCounts(db: Db): ProjectCounts {
  const byKind = Object.fromEntries(DECISION_KINDS.map((k) => [k, 0])) as Record<DecisionKind, number>
  let ok = 0
  let okUndecided = 0
  for (const r of stmt(db, COUNT_SQL.ok).all() as { f: number; n: number }[]) {
    if (r.f === F.all) ok = r.n
    else if (r.f === F.kind) okUndecided = r.n
    else if (r.f > F.kind) byKind[KIND_BY_CODE[r.f - F.kind] as DecisionKind] += r.n
  }
  const c = { images: ok, unreadable: 0, missing: 0, reviewed: ok - okUndecided }
  const notOk = stmt(db, COUNT_SQL.notOk).all() as { state: string; rv: number; kind: number; n: number }[]
  for (const r of notOk) {
    c.images += r.n
    if (r.state === 'unreadable') c.unreadable += r.n
    if (r.state === 'missing') c.missing += r.n
    c.reviewed += r.rv * r.n
    if (r.kind > 0) byKind[KIND_BY_CODE[r.kind] as DecisionKind] += r.n
  }
  const removed = stmt(db, COUNT_SQL.removedRoots, 'pluck').all() as number[]
  for (const r of removed.flatMap((id) => stmt(db, COUNT_SQL.removed).all(id) as typeof notOk)) {
    if (r.state === 'ok') continue // never: removal leaves only missing rows, and ok ones have counters
    c.images -= 1
    if (r.state === 'unreadable') c.unreadable -= 1
    if (r.state === 'missing') c.missing -= 1
    c.reviewed -= r.rv
    if (r.kind > 0) byKind[KIND_BY_CODE[r.kind] as DecisionKind] -= 1
  }
  const prelabeled = stmt(db, COUNT_SQL.prelabeled, 'pluck').get() as number
  return { ...c, prelabeled, byKind }
}
