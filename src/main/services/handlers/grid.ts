// The grid.* channels: pages of images by label and stored zero-shot probability, per-label
// counts, a selection's bulk decision (one undoable step), the adapted top-1 of a page (what review
// suggests; scored in the review service, not SQL) and a threshold's expected precision.
import type { Handlers } from '../../../shared/contract'
import { gridCounts, gridPage } from '../../db/grid'
import { thresholdEstimate } from '../../db/grid-threshold'
import { bulkDecide } from '../../db/ops'
import type { ServiceContext } from '../core/context'
import { ReviewSession } from '../core/review-session'

export type GridHandlers = Pick<Handlers, Extract<keyof Handlers, `grid.${string}`>>

export function createGridHandlers(ctx: ServiceContext, review = new ReviewSession(ctx)): GridHandlers {
  return {
    'grid.page': async (input) => gridPage(ctx.project().db, input),
    'grid.counts': async ({ status }) => ({ counts: gridCounts(ctx.project().db, status) }),
    'grid.bulk': async ({ imageIds, action, labelId }) => {
      const n = bulkDecide(ctx.project(), imageIds, action, ctx.annotator(), labelId)
      ctx.emit('project.changed', { reason: 'decision' })
      return { count: n }
    },
    'grid.adapted': ({ imageIds }) => review.adaptedTop1(imageIds),
    'grid.threshold': async (q) => thresholdEstimate(ctx.project().db, q)
  }
}
