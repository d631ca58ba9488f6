// Skip means "later": in the unreviewed queue a skipped image comes back after every unreviewed
// one, in the order it was skipped (a second skip sends it to the back again). The decision log
// stays as it is (a skip is an appended decision, rv = 1, so per-slice counters are untouched);
// only the walk of the 'unreviewed' queue is extended with this tail. Other statuses walk as before.
// Stepping on from the latest skip continues at its old place in the queue (that is what follows a
// skip); the tail's end wraps to its start, so skipped images keep coming back until decided.
import type { Db } from './open'
import { nextInQueue, planQueue, queueIds, queuePosition, queueTotal, type QueueQuery } from './queues'
import { KIND_CODES } from './schema'
import { stmt } from './stmt'

type Step = (from: number | undefined, direction: 'next' | 'prev') => number | null

const SKIPPED = KIND_CODES.skipped

function hasTail(q: QueueQuery): boolean {
  return q.status === 'unreviewed'
}

/**
 * SQL of the tail: the queue's own filters (label, prediction guard) on skipped images, in skip
 * order from the q_later index (migration 8; its WHERE terms are spelled out with the literal kind
 * so SQLite can use that partial index). Exported for the EXPLAIN QUERY PLAN tests.
 */
export function laterSql(q: QueueQuery): { sql: string; params: unknown[] } {
  const p = planQueue({ ...q, status: 'all' })
  const where = [...p.where, `kind = ${SKIPPED}`, ...p.guards].join(' AND ')
  return {
    sql: `SELECT id FROM images INDEXED BY q_later WHERE ${where} ORDER BY cur_decision, id`,
    params: p.params
  }
}

/** The skipped images of the queue, earliest skip first (a skip's decision id grows with time). */
export function laterIds(db: Db, q: QueueQuery): number[] {
  const t = laterSql(q)
  return stmt(db, t.sql, 'pluck').all(...t.params) as number[]
}

function isSkipped(db: Db, id: number): boolean {
  const r = stmt(db, "SELECT kind FROM images WHERE id = ? AND state = 'ok'", 'pluck').get(id) as
    number | undefined
  return r === SKIPPED
}

/** Next/previous image of a queue whose main walk is `main`, with the skipped tail after it. */
export function walkWithLater(
  db: Db,
  q: QueueQuery,
  main: Step,
  from?: number,
  direction: 'next' | 'prev' = 'next'
): number | null {
  if (!hasTail(q)) return main(from, direction)
  if (from === undefined) return main(undefined, 'next') ?? laterIds(db, q)[0] ?? null
  const tail = laterIds(db, q)
  const i = tail.indexOf(from)
  if (direction === 'next') {
    // inside the tail: the next skip; the latest skip (just skipped) goes on from its old place
    if (i >= 0 && i < tail.length - 1) return tail[i + 1]!
    const m = main(from, 'next')
    if (m !== null) return m
    const first = tail[0]
    return first !== undefined && first !== from ? first : null
  }
  if (i > 0) return tail[i - 1]!
  return main(from, 'prev')
}

export function nextWithLater(
  db: Db,
  q: QueueQuery,
  from?: number,
  direction: 'next' | 'prev' = 'next'
): number | null {
  return walkWithLater(db, q, (f, d) => nextInQueue(db, q, f, d), from, direction)
}

/** Up to `limit` ids of the queue after `from` (the first ones without), tail included. */
export function idsWithLater(db: Db, q: QueueQuery, limit: number, from?: number): number[] {
  if (!hasTail(q)) return queueIds(db, q, limit, from)
  const out: number[] = []
  let cur = from
  // the main part in one scan, the tail after it
  if (from === undefined || !isSkipped(db, from)) {
    out.push(...queueIds(db, q, limit, from))
    if (out.length >= limit) return out
    const tail = laterIds(db, q).filter((x) => x !== from)
    return [...out, ...tail].slice(0, limit)
  }
  while (out.length < limit) {
    const id = nextWithLater(db, q, cur)
    if (id === null || id === from || out.includes(id)) break
    out.push(id)
    cur = id
  }
  return out
}

/** Position and total with the tail counted: a skipped image sits after every unreviewed one. */
export function positionWithLater(
  db: Db,
  q: QueueQuery,
  imageId: number,
  mainPosition: () => { position: number; total: number } = () => queuePosition(db, q, imageId),
  mainTotal: () => number = () => queueTotal(db, q)
): { position: number; total: number } {
  if (!hasTail(q)) return mainPosition()
  const tail = laterIds(db, q)
  const i = tail.indexOf(imageId)
  if (i >= 0) {
    const total = mainTotal()
    return { position: total + i + 1, total: total + tail.length }
  }
  const p = mainPosition()
  return { position: p.position, total: p.total + tail.length }
}
