// Review queues and grid pages. Every query is one range scan of one partial index (see schema.ts)
// so it answers in a few ms on 100k images; review.test.ts checks the plans with EXPLAIN QUERY PLAN.
import type { GridRow, ReviewOrder, ReviewStatus } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { currentLabel } from './decisions'
import type { Db } from './open'
import { KIND_CODES } from './schema'

export interface QueueQuery {
  order: ReviewOrder
  status: ReviewStatus
  labelId?: number
}

interface Plan {
  where: string[]
  params: unknown[]
  /** sort key columns and whether the scan runs descending */
  keys: string[]
  desc: boolean
}

function statusFilter(status: ReviewStatus): { sql: string | null; param?: number } {
  switch (status) {
    case 'all':
      return { sql: null }
    case 'unreviewed':
      return { sql: 'rv = ?', param: 0 }
    case 'reviewed':
      return { sql: 'rv = ?', param: 1 }
    default:
      return { sql: 'kind = ?', param: KIND_CODES[status] }
  }
}

/** The queue as SQL pieces. 'diverse' is served in file order here (the adaptation helper ranks it). */
export function planQueue(q: QueueQuery): Plan {
  const where = ["state = 'ok'"]
  const params: unknown[] = []
  const s = statusFilter(q.status)
  if (s.sql) {
    where.push(s.sql)
    params.push(s.param)
  }
  switch (q.order) {
    case 'lowest_confidence':
      where.push('top1_prob >= 0')
      return { where, params, keys: ['top1_prob', 'id'], desc: false }
    case 'highest_confidence':
      where.push('top1_prob >= 0')
      return { where, params, keys: ['top1_prob', 'id'], desc: true }
    case 'lowest_margin':
      where.push('margin >= 0')
      return { where, params, keys: ['margin', 'id'], desc: false }
    case 'by_label':
      if (q.labelId !== undefined) {
        where.push('top1_label = ?', 'top1_prob >= 0')
        params.push(q.labelId)
        // highest probability first within the label
        return { where, params, keys: ['top1_prob', 'id'], desc: true }
      }
      where.push('top1_label >= 0')
      return { where, params, keys: ['top1_label', 'top1_prob', 'id'], desc: false }
    case 'file':
    case 'diverse':
    default:
      return { where, params, keys: ['root_id', 'rel_path'], desc: false }
  }
}

function keyOf(db: Db, keys: string[], imageId: number): unknown[] {
  const r = db
    .prepare(`SELECT ${keys.join(', ')} FROM images WHERE id = ?`)
    .raw()
    .get(imageId) as unknown[] | undefined
  if (!r) throw new AppError('not_found', `No image with id ${imageId} in this project.`)
  return r
}

/** SQL of a queue scan after (or before) a cursor; exported for the EXPLAIN QUERY PLAN tests. */
export function queueSql(
  q: QueueQuery,
  cursor: 'none' | 'after' | 'before',
  limit: number
): { sql: string; params: unknown[]; keys: string[] } {
  const p = planQueue(q)
  const where = [...p.where]
  const params = [...p.params]
  // 'after' in queue order; a descending queue walks the index backwards
  const forward = cursor === 'before' ? p.desc : !p.desc
  if (cursor !== 'none') {
    where.push(`(${p.keys.join(', ')}) ${forward ? '>' : '<'} (${p.keys.map(() => '?').join(', ')})`)
  }
  const dir = forward ? 'ASC' : 'DESC'
  const order = p.keys.map((k) => `${k} ${dir}`).join(', ')
  return {
    sql: `SELECT id FROM images WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${Math.max(1, Math.floor(limit))}`,
    params,
    keys: p.keys
  }
}

/** Next (or previous) image id in the queue after `from`; the queue's first image without `from`. */
export function nextInQueue(
  db: Db,
  q: QueueQuery,
  from?: number,
  direction: 'next' | 'prev' = 'next'
): number | null {
  return queueIds(db, q, 1, from, direction)[0] ?? null
}

export function queueIds(
  db: Db,
  q: QueueQuery,
  limit: number,
  from?: number,
  direction: 'next' | 'prev' = 'next'
): number[] {
  const cursor = from === undefined ? 'none' : direction === 'next' ? 'after' : 'before'
  const s = queueSql(q, cursor, limit)
  const params = from === undefined ? s.params : [...s.params, ...keyOf(db, s.keys, from)]
  return (
    db
      .prepare(s.sql)
      .pluck()
      .all(...params) as number[]
  ).filter((x) => x !== from)
}

export function queueCountSql(
  q: QueueQuery,
  before: boolean
): { sql: string; params: unknown[]; keys: string[] } {
  const p = planQueue(q)
  const where = [...p.where]
  if (before) where.push(`(${p.keys.join(', ')}) ${p.desc ? '>' : '<'} (${p.keys.map(() => '?').join(', ')})`)
  return { sql: `SELECT count(*) FROM images WHERE ${where.join(' AND ')}`, params: p.params, keys: p.keys }
}

/** 1-based position of an image in the queue (as if it were in it) and the queue's size. */
export function queuePosition(db: Db, q: QueueQuery, imageId: number): { position: number; total: number } {
  const t = queueCountSql(q, false)
  const total = db
    .prepare(t.sql)
    .pluck()
    .get(...t.params) as number
  const b = queueCountSql(q, true)
  const before = db
    .prepare(b.sql)
    .pluck()
    .get(...b.params, ...keyOf(db, b.keys, imageId)) as number
  return { position: before + 1, total }
}

export interface GridQuery {
  labelId: number
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
  where.push('top1_label = ?', 'top1_prob >= ?')
  params.push(g.labelId, g.minProb)
  const w = where.join(' AND ')
  return {
    sql: `SELECT id, rel_path, top1_label, top1_prob, cur_decision FROM images WHERE ${w}
          ORDER BY top1_prob DESC, id DESC LIMIT ${Math.floor(g.limit)} OFFSET ${Math.floor(g.offset)}`,
    countSql: `SELECT count(*) FROM images WHERE ${w}`,
    params
  }
}

/** One page of the grid: images whose top-1 is the label, highest probability first. */
export function gridPage(db: Db, g: GridQuery): { rows: GridRow[]; total: number } {
  const s = gridSql(g)
  const rows = db.prepare(s.sql).all(...s.params) as {
    id: number
    rel_path: string
    top1_label: number
    top1_prob: number
    cur_decision: number | null
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
      current: r.cur_decision === null ? null : currentLabel(db, r.id)
    })),
    total
  }
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
