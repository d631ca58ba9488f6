// The grid.* channels: pages of images by label and probability, per-label counts, and a
// selection's bulk decision (one undoable step).
import type { Handlers } from '../../../shared/contract'
import { gridCounts, gridPage } from '../../db/grid'
import { bulkDecide } from '../../db/ops'
import type { ServiceContext } from '../core/context'

export type GridHandlers = Pick<Handlers, 'grid.page' | 'grid.counts' | 'grid.bulk'>

export function createGridHandlers(ctx: ServiceContext): GridHandlers {
  return {
    'grid.page': async (input) => gridPage(ctx.project().db, input),
    'grid.counts': async ({ status }) => ({ counts: gridCounts(ctx.project().db, status) }),
    'grid.bulk': async ({ imageIds, action, labelId }) => {
      const n = bulkDecide(ctx.project(), imageIds, action, ctx.annotator(), labelId)
      ctx.emit('project.changed', { reason: 'decision' })
      return { count: n }
    }
  }
}
