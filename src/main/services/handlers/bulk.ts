// The bulk.* channel: accept the top-1 of every unreviewed image above a probability (one undoable
// step; the select and the write are one transaction in db/ops.ts).
import type { Handlers } from '../../../shared/contract'
import type { ServiceContext } from '../core/context'
import type { ReviewSession } from '../core/review-session'

export type BulkHandlers = Pick<Handlers, 'bulk.acceptRule'>

export function createBulkHandlers(ctx: ServiceContext, session: ReviewSession): BulkHandlers {
  return {
    'bulk.acceptRule': async ({ minProb, labelId }) => {
      const n = session.acceptAbove(minProb, labelId)
      if (n > 0) ctx.emit('project.changed', { reason: 'decision' })
      return { count: n }
    }
  }
}
