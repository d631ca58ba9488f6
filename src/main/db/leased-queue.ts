// A team replica's queue of undecided images: only the images the store has leased to this member
// (team_leases, kept by the background sync) that the member has not decided, in the queue's own
// order. Undecided means by this member: with overlap an image goes to two annotators, and the one
// who comes second must still see it after a pull brought the first one's decision (which makes
// the image reviewed in the replica). The lease set is a batch or two, so this is a sort of a few
// dozen rows; the indexed plans of queues.ts stay as they are for every other queue.
import type { ReviewItem } from '../../shared/contract'
import type { Db } from './open'
import { hasLeaseTable, MEMBER_UNDECIDED } from './pg/replica-state'
import { planQueue, type QueueQuery } from './queues'
import { stmt } from './stmt'

/** Whether `q` of this project walks the member's leases: the unreviewed queue of a leasing replica. */
export function walksLeases(db: Db, q: QueueQuery): boolean {
  return q.status === 'unreviewed' && hasLeaseTable(db)
}

/**
 * The SELECT behind leasedQueueIds. The lease set drives it (CROSS JOIN keeps team_leases the
 * outer loop; each lease is one rowid lookup in images) and the few rows are sorted in a temporary
 * b-tree: left to itself SQLite walked the queue's index over every unreviewed image, checking each
 * against the leases, ~8 ms at 100k images, and a key press asks the leased queue about ten times
 * (the next five items, each with its position and the total).
 */
export function leasedQueueQuery(
  db: Db,
  q: QueueQuery,
  limit: number,
  from?: number,
  direction: 'next' | 'prev' = 'next'
): { sql: string; params: unknown[] } {
  // every status but the member's own: another annotator's decision leaves the image in the queue
  const p = planQueue({ ...q, status: 'all', order: q.order === 'diverse' ? 'file' : q.order })
  const where = [...p.where, MEMBER_UNDECIDED]
  const params = [...p.params]
  const forward = direction === 'next' ? !p.desc : p.desc
  const op = forward ? '>' : '<'
  if (from !== undefined) {
    const key = stmt(db, `SELECT ${p.keys.join(', ')} FROM images WHERE id = ?`, 'raw').get(from) as
      unknown[] | undefined
    // an image without a sort key (no prediction) sorts first, as NULLs do in SQLite
    if (key && key.every((v) => v !== null)) {
      where.push(`(${p.keys.join(', ')}) ${op} (${p.keys.map(() => '?').join(', ')})`)
      params.push(...key)
    }
  }
  const dir = forward ? 'ASC' : 'DESC'
  const sql = `SELECT images.id FROM team_leases CROSS JOIN images ON images.id = team_leases.image_id
    WHERE ${where.join(' AND ')} ORDER BY ${p.keys.map((k) => `${k} ${dir}`).join(', ')} LIMIT ?`
  return { sql, params: [...params, Math.max(1, Math.floor(limit))] }
}

/** Up to `limit` leased images of queue `q` after (or before) `from`; the first ones without it. */
export function leasedQueueIds(
  db: Db,
  q: QueueQuery,
  limit: number,
  from?: number,
  direction: 'next' | 'prev' = 'next'
): number[] {
  const { sql, params } = leasedQueueQuery(db, q, limit, from, direction)
  const ids = stmt(db, sql, 'pluck').all(...params) as number[]
  return ids.filter((x) => x !== from)
}

/**
 * An image of the leased queue as the member sees it: without another annotator's label. An image
 * the store gave to two annotators (overlap) is there for a second, independent judgement
 * (agreement, docs/agreement.md); the first one's label, pulled meanwhile, would anchor it.
 */
export function memberView(db: Db, item: ReviewItem): ReviewItem {
  if (!item.current) return item
  const member = stmt(db, 'SELECT annotator FROM team_link WHERE id = 1', 'pluck').get() as string | undefined
  return item.current.annotator === member ? item : { ...item, current: null }
}
