// Grid pages (label or all images, most confident first), per-label counts, and the images a
// bulk rule would touch. Same partial indexes as the review queues (review.ts); review.test.ts
// checks their plans.
import type { DecisionKind, GridRow, ReviewStatus } from '../../shared/contract'
import { mergeTargets } from './labels'
import type { Db } from './open'
import { statusFilter } from './review'

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
  if (s.sql) {
    where.push(s.sql)
    params.push(s.param)
  }
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

/** One page of the grid: images whose top-1 is the label, highest probability first. */
export function gridPage(db: Db, g: GridQuery): { rows: GridRow[]; total: number } {
  const s = gridSql(g)
  // current labels joined per page row (200 point lookups), not per image of the label
  const rows = db
    .prepare(
      `SELECT g.*, d.kind AS d_kind, c.id AS d_label, c.name AS d_name, d.annotator AS d_by, d.at AS d_at
       FROM (${s.sql}) g LEFT JOIN decisions d ON d.id = g.cur_decision LEFT JOIN labels l ON l.id = d.label_id
       LEFT JOIN labels c ON c.id = coalesce(l.merged_into, l.id)
       ORDER BY g.top1_prob DESC, g.id DESC`
    )
    .all(...s.params) as {
    id: number
    rel_path: string
    top1_label: number
    top1_prob: number
    cur_decision: number | null
    d_kind: DecisionKind | null
    d_label: number | null
    d_name: string | null
    d_by: string | null
    d_at: string | null
  }[]
  const total = db
    .prepare(s.countSql)
    .pluck()
    .get(...s.params) as number
  return {
    rows: rows.map((r) => ({
      imageId: r.id,
      relPath: r.rel_path,
      labelId: r.top1_label,
      prob: r.top1_prob,
      current:
        r.cur_decision === null || r.d_kind === null
          ? null
          : { kind: r.d_kind, labelId: r.d_label, label: r.d_name, annotator: r.d_by!, at: r.d_at! }
    })),
    total
  }
}

/**
 * How many images (with this status) have each label as their top-1, one index scan. A merged
 * label's images count for the label it went into (until the rescore after a merge moves them).
 */
export function gridCounts(db: Db, status: ReviewStatus): { labelId: number; count: number }[] {
  const s = statusFilter(status)
  const where = ["state = 'ok'", 'top1_label IS NOT NULL', ...(s.sql ? [s.sql] : [])].join(' AND ')
  const rows = db
    .prepare(
      `SELECT top1_label AS labelId, count(*) AS count FROM images INDEXED BY q_${s.prefix}_label
        WHERE ${where} GROUP BY top1_label`
    )
    .all(...(s.sql ? [s.param] : [])) as { labelId: number; count: number }[]
  const into = mergeTargets(db)
  if (into.size === 0) return rows
  const out = new Map<number, number>()
  for (const r of rows) {
    const id = into.get(r.labelId) ?? r.labelId
    out.set(id, (out.get(id) ?? 0) + r.count)
  }
  return [...out].map(([labelId, count]) => ({ labelId, count }))
}

/** Images whose top-1 is `labelId` (any label when omitted) with probability >= minProb, unreviewed. */
export function ruleMatches(db: Db, minProb: number, labelId?: number): number[] {
  if (labelId !== undefined) {
    return db
      .prepare(
        "SELECT id FROM images WHERE state = 'ok' AND rv = 0 AND top1_label = ? AND top1_prob >= ? ORDER BY top1_prob DESC, id DESC"
      )
      .pluck()
      .all(labelId, minProb) as number[]
  }
  return db
    .prepare(
      "SELECT id FROM images WHERE state = 'ok' AND rv = 0 AND top1_prob >= ? ORDER BY top1_prob DESC, id DESC"
    )
    .pluck()
    .all(minProb) as number[]
}
