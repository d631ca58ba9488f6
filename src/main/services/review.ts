// Review channels: next/get/queue/decide/undo/redo/stats/history, grid pages and bulk accepts.
// With the project's `adapt` setting on, the suggestions shown (and what a rank accepts) come from
// the few-shot adapter of services/adapt.ts; the 'diverse' order comes from there too.
import type { Handlers, ReviewItem, Suggestion } from '../../shared/contract'
import { toAppError } from '../../shared/errors'
import { redo, undo, type SuggestionShown } from '../db/decisions'
import { acceptRule, bulkDecide, decide, reviewItem, reviewStats } from '../db/ops'
import { allEmbeddingsSignature, embeddingBlob } from '../db/embeddings'
import { imageStatus } from '../db/queue-status'
import { fromBlob } from '../db/vectors'
import type { Project } from '../db/project'
import { gridCounts, gridPage } from '../db/grid'
import { changeStamp, nextInQueue, queueIds, queueTotal, type QueueQuery } from '../db/review'
import { idsWithLater, nextWithLater, positionWithLater, walkWithLater } from '../db/review-later'
import { KIND_CODES } from '../db/schema'
import { history } from '../db/decisions'
import { EmbeddingCache, diverseOrderIds, AdapterCache, scoreAdapted, type ProjectAdapter } from './adapt'
import { engineGetter } from './compare'
import type { ServiceContext } from './context'

export type ReviewHandlers = Pick<
  Handlers,
  | 'review.next'
  | 'review.get'
  | 'review.queue'
  | 'review.decide'
  | 'review.undo'
  | 'review.redo'
  | 'review.stats'
  | 'review.history'
  | 'grid.page'
  | 'grid.counts'
  | 'grid.bulk'
  | 'bulk.acceptRule'
>

/**
 * The adapter (services/adapt.ts AdapterCache: refits in the background every few decisions, so
 * review never waits) and the diverse order, memoised until the embedded images change.
 */
class ReviewMemo {
  readonly embeddings = EmbeddingCache.shared
  private readonly adapters = new AdapterCache(this.embeddings)
  private diverseKey = ''
  private diverse: { order: number[]; index: Map<number, number> } = { order: [], index: new Map() }

  adapterFor(ctx: ServiceContext, project: Project): Promise<ProjectAdapter | null> {
    return this.adapters.get(project, engineGetter(ctx))
  }

  diverseOrder(project: Project): { order: number[]; index: Map<number, number> } {
    const r = allEmbeddingsSignature(project.db)
    const key = `${project.path}\0${r.e}\0${r.m}`
    if (key !== this.diverseKey) {
      let order: number[] = []
      try {
        order = diverseOrderIds(project, this.embeddings)
      } catch {
        order = []
      }
      this.diverse = { order, index: new Map(order.map((x, i) => [x, i])) }
      this.diverseKey = key
    }
    return this.diverse
  }
}

/** Adapted suggestions of one image, or null (adapt off, no embedding, or nothing reviewed yet). */
async function adaptedShown(
  ctx: ServiceContext,
  memo: ReviewMemo,
  project: Project,
  imageId: number
): Promise<SuggestionShown | null> {
  if (!project.settings().adapt) return null
  const pa = await memo.adapterFor(ctx, project)
  if (!pa) return null
  const vec = embeddingBlob(project.db, imageId, pa.modelId)
  if (!vec) return null
  const { top, source } = scoreAdapted(pa, fromBlob(vec), 1)
  return {
    modelId: pa.modelId,
    templateSetId: project.activeTemplateSetId() ?? 0,
    labelVersion: project.labelVersion,
    top: top[0]!,
    source
  }
}

export function createReviewHandlers(ctx: ServiceContext): ReviewHandlers {
  const memo = new ReviewMemo()

  const withSuggestions = async (project: Project, item: ReviewItem): Promise<ReviewItem> => {
    try {
      const shown = await adaptedShown(ctx, memo, project, item.image.id)
      if (!shown) return item
      const names = new Map(project.labels().map((l) => [l.id, l.name]))
      const suggestions: Suggestion[] = shown.top.map(([labelId, prob], i) => ({
        rank: i + 1,
        labelId,
        label: names.get(labelId) ?? `#${labelId}`,
        prob,
        source: shown.source ?? 'zeroshot'
      }))
      return { ...item, suggestions }
    } catch (err) {
      // adaptation is an improvement, never a reason the review stops
      process.stderr.write(`adapted suggestions failed: ${toAppError(err).message}\n`)
      return item
    }
  }

  /** 'diverse': the adapter helper's order filtered by status; other orders: the indexed queues. */
  // 'diverse': the adaptation helper's k-center order, filtered by status. Stepping is a few point
  // lookups from the current image; position/total need the filtered list, memoised until the file
  // changes (so a walk without decisions never recomputes it).
  const statusOk = (project: Project, q: QueueQuery, id: number): boolean => {
    const r = imageStatus(project.db, id)
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

  const diverseNext = (
    project: Project,
    q: QueueQuery,
    from?: number,
    direction: 'next' | 'prev' = 'next'
  ): number | null => {
    const { order, index } = memo.diverseOrder(project)
    if (order.length === 0) return nextInQueue(project.db, { ...q, order: 'file' }, from, direction)
    const step = direction === 'next' ? 1 : -1
    let i = from === undefined ? -1 : (index.get(from) ?? -1)
    if (i < 0 && step < 0) return null
    for (i += step; i >= 0 && i < order.length; i += step) {
      if (statusOk(project, q, order[i]!)) return order[i]!
    }
    return null
  }

  let filtered = { key: '', list: [] as number[], pos: new Map<number, number>() }
  const PREFIX_SCAN_MAX = 2000
  const diversePosition = (
    project: Project,
    q: QueueQuery,
    id: number
  ): { position: number; total: number } | null => {
    const { order, index } = memo.diverseOrder(project)
    if (order.length === 0) return null
    const i = index.get(id) ?? -1
    // near the front (where a review walk is) count matches in the prefix: a few point lookups
    // per call instead of refiltering the whole order after every decision
    if (i >= 0 && i < PREFIX_SCAN_MAX) {
      let before = 0
      for (let k = 0; k < i; k++) if (statusOk(project, q, order[k]!)) before++
      return { position: before + 1, total: queueTotal(project.db, { order: 'file', status: q.status }) }
    }
    const key = `${project.path}\0${q.status}\0${changeStamp(project.db)}\0${order.length}`
    if (key !== filtered.key) {
      const ok = new Set(queueIds(project.db, { order: 'file', status: q.status }, 10_000_000))
      const list = order.filter((x) => ok.has(x))
      filtered = { key, list, pos: new Map(list.map((x, k) => [x, k])) }
    }
    return { position: (filtered.pos.get(id) ?? -1) + 1, total: filtered.list.length }
  }

  const itemFor = async (project: Project, q: QueueQuery, id: number): Promise<ReviewItem> => {
    let item = reviewItem(project, q, id)
    if (q.order === 'diverse') {
      const pos = diversePosition(project, q, id)
      if (pos) {
        item = {
          ...item,
          ...positionWithLater(
            project.db,
            q,
            id,
            () => pos,
            () => queueTotal(project.db, { order: 'file', status: q.status })
          )
        }
      }
    }
    return withSuggestions(project, item)
  }

  const changed = (): void => ctx.emit('project.changed', { reason: 'decision' })

  return {
    'review.next': async ({ order, status, labelId, from, direction }) => {
      const project = ctx.project()
      const q: QueueQuery = { order, status, labelId }
      const id =
        order === 'diverse'
          ? walkWithLater(project.db, q, (f, d) => diverseNext(project, q, f, d), from, direction)
          : nextWithLater(project.db, q, from, direction)
      return id === null ? null : itemFor(project, q, id)
    },
    'review.get': async ({ order, status, labelId, imageId }) =>
      itemFor(ctx.project(), { order, status, labelId }, imageId),
    'review.queue': async ({ order, status, labelId, limit, from }) => {
      const project = ctx.project()
      const q: QueueQuery = { order, status, labelId }
      if (order !== 'diverse') return idsWithLater(project.db, q, limit, from)
      const out: number[] = []
      let cur = from
      while (out.length < limit) {
        const id = walkWithLater(project.db, q, (f, d) => diverseNext(project, q, f, d), cur)
        if (id === null) break
        out.push(id)
        cur = id
      }
      return out
    },
    'review.decide': async ({ imageId, kind, rank, labelId }) => {
      const project = ctx.project()
      const shown =
        kind === 'accepted' || kind === 'corrected' || kind === 'rejected'
          ? await adaptedShown(ctx, memo, project, imageId).catch(() => null)
          : null
      decide(project, { imageId, kind, rank, labelId, shown: shown ?? undefined }, ctx.annotator())
      changed()
      return itemFor(project, { order: 'file', status: 'all' }, imageId)
    },
    'review.undo': async () => {
      const r = undo(ctx.project().db, ctx.annotator())
      if (r) changed()
      return { imageId: r?.imageIds[0] ?? null }
    },
    'review.redo': async () => {
      const r = redo(ctx.project().db, ctx.annotator())
      if (r) changed()
      return { imageId: r?.imageIds[0] ?? null }
    },
    'review.stats': async () => reviewStats(ctx.project()),
    'review.history': async ({ imageId }) => {
      const project = ctx.project()
      project.imageFile(imageId) // not_found for an unknown id
      return history(project.db, imageId)
    },
    'grid.page': async (input) => gridPage(ctx.project().db, input),
    'grid.counts': async ({ status }) => ({ counts: gridCounts(ctx.project().db, status) }),
    'grid.bulk': async ({ imageIds, action, labelId }) => {
      const n = bulkDecide(ctx.project(), imageIds, action, ctx.annotator(), labelId)
      changed()
      return { count: n }
    },
    'bulk.acceptRule': async ({ minProb, labelId }) => {
      const n = acceptRule(ctx.project(), minProb, ctx.annotator(), labelId)
      if (n > 0) changed()
      return { count: n }
    }
  }
}
