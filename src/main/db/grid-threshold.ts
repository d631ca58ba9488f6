// What "select p >= x" in the grid would accept, judged on the images already decided: how often
// the stored zero-shot top-1 at p >= x was the label a person chose, and how much of the grid's
// view the threshold covers. The grid sorts and bulk-accepts by that stored top-1, so this is the
// precision of exactly what its Accept records.
import { MIN_PRECISION_DECISIONS, type ReviewStatus, type ThresholdEstimate } from '../../shared/contract'
import { gridTotal } from './grid'
import type { Db } from './open'
import { KIND_CODES } from './schema'
import { stmt } from './stmt'

export interface ThresholdQuery {
  minProb: number
  /** omitted: every top-1 label (the all-labels grid) */
  labelId?: number
  /** the grid view the coverage is a share of */
  status: ReviewStatus
}

/**
 * SQL of the evidence: decided images (current decision accepted or corrected) with top-1 p >= ?,
 * and how many of them were decided as their top-1 (both sides resolved through merges). An accept
 * from a bulk action (the grid's Accept, an accept rule) is no evidence: it accepted the very top-1
 * it would be compared with; corrections are evidence however they were made, and so are imports.
 * Its cost follows the evidence, not the bulk accepts (which can be most of a large project):
 *  - corrected images: a range of their own index entries (kind 2, [label,] prob), then their
 *    decision and labels by key;
 *  - accepted images: the actions that are evidence (decide, import batches: one row per action,
 *    the log's smallest table), their decisions by batch, each image by key if that decision is
 *    still its current one. CROSS JOIN and INDEXED BY keep this plan: the planner's own picks
 *    read every accepted image (bulk accepts included) or scanned the decisions per action.
 */
export function evidenceSql(labelId?: number): { sql: string; params: (minProb: number) => unknown[] } {
  const index = labelId === undefined ? 'q_kind_prob' : 'q_kind_label'
  const label = labelId === undefined ? '' : 'AND i.top1_label = ?'
  const same = 'coalesce(lt.merged_into, lt.id) = coalesce(ld.merged_into, ld.id)'
  const labels = 'LEFT JOIN labels ld ON ld.id = d.label_id LEFT JOIN labels lt ON lt.id = i.top1_label'
  const sql = `SELECT coalesce(sum(n), 0) AS decided, coalesce(sum(c), 0) AS correct FROM (
    SELECT count(*) AS n, sum(${same}) AS c
      FROM images i INDEXED BY ${index} JOIN decisions d ON d.id = i.cur_decision ${labels}
     WHERE i.state = 'ok' AND i.kind = ${KIND_CODES.corrected} ${label} AND i.top1_prob >= ?
    UNION ALL
    SELECT count(*), sum(${same})
      FROM batches b CROSS JOIN decisions d INDEXED BY decisions_batch ON d.batch_id = b.id
      CROSS JOIN images i ON i.id = d.image_id ${labels}
     WHERE b.kind IN ('decide', 'import') AND d.kind = 'accepted' AND i.cur_decision = d.id
       AND i.state = 'ok' AND i.kind = ${KIND_CODES.accepted} ${label} AND i.top1_prob >= ?)`
  const part = (minProb: number): unknown[] => (labelId === undefined ? [minProb] : [labelId, minProb])
  return { sql, params: (minProb) => [...part(minProb), ...part(minProb)] }
}

/** Expected precision (from decided images) and coverage (of the view) of selecting p >= minProb. */
export function thresholdEstimate(db: Db, q: ThresholdQuery): ThresholdEstimate {
  const e = evidenceSql(q.labelId)
  const { decided, correct } = stmt(db, e.sql).get(...e.params(q.minProb)) as {
    decided: number
    correct: number
  }
  const view = { labelId: q.labelId, status: q.status, offset: 0, limit: 1 }
  const above = gridTotal(db, { ...view, minProb: q.minProb })
  const total = gridTotal(db, { ...view, minProb: 0 })
  return {
    minProb: q.minProb,
    decided,
    correct,
    precision: decided >= MIN_PRECISION_DECISIONS ? correct / decided : null,
    above,
    total,
    coverage: total > 0 ? above / total : 0
  }
}
