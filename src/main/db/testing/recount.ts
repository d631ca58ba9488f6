// Recounts for the tests: what the queue counters and the project's counts must equal, computed
// the slow way (a GROUP BY over every image), so a counter that drifts shows up as a row.
import type Database from 'better-sqlite3'
import { F, Q, bucketExprs } from '../queue-counts'

/** qcount minus a fresh GROUP BY over images: the rows that disagree (none when exact). */
export function counterMismatches(db: Database.Database): unknown[] {
  const b = bucketExprs('i')
  const per = (q: number, bucket: string, guard: string): string =>
    [`${F.all}`, `${F.kind} + i.kind`]
      .map(
        (f) =>
          `SELECT ${q} AS q, ${f} AS f, ${bucket} AS b, count(*) AS n FROM images i WHERE i.state = 'ok' AND ${guard} GROUP BY 2, 3`
      )
      .join(' UNION ALL ')
  const want = [
    per(Q.file, b.file, 'true'),
    per(Q.prob, b.prob, 'i.top1_prob >= 0'),
    per(Q.margin, b.margin, 'i.margin >= 0'),
    per(Q.label, b.label, 'i.top1_label >= 0'),
    per(Q.top1, b.top1, 'i.top1_label >= 0')
  ].join(' UNION ALL ')
  return db
    .prepare(
      `SELECT q, f, b, sum(n) AS d FROM (SELECT q, f, b, n FROM qcount UNION ALL SELECT q, f, b, -n FROM (${want}))
       GROUP BY q, f, b HAVING d != 0`
    )
    .all()
}

/** The project's counts by scanning every image (what Project.counts() answered before the queue counters). */
export function scannedCounts(db: Database.Database): {
  images: number
  unreadable: number
  missing: number
  prelabeled: number
  reviewed: number
  byKind: Record<string, number>
} {
  const c = db
    .prepare(
      `SELECT count(*) AS images, coalesce(sum(state = 'unreadable'), 0) AS unreadable,
         coalesce(sum(state = 'missing'), 0) AS missing,
         coalesce(sum(state = 'ok' AND top1_prob IS NOT NULL), 0) AS prelabeled,
         coalesce(sum(rv), 0) AS reviewed FROM images`
    )
    .get() as { images: number; unreadable: number; missing: number; prelabeled: number; reviewed: number }
  const names = ['', 'accepted', 'corrected', 'rejected', 'skipped', 'unsure']
  const byKind: Record<string, number> = { accepted: 0, corrected: 0, rejected: 0, skipped: 0, unsure: 0 }
  for (const r of db.prepare('SELECT kind, count(*) AS n FROM images WHERE kind > 0 GROUP BY kind').all() as {
    kind: number
    n: number
  }[])
    byKind[names[r.kind]!] = r.n
  return { ...c, byKind }
}
