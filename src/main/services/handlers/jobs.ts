// The jobs.* channels: the running and finished jobs, and cancelling one.
import type { Handlers } from '../../../shared/contract'
import type { ServiceContext } from '../core/context'

export type JobHandlers = Pick<Handlers, 'jobs.cancel' | 'jobs.list'>

export function createJobHandlers(ctx: ServiceContext): JobHandlers {
  return {
    'jobs.cancel': async ({ jobId }) => {
      ctx.jobs.cancel(jobId)
      return null
    },
    'jobs.list': async () => ctx.jobs.list()
  }
}
