// Grid pages (label or all images, most confident first), per-label counts, and the images a
// bulk rule would touch. Same partial indexes as the review queues (queues.ts); queues.test.ts
// checks their plans.
import type { DecisionKind, GridRow, ReviewStatus } from '../../shared/contract'
import { mergeTargets } from './labels'
import type { Db } from './open'
import { PROB_SLICES, Q, bucketPlan, planSum, probSlice, statusCounters } from './queue-counts'
import { statusFilter } from './queues'
import { KIND_CODES } from './schema'
import { stmt } from './stmt'

export interface GridQuery {
  /** omitted: every image, whatever its top-1 label */
  labelId?: number
  offset: number
  limit: number
  minProb: number
  status: ReviewStatus
}

export function gridSql(g: GridQuery): { sql: string; countSql: string; params: unknown[] } {
  const where = ["state = 'ok'"]
  const params: unknown[] = []
  const s = statusFilter(g.status)
  if (s.sql) where.push(s.sql)
  if (s.param !== undefined) params.push(s.param)
  if (g.labelId !== undefined) {
    where.push('top1_label = ?')
    params.push(g.labelId)
  }
  where.push('top1_prob >= ?')
  params.push(g.minProb)
  const w = where.join(' AND ')
  // one label: its (label, prob, id) index; all labels: the (prob, id) index, same order
  const from = `images INDEXED BY q_${s.prefix}_${g.labelId === undefined ? 'prob' : 'label'}`
  return {
    sql: `SELECT id, rel_path, top1_label, top1_prob, cur_decision FROM ${from} WHERE ${w}
          ORDER BY top1_prob DESC, id DESC LIMIT ${Math.floor(g.limit)} OFFSET ${Math.floor(g.offset)}`,
    countSql: `SELECT count(*) FROM ${from} WHERE ${w}`,
    params
  }
}

/** SQL counting a grid query's rows inside minProb's own probability slice (bind params, upper edge). */
export function gridSliceCountSql(g: GridQuery): { sql: string; params: unknown[] } {
  const s = gridSql(g)
  return { sql: `${s.countSql} AND top1_prob < ?`, params: s.params }
}

/**
 * Rows of a grid query: the counters of the probability slices above minProb's (queue-counts.ts)
 * plus the rows of its own slice at or above minProb, an index range of about N / 4096 rows.
 * Counting every row at or above minProb cost O(N): 700,000 rows for an all-labels grid at 1M.
 */
export function gridTotal(db: Db, g: GridQuery): number {
  if (!(g.minProb >= 0 && g.minProb <= 1)) {
    const s = gridSql(g)
    return stmt(db, s.countSql, 'pluck').get(...s.params) as number
  }
  const order = g.labelId === undefined ? 'highest_confidence' : 'by_label'
  const b = bucketPlan(order, g.status, KIND_CODES, g.labelId)
  const k = probSlice(g.minProb)
  const first = b.q === Q.label ? b.lo : 0
  const above = planSum(db, b, first + k + 1, b.hi)
  const c = gridSliceCountSql(g)
  const edge = k === PROB_SLICES - 1 ? Infinity : (k + 1) / PROB_SLICES
  return above + (stmt(db, c.sql, 'pluck').get(...c.params, edge) as number)
}

/** One page of the grid: images whose top-1 is the label, highest probability first. */
export function gridPage(db: Db, g: GridQuery): { rows: GridRow[]; total: number } {
  const s = gridSql(g)
  // current labels and top-1 names joined per page row (200 point lookups), not per image of the label
  const rows = db
    .prepare(
      `SELECT g.*, tn.name AS top1_name, d.kind AS d_kind, c.id AS d_label, c.name AS d_name,
              d.annotator AS d_by, d.at AS d_at
       FROM (${s.sql}) g LEFT JOIN decisions d ON d.id = g.cur_decision LEFT JOIN labels l ON l.id = d.label_id
       LEFT JOIN labels c ON c.id = coalesce(l.merged_into, l.id)
       LEFT JOIN labels t ON t.id = g.top1_label LEFT JOIN labels tn ON tn.id = coalesce(t.merged_into, t.id)
       ORDER BY g.top1_prob DESC, g.id DESC`
    )
    .all(...s.params) as {
    id: number
    rel_path: string
    top1_label: number
    top1_name: string | null
    top1_prob: number
    cur_decision: number | null
    d_kind: DecisionKind | null
    d_label: number | null
    d_name: string | null
    d_by: string | null
    d_at: string | null
  }[]
  const total = gridTotal(db, g)
  return {
    rows: rows.map((r) => ({
      imageId: r.id,
      relPath: r.rel_path,
      labelId: r.top1_label,
      label: r.top1_name ?? `#${r.top1_label}`,
      prob: r.top1_prob,
      current:
        r.cur_decision === null || r.d_kind === null
          ? null
          : { kind: r.d_kind, labelId: r.d_label, label: r.d_name, annotator: r.d_by!, at: r.d_at! }
    })),
    total
  }
}

/** SQL of the per-label counters of one filter (queue-counts.ts); exported for the plan tests. */
export const LABEL_COUNTS_SQL = `SELECT b AS labelId, n FROM qcount WHERE q = ${Q.top1} AND f = ?`

/**
 * How many images (with this status) have each label as their top-1: the per-label counters, one
 * row per label (a GROUP BY over every image before). Labels with none are left out.
 */
export function gridCounts(db: Db, status: ReviewStatus): { labelId: number; count: number }[] {
  const { f, minus } = statusCounters(status, KIND_CODES)
  const read = (filter: number): Map<number, number> =>
    new Map(
      (stmt(db, LABEL_COUNTS_SQL).all(filter) as { labelId: number; n: number }[]).map((r) => [
        r.labelId,
        r.n
      ])
    )
  const counts = read(f)
  if (minus !== null) for (const [l, n] of read(minus)) counts.set(l, (counts.get(l) ?? 0) - n)
  // a merged label's images count for the label it went into (until the rescore after a merge
  // moves their suggestions)
  const into = mergeTargets(db)
  for (const [from, to] of into) {
    const n = counts.get(from)
    if (n === undefined) continue
    counts.delete(from)
    counts.set(to, (counts.get(to) ?? 0) + n)
  }
  return [...counts].filter(([, n]) => n > 0).map(([labelId, count]) => ({ labelId, count }))
}

/** Images whose top-1 is `labelId` (any label when omitted) with probability >= minProb, unreviewed. */
export function ruleMatches(db: Db, minProb: number, labelId?: number): number[] {
  if (labelId !== undefined) {
    return db
      .prepare(
        "SELECT id FROM images WHERE state = 'ok' AND kind = 0 AND top1_label = ? AND top1_prob >= ? ORDER BY top1_prob DESC, id DESC"
      )
      .pluck()
      .all(labelId, minProb) as number[]
  }
  return db
    .prepare(
      "SELECT id FROM images WHERE state = 'ok' AND kind = 0 AND top1_prob >= ? ORDER BY top1_prob DESC, id DESC"
    )
    .pluck()
    .all(minProb) as number[]
}
