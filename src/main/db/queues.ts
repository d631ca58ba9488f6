// Review queues and grid pages. Every query is one range scan of one partial index (see schema.ts)
// so it answers in a few ms on 100k images; queues.test.ts checks the plans with EXPLAIN QUERY PLAN.
import type { ReviewOrder, ReviewStatus } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Db } from './open'
import {
  FILE_BUCKET,
  PROB_SLICES,
  Q,
  bucketPlan,
  fileBucket,
  planSplitSum,
  planSum,
  probSlice,
  rebucketFiles,
  type BucketPlan
} from './queue-counts'
import { KIND_CODES } from './schema'
import { stmt } from './stmt'

export interface QueueQuery {
  order: ReviewOrder
  status: ReviewStatus
  labelId?: number
}

interface Plan {
  /** the partial index serving this queue (named in schema.ts), pinned with INDEXED BY */
  index: string
  where: string[]
  /**
   * Terms that only keep rows without a prediction (NULL keys) out. With a cursor they are
   * redundant (a comparison with NULL is never true) and dropped: with STAT4, SQLite plans with
   * the bound values, and `p >= 0 AND (p, id) > (0, ..)` can tip it into a skip-scan plus sort.
   */
  guards: string[]
  params: unknown[]
  /** sort key columns and whether the scan runs descending */
  keys: string[]
  desc: boolean
}

/**
 * A status as a WHERE term and the index family serving it (schema.ts; migration 8). Unreviewed is
 * kind 0, served by the kind indexes; reviewed has its own partial indexes (rv = 1 spelled out, so
 * SQLite can use them). Migration 8 dropped the rv = 0/1 indexes: every decision moved an entry in
 * four of them on top of the kind indexes.
 */
export function statusFilter(status: ReviewStatus): {
  sql: string | null
  param?: number
  prefix: 'all' | 'rev' | 'kind'
} {
  switch (status) {
    case 'all':
      return { sql: null, prefix: 'all' }
    case 'unreviewed':
      return { sql: 'kind = ?', param: 0, prefix: 'kind' }
    case 'reviewed':
      return { sql: 'rv = 1', prefix: 'rev' }
    default:
      return { sql: 'kind = ?', param: KIND_CODES[status], prefix: 'kind' }
  }
}

/** The queue as SQL pieces. 'diverse' is served in file order here (the adaptation helper ranks it). */
export function planQueue(q: QueueQuery): Plan {
  const where = ["state = 'ok'"]
  const params: unknown[] = []
  const s = statusFilter(q.status)
  if (s.sql) where.push(s.sql)
  if (s.param !== undefined) params.push(s.param)
  switch (q.order) {
    case 'lowest_confidence':
    case 'highest_confidence':
      // one index, scanned in either direction
      return {
        index: `q_${s.prefix}_prob`,
        where,
        guards: ['top1_prob >= 0'],
        params,
        keys: ['top1_prob', 'id'],
        desc: q.order === 'highest_confidence'
      }
    case 'lowest_margin':
      return {
        index: `q_${s.prefix}_margin`,
        where,
        guards: ['margin >= 0'],
        params,
        keys: ['margin', 'id'],
        desc: false
      }
    case 'by_label':
      if (q.labelId !== undefined) {
        where.push('top1_label = ?')
        params.push(q.labelId)
        // highest probability first within the label
        return {
          index: `q_${s.prefix}_label`,
          where,
          guards: ['top1_prob >= 0'],
          params,
          keys: ['top1_prob', 'id'],
          desc: true
        }
      }
      return {
        index: `q_${s.prefix}_label`,
        where,
        guards: ['top1_label >= 0'],
        params,
        keys: ['top1_label', 'top1_prob', 'id'],
        desc: false
      }
    case 'file':
    case 'diverse':
    default:
      return {
        index: `q_${s.prefix}_file`,
        where,
        guards: [],
        params,
        keys: ['root_id', 'rel_path'],
        desc: false
      }
  }
}

function keyOf(db: Db, keys: string[], imageId: number): unknown[] {
  const r = stmt(db, `SELECT ${keys.join(', ')} FROM images WHERE id = ?`, 'raw').get(imageId) as
    unknown[] | undefined
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
  const where = cursor === 'none' ? [...p.where, ...p.guards] : [...p.where]
  const params = [...p.params]
  // 'after' in queue order; a descending queue walks the index backwards
  const forward = cursor === 'before' ? p.desc : !p.desc
  if (cursor !== 'none') {
    where.push(`(${p.keys.join(', ')}) ${forward ? '>' : '<'} (${p.keys.map(() => '?').join(', ')})`)
  }
  const dir = forward ? 'ASC' : 'DESC'
  const order = p.keys.map((k) => `${k} ${dir}`).join(', ')
  return {
    sql: `SELECT id FROM images INDEXED BY ${p.index} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${Math.max(1, Math.floor(limit))}`,
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
  return (stmt(db, s.sql, 'pluck').all(...params) as number[]).filter((x) => x !== from)
}

/**
 * SQL counting the queue (before=false) or the rows ahead of a key (before=true). Rows ahead of
 * (v1, v2) are counted as count(k1 < v1) + count(k1 = v1 AND k2 < v2): each term is a plain index
 * range, several times faster than one row-value comparison that SQLite re-tests on every row.
 * With before, bind `expand(keyValues)`; otherwise bind `params`.
 */
export function queueCountSql(
  q: QueueQuery,
  before: boolean
): { sql: string; params: unknown[]; keys: string[]; expand: (key: unknown[]) => unknown[] } {
  const p = planQueue(q)
  const base = `SELECT count(*) FROM images INDEXED BY ${p.index} WHERE ${p.where.join(' AND ')}`
  if (!before) {
    const sql = [base, ...p.guards].join(' AND ')
    return { sql, params: p.params, keys: p.keys, expand: () => p.params }
  }
  const op = p.desc ? '>' : '<'
  const terms = p.keys.map((k, i) => {
    const eq = p.keys.slice(0, i).map((e) => `${e} = ?`)
    return `(${base} AND ${[...eq, `${k} ${op} ?`].join(' AND ')})`
  })
  return {
    sql: `SELECT ${terms.join(' + ')}`,
    params: [],
    keys: p.keys,
    expand: (key) => p.keys.flatMap((_, i) => [...p.params, ...key.slice(0, i + 1)])
  }
}

/** Changes whenever anything in the file changed, in this connection or another process. */
export function changeStamp(db: Db): string {
  const r = db.prepare('SELECT total_changes() AS t').get() as { t: number }
  return `${r.t}:${String(db.pragma('data_version', { simple: true }))}`
}

function plannedBuckets(q: QueueQuery): BucketPlan {
  return bucketPlan(q.order, q.status, KIND_CODES, q.order === 'by_label' ? q.labelId : undefined)
}

/** Size of a queue: a sum of its bucket counters (queue-counts.ts), never a count of its rows. */
export function queueTotal(db: Db, q: QueueQuery): number {
  const b = plannedBuckets(q)
  return planSum(db, b, b.lo, b.hi)
}

/** 1-based position by counting every row ahead: O(position). The reference the tests recount with. */
export function queuePositionByCount(
  db: Db,
  q: QueueQuery,
  imageId: number
): { position: number; total: number } {
  const t = queueCountSql(q, false)
  const total = db
    .prepare(t.sql)
    .pluck()
    .get(...t.params) as number
  const b = queueCountSql(q, true)
  const before = db
    .prepare(b.sql)
    .pluck()
    .get(...b.expand(keyOf(db, b.keys, imageId))) as number
  return { position: before + 1, total }
}

/**
 * SQL counting the rows of a queue ahead of a key inside the key's own bucket: the terms of
 * queueCountSql from the bucket's key column on, bounded below (or above) by the bucket's edge.
 * Exported for the EXPLAIN QUERY PLAN tests.
 */
export function bucketAheadSql(q: QueueQuery): { sql: string; keys: string[]; at: number } {
  const p = planQueue(q)
  const base = `SELECT count(*) FROM images INDEXED BY ${p.index} WHERE ${p.where.join(' AND ')}`
  const op = p.desc ? '>' : '<'
  // the key column the buckets cut: the path in file order, the probability under a label
  const at = p.keys[0] === 'root_id' || p.keys[0] === 'top1_label' ? 1 : 0
  const edge = `${p.keys[at]} ${p.desc ? '<' : '>='} ?`
  const terms = p.keys.slice(at).map((k, j) => {
    const i = at + j
    const eq = p.keys.slice(0, i).map((e) => `${e} = ?`)
    return `(${base} AND ${[...eq, `${k} ${op} ?`, ...(j === 0 ? [edge] : [])].join(' AND ')})`
  })
  return { sql: `SELECT ${terms.join(' + ')}`, keys: p.keys, at }
}

/** 1-based position of an image in the queue (as if it were in it) and the queue's size. */
export function queuePosition(db: Db, q: QueueQuery, imageId: number): { position: number; total: number } {
  const s = bucketAheadSql(q)
  const key = keyOf(db, s.keys, imageId)
  // rows without a sort key sort first and sit in no bucket: count them the slow, exact way
  if (key.some((v) => v === null)) return queuePositionByCount(db, q, imageId)
  const b = plannedBuckets(q)
  let bucket: number
  let edge: unknown
  if (b.q === Q.file) {
    const fb = fileBucket(db, key[0] as number, key[1] as string)
    bucket = fb.b
    edge = fb.from
  } else {
    const v = key[s.at] as number
    const slice = probSlice(v)
    const labelBase = b.q === Q.label ? (q.labelId ?? (key[0] as number)) * (PROB_SLICES + 1) + 1 : 0
    bucket = labelBase + slice
    // the bucket's far edge going down, near edge going up (x * 4096 is exact in doubles)
    edge = b.desc ? (slice === PROB_SLICES - 1 ? Infinity : (slice + 1) / PROB_SLICES) : slice / PROB_SLICES
  }
  const { total, part: aheadBuckets } = b.desc
    ? planSplitSum(db, b, bucket + 1, b.hi)
    : planSplitSum(db, b, b.lo, bucket - 1)
  const p = planQueue(q)
  const params = s.keys
    .slice(s.at)
    .flatMap((_, j) => [...p.params, ...key.slice(0, s.at + j + 1), ...(j === 0 ? [edge] : [])])
  const inBucket = stmt(db, s.sql, 'pluck').get(...params) as number
  if (b.q === Q.file && inBucket > 4 * FILE_BUCKET) tryRebucket(db, key[0] as number)
  return { position: aheadBuckets + inBucket + 1, total }
}

/** A bucket grew too big (a new folder): re-cut it, unless the file is read-only or busy now. */
function tryRebucket(db: Db, rootId: number): void {
  try {
    rebucketFiles(db, rootId)
  } catch {
    // the counts stay exact either way; only the next position costs more
  }
}
