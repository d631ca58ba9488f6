// The review.* channels: the queue (next, get, queue), decisions and their undo, counters and
// history, and the review screen's reach (near-duplicates, possible mistakes, group decisions,
// keeping a label), and adjudication (the disagreements queue, a sample of one annotator's work;
// a decision with `adjudicate` is the reviewer's adjudicated label). Every decision answers with
// what the screen shows next (ReviewSession.then).
import type { Handlers } from '../../../shared/contract'
import { history } from '../../db/decision-history'
import { annotatorSample, disagreements } from '../../db/disagreements'
import { keepCurrentLabel } from '../../db/kept-labels'
import type { ServiceContext } from '../core/context'
import { EmbeddingCache } from '../core/adapter-cache'
import { engineGetter } from '../core/engine'
import { duplicateGroupsOf, modelDuplicateThreshold } from '../core/duplicate-groups'
import { decideGroup, duplicatesOf, mistakesOf } from '../core/reach'
import { ReviewSession } from '../core/review-session'
import { assertReviewer } from '../core/reviewer-guard'

export type ReviewHandlers = Pick<Handlers, Extract<keyof Handlers, `review.${string}`>>

export function createReviewHandlers(
  ctx: ServiceContext,
  session = new ReviewSession(ctx),
  cache = EmbeddingCache.shared
): ReviewHandlers {
  const changed = (origin?: string): void => ctx.emit('project.changed', { reason: 'decision', origin })
  return {
    'review.next': ({ order, status, labelId, from, direction }) =>
      session.next({ order, status, labelId }, from, direction),
    'review.get': ({ order, status, labelId, imageId }) => session.item({ order, status, labelId }, imageId),
    'review.window': ({ order, status, labelId, at, from, direction, ahead }) =>
      session.window({ order, status, labelId }, { at, from, direction, ahead }),
    'review.items': ({ imageIds }) => session.items(imageIds),
    'review.queue': async ({ order, status, labelId, limit, from }) =>
      session.queue({ order, status, labelId }, limit, from),
    'review.decide': async ({ origin, ...input }) => {
      if (input.adjudicate) assertReviewer(ctx.project(), 'An adjudicated decision')
      const step = await session.decide(input)
      changed(origin)
      return step
    },
    'review.undo': async ({ query, origin }) => {
      const r = await session.step('undo', query)
      if (r.imageId !== null) changed(origin)
      return r
    },
    'review.redo': async ({ query, origin }) => {
      const r = await session.step('redo', query)
      if (r.imageId !== null) changed(origin)
      return r
    },
    'review.stats': async () => session.stats(),
    'review.history': async ({ imageId }) => {
      const project = ctx.project()
      project.imageFile(imageId) // not_found for an unknown id
      return history(project.db, imageId)
    },
    'review.duplicates': async ({ imageId, threshold }) =>
      duplicatesOf(
        ctx.project(),
        cache,
        imageId,
        threshold ?? (await modelDuplicateThreshold(ctx.project(), cache)).threshold
      ),
    'review.duplicateGroups': async ({ level, threshold, limit }) =>
      duplicateGroupsOf(ctx.project(), cache, { level, threshold, limit }),
    'review.mistakes': async ({ limit }) => mistakesOf(ctx.project(), engineGetter(ctx), cache, limit),
    'review.decideGroup': async ({ imageIds, labelId, then, origin }) => {
      const count = decideGroup(ctx.project(), imageIds, labelId, ctx.annotator())
      changed(origin)
      return { count, next: await session.then(then, imageIds[imageIds.length - 1]!), stats: session.stats() }
    },
    'review.disagreements': async ({ limit }) => {
      assertReviewer(ctx.project(), 'The disagreements queue')
      return disagreements(ctx.project().db, limit)
    },
    'review.sample': async ({ annotator, size, seed }) => {
      assertReviewer(ctx.project(), 'A sample of an annotator’s decisions')
      return annotatorSample(ctx.project().db, { annotator, size, seed })
    },
    'review.keepLabel': async ({ imageId, then, origin }) => {
      const decisionId = keepCurrentLabel(ctx.project().db, imageId)
      changed(origin)
      return { imageId, decisionId, next: await session.then(then, imageId), stats: session.stats() }
    }
  }
}
