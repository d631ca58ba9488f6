// Walking a review queue: the indexed orders through db/ (with skipped images last), and the
// 'diverse' order (k-center over the embeddings), memoised until the embedded images change. A team
// replica's unreviewed queue is its member's leased images (db/leased-queue.ts).
import type { ReviewItem } from '../../../shared/contract'
import { allEmbeddingsSignature } from '../../db/embeddings'
import type { Project } from '../../db/project'
import { leasedQueueIds, memberView, walksLeases } from '../../db/leased-queue'
import { imageReviewState } from '../../db/queue-status'
import { changeStamp, nextInQueue, queueIds, queueTotal, type QueueQuery } from '../../db/queues'
import { idsWithLater, nextWithLater, positionWithLater, walkWithLater } from '../../db/skipped-tail'
import { KIND_CODES } from '../../db/schema'
import { EmbeddingCache, diverseOrderIds } from './adapter-cache'

/** near the front (where a review walk is) position counts matches in the prefix */
const PREFIX_SCAN_MAX = 2000
/** more leases than a member ever holds at once */
const LEASED_MAX = 100_000

export class ReviewOrder {
  private diverseKey = ''
  private diverse: { order: number[]; index: Map<number, number> } = { order: [], index: new Map() }
  private filtered = { key: '', list: [] as number[], pos: new Map<number, number>() }

  constructor(private readonly embeddings = EmbeddingCache.shared) {}

  /** The image after (or before) `from` in the queue; the first of the queue without `from`. */
  next(project: Project, q: QueueQuery, from?: number, direction: 'next' | 'prev' = 'next'): number | null {
    // a team replica's undecided work is what the store leased to its member, nothing else
    if (walksLeases(project.db, q)) return leasedQueueIds(project.db, q, 1, from, direction)[0] ?? null
    if (q.order !== 'diverse') return nextWithLater(project.db, q, from, direction)
    return walkWithLater(project.db, q, (f, d) => this.diverseNext(project, q, f, d), from, direction)
  }

  /** Up to `limit` ids of the queue after `from`. */
  ids(project: Project, q: QueueQuery, limit: number, from?: number): number[] {
    if (walksLeases(project.db, q)) return leasedQueueIds(project.db, q, limit, from)
    if (q.order !== 'diverse') return idsWithLater(project.db, q, limit, from)
    const out: number[] = []
    let cur = from
    while (out.length < limit) {
      const id = this.next(project, q, cur)
      if (id === null || out.includes(id)) break
      out.push(id)
      cur = id
    }
    return out
  }

  /**
   * An item of the 'diverse' order gets its position in that order (db/ counted the file order);
   * one of a replica's leased queue, its position among the leases (and no other annotator's label).
   */
  place(project: Project, q: QueueQuery, item: ReviewItem): ReviewItem {
    if (walksLeases(project.db, q)) {
      // a replica's queue is its leases (a few dozen): counted here, not in the whole queue; an
      // overlapped image shows no other annotator's label
      const before = leasedQueueIds(project.db, q, LEASED_MAX, item.image.id, 'prev').length
      const total = leasedQueueIds(project.db, q, LEASED_MAX).length
      return { ...memberView(project.db, item), position: before + 1, total }
    }
    if (q.order !== 'diverse') return item
    const pos = this.diversePosition(project, q, item.image.id)
    if (!pos) return item
    const total = (): number => queueTotal(project.db, { order: 'file', status: q.status })
    return { ...item, ...positionWithLater(project.db, q, item.image.id, () => pos, total) }
  }

  private diverseOrder(project: Project): { order: number[]; index: Map<number, number> } {
    const r = allEmbeddingsSignature(project.db)
    const key = `${project.path}\0${r.e}\0${r.m}`
    if (key !== this.diverseKey) {
      let order: number[] = []
      try {
        order = diverseOrderIds(project, this.embeddings)
      } catch {
        // no embeddings yet: the file order stands in (diverseNext falls back to it)
        order = []
      }
      this.diverse = { order, index: new Map(order.map((x, i) => [x, i])) }
      this.diverseKey = key
    }
    return this.diverse
  }

  private statusOk(project: Project, q: QueueQuery, id: number): boolean {
    const r = imageReviewState(project.db, id)
    if (!r || r.state !== 'ok') return false
    switch (q.status) {
      case 'all':
        return true
      case 'unreviewed':
        return r.rv === 0
      case 'reviewed':
        return r.rv === 1
      default:
        return r.kind === KIND_CODES[q.status]
    }
  }

  /** Stepping is a few point lookups from the current image, filtered by status. */
  private diverseNext(
    project: Project,
    q: QueueQuery,
    from?: number,
    direction: 'next' | 'prev' = 'next'
  ): number | null {
    const { order, index } = this.diverseOrder(project)
    if (order.length === 0) return nextInQueue(project.db, { ...q, order: 'file' }, from, direction)
    const step = direction === 'next' ? 1 : -1
    let i = from === undefined ? -1 : (index.get(from) ?? -1)
    if (i < 0 && step < 0) return null
    for (i += step; i >= 0 && i < order.length; i += step) {
      if (this.statusOk(project, q, order[i]!)) return order[i]!
    }
    return null
  }

  /**
   * Position needs the filtered list: near the front a prefix count (a few point lookups per call
   * instead of refiltering the whole order after every decision), further on the filtered list,
   * memoised until the file changes.
   */
  private diversePosition(
    project: Project,
    q: QueueQuery,
    id: number
  ): { position: number; total: number } | null {
    const { order, index } = this.diverseOrder(project)
    if (order.length === 0) return null
    const i = index.get(id) ?? -1
    if (i >= 0 && i < PREFIX_SCAN_MAX) {
      let before = 0
      for (let k = 0; k < i; k++) if (this.statusOk(project, q, order[k]!)) before++
      return { position: before + 1, total: queueTotal(project.db, { order: 'file', status: q.status }) }
    }
    const key = `${project.path}\0${q.status}\0${changeStamp(project.db)}\0${order.length}`
    if (key !== this.filtered.key) {
      const ok = new Set(queueIds(project.db, { order: 'file', status: q.status }, 10_000_000))
      const list = order.filter((x) => ok.has(x))
      this.filtered = { key, list, pos: new Map(list.map((x, k) => [x, k])) }
    }
    return { position: (this.filtered.pos.get(id) ?? -1) + 1, total: this.filtered.list.length }
  }
}
