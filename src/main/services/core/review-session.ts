// One review service for every caller (the app's channels and `zebra review`): which suggestions an
// image shows (adapted ones when the project's `adapt` setting is on), what a rank accepts (the
// suggestions shown, so one rank records one label whoever asks), and a decision's answer with all
// the screen shows next (the next items and the counters) in one round trip.
import type {
  DecisionKind,
  GridAdapted,
  ReviewItem,
  ReviewStats,
  ReviewStep,
  Suggestion,
  UndoStep
} from '../../../shared/contract'
import { redo, undo, type DecideInput, type SuggestionShown } from '../../db/decisions'
import { tagScoresKey } from '../../db/tag-scores'
import { TAG_DECISION_KIND } from '../../db/tag-state'
import { AppError } from '../../../shared/errors'
import { TagModel } from './tag-model'
import { embeddingBlob, embeddingBlobs } from '../../db/embeddings'
import { acceptRule, decide, decideTags, reviewItem, reviewStats } from '../../db/ops'
import type { Project } from '../../db/project'
import type { QueueQuery } from '../../db/queues'
import { fromBlob } from '../../db/vectors'
import { log } from '../../log'
import { AdapterCache, EmbeddingCache, scoreAdapted } from './adapter-cache'
import type { ProjectContext } from './context'
import { engineGetter } from './engine'
import { ReviewOrder } from './review-order'

const ALL: QueueQuery = { order: 'file', status: 'all' }

/** What the screen shows next after a decision: the queue it walks, or a fixed list's images. */
export interface ReviewThen {
  query?: QueueQuery
  ids?: number[]
  /** how many of the queue's next items (the first is shown next, the rest are fetched ahead) */
  ahead?: number
}

export interface DecideRequest {
  imageId: number
  kind: DecisionKind
  rank?: number
  labelId?: number
  /** a tags project: the tags present (and unsure); every other live tag is absent */
  tags?: { present: number[]; unsure?: number[] }
  /** a reviewer's adjudicated decision: it outranks every annotator's (db/latest-rule.ts) */
  adjudicate?: boolean
  then?: ReviewThen
}

export class ReviewSession {
  readonly order: ReviewOrder
  /** a tags project's calibrations and thresholds (docs/tags.md) */
  readonly tags = new TagModel()
  private readonly adapters: AdapterCache
  private namesKey = ''
  private namesOf = new Map<number, string>()

  constructor(
    private readonly ctx: ProjectContext,
    embeddings = EmbeddingCache.shared
  ) {
    this.order = new ReviewOrder(embeddings)
    this.adapters = new AdapterCache(embeddings)
  }

  /** One image as the screen shows it, placed in the queue `q`. */
  async item(q: QueueQuery, imageId: number, shown?: SuggestionShown | null): Promise<ReviewItem> {
    const project = this.ctx.project()
    const item = this.order.place(project, q, reviewItem(project, q, imageId))
    if (project.kind === 'tags') return { ...item, tags: this.tags.view(project, imageId) }
    const s = shown === undefined ? await this.shown(project, imageId) : shown
    return s ? { ...item, suggestions: this.suggestionsOf(project, s) } : item
  }

  async next(q: QueueQuery, from?: number, direction: 'next' | 'prev' = 'next'): Promise<ReviewItem | null> {
    const id = this.order.next(this.ctx.project(), q, from, direction)
    return id === null ? null : this.item(q, id)
  }

  /** An image (`at`, else the one after or before `from`, else the first) and the next ones after it. */
  async window(
    q: QueueQuery,
    w: { at?: number; from?: number; direction?: 'next' | 'prev'; ahead: number }
  ): Promise<{ item: ReviewItem | null; ahead: ReviewItem[]; stats: ReviewStats }> {
    const item = w.at !== undefined ? await this.item(q, w.at) : await this.next(q, w.from, w.direction)
    const ahead = item ? await this.then({ query: q, ahead: w.ahead }, item.image.id) : []
    return { item, ahead, stats: this.stats() }
  }

  queue(q: QueueQuery, limit: number, from?: number): number[] {
    return this.order.ids(this.ctx.project(), q, limit, from)
  }

  stats(): ReviewStats {
    return reviewStats(this.ctx.project())
  }

  /**
   * Records a decision. A rank resolves against the suggestions this service shows for the image,
   * which are also what the decision records as shown.
   */
  async decide(input: DecideRequest): Promise<ReviewStep> {
    const project = this.ctx.project()
    if (project.kind === 'tags') return this.decideTags(project, input)
    const { imageId, kind, rank, labelId } = input
    const shown =
      kind === 'accepted' || kind === 'corrected' || kind === 'rejected'
        ? await this.shown(project, imageId)
        : undefined
    const decisionId = decide(
      project,
      { imageId, kind, rank, labelId, shown: shown ?? undefined, adjudicated: input.adjudicate },
      this.ctx.annotator()
    )
    return {
      decisionId,
      item: await this.item(ALL, imageId, shown),
      next: await this.then(input.then, imageId),
      stats: this.stats()
    }
  }

  /**
   * Accepts the top-1 of every unreviewed image whose top-1 (of `labelId`, or any) has p >= minProb:
   * one undoable step. Returns how many were accepted.
   */
  acceptAbove(minProb: number, labelId?: number): number {
    if (this.ctx.project().kind === 'tags')
      throw new AppError(
        'invalid_input',
        'A tags project is decided per tag: use the tag pass (one tag at a time, select by probability, mark present or absent).'
      )
    return acceptRule(this.ctx.project(), minProb, this.ctx.annotator(), labelId)
  }

  /** Undo or redo the annotator's latest action; the item is what the screen shows after it. */
  async step(which: 'undo' | 'redo', query?: QueueQuery): Promise<UndoStep> {
    const project = this.ctx.project()
    const r = (which === 'undo' ? undo : redo)(project.db, this.ctx.annotator())
    const imageId = r?.imageIds[0] ?? null
    let item: ReviewItem | null = null
    if (imageId !== null) {
      item =
        which === 'redo' && query
          ? await this.next(query, imageId, 'next')
          : await this.item(query ?? ALL, imageId)
    }
    return { imageId, imageIds: r?.imageIds ?? [], item, stats: this.stats() }
  }

  /** The items a screen shows after acting on `from`: the queue's next ones, or the listed ids. */
  async then(then: ReviewThen | undefined, from: number): Promise<ReviewItem[]> {
    if (!then) return []
    if (then.ids) return this.items(then.ids)
    const q = then.query
    const ahead = then.ahead ?? 1
    if (!q || ahead === 0) return []
    const ids = this.order.ids(this.ctx.project(), q, ahead + 1, from).filter((id) => id !== from)
    return Promise.all(ids.slice(0, ahead).map((id) => this.item(q, id)))
  }

  /** Several images as a fixed list shows them (each in the file order of all images). */
  items(imageIds: number[]): Promise<ReviewItem[]> {
    return Promise.all(imageIds.map((id) => this.item(ALL, id)))
  }

  /**
   * The top-1 this service would show for each image when adaptation is on, scored in one batch (a
   * grid page's <= 200 images): what review suggests for them, for the grid to show beside its
   * stored zero-shot top-1. `source: null` when adapt is off or nothing can be scored; a failure
   * logs and leaves the grid its zero-shot view, as in review.
   */
  async adaptedTop1(imageIds: number[]): Promise<GridAdapted> {
    const none: GridAdapted = { source: null, rows: [] }
    const project = this.ctx.project()
    // a tags project's tiles show their most probable tag; the single-label adapter has no say
    if (!project.settings().adapt || imageIds.length === 0 || project.kind === 'tags') return none
    try {
      const pa = await this.adapters.get(project, engineGetter(this.ctx))
      if (!pa) return none
      const blobs = embeddingBlobs(project.db, imageIds, pa.modelId)
      const ids = imageIds.filter((id) => blobs.has(id))
      if (ids.length === 0) return none
      const d = pa.adapter.dim
      const x = new Float32Array(ids.length * d)
      ids.forEach((id, i) => x.set(fromBlob(blobs.get(id)!).subarray(0, d), i * d))
      const { top, source } = scoreAdapted(pa, x, ids.length)
      const names = new Map(project.labels().map((l) => [l.id, l.name]))
      return {
        source,
        rows: ids.map((imageId, i) => {
          const [labelId, prob] = top[i]![0]!
          return { imageId, labelId, label: names.get(labelId) ?? `#${labelId}`, prob }
        })
      }
    } catch (err) {
      log('warn', 'adapted top-1 for the grid failed; it shows the zero-shot one', err)
      return none
    }
  }

  /** Waits for a background refit of the adapter and the tag calibrations (tests, shutdown). */
  async settled(): Promise<void> {
    await this.adapters.settled()
    await this.tags.settled()
  }

  /**
   * A tags project's decision on one image: each live tag present, unsure or (every other one)
   * absent, as one undoable action; each row records the probability the tag showed. A skip is one
   * row without a tag.
   */
  private async decideTags(project: Project, input: DecideRequest): Promise<ReviewStep> {
    const { imageId, kind } = input
    let decisionId: number
    if (kind === 'skipped') {
      decisionId = decide(project, { imageId, kind, adjudicated: input.adjudicate }, this.ctx.annotator())
    } else {
      if (!input.tags)
        throw new AppError(
          'invalid_input',
          'A tags project decides the tags of an image: give the tags present (and unsure); every other tag is absent.'
        )
      const view = this.tags.view(project, imageId)
      const live = new Set(view.map((t) => t.labelId))
      const present = new Set(input.tags.present)
      const unsure = new Set(input.tags.unsure ?? [])
      for (const id of [...present, ...unsure])
        if (!live.has(id))
          throw new AppError('invalid_input', `Tag ${id} is not a tag of this project (or is archived).`)
      const key = tagScoresKey(project.db, imageId)
      const items: DecideInput[] = view.map((t) => ({
        imageId,
        kind: TAG_DECISION_KIND[
          present.has(t.labelId) ? 'present' : unsure.has(t.labelId) ? 'unsure' : 'absent'
        ],
        labelId: t.labelId,
        adjudicated: input.adjudicate,
        ...(key ? { shown: { ...key, top: [[t.labelId, t.prob]], source: t.source } } : {})
      }))
      decisionId = decideTags(project, imageId, items, this.ctx.annotator())
    }
    return {
      decisionId,
      item: await this.item(ALL, imageId),
      next: await this.then(input.then, imageId),
      stats: this.stats()
    }
  }

  /**
   * Label names by id, read once per label version: a decision's answer names the suggestions of
   * several images, and a project may have a thousand labels.
   */
  private names(project: Project): Map<number, string> {
    const key = `${project.path}\0${project.labelVersion}`
    if (key !== this.namesKey) {
      this.namesOf = new Map(project.labels().map((l) => [l.id, l.name]))
      this.namesKey = key
    }
    return this.namesOf
  }

  private suggestionsOf(project: Project, shown: SuggestionShown): Suggestion[] {
    const names = this.names(project)
    return shown.top.map(([labelId, prob], i) => ({
      rank: i + 1,
      labelId,
      label: names.get(labelId) ?? `#${labelId}`,
      prob,
      source: shown.source === 'adapted' ? 'adapted' : 'zeroshot'
    }))
  }

  /**
   * Adapted suggestions of one image, or null (adapt off, no embedding, or no adapter yet).
   * Adaptation improves suggestions; it is never a reason the review stops, so a failure logs and
   * the stored zero-shot suggestions stand.
   */
  private async shown(project: Project, imageId: number): Promise<SuggestionShown | null> {
    if (!project.settings().adapt) return null
    try {
      const pa = await this.adapters.get(project, engineGetter(this.ctx))
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
    } catch (err) {
      log('warn', 'adapted suggestions failed; the stored ones are shown', err)
      return null
    }
  }
}
