// The prelabel.* channel: embed and score every image not yet pre-labelled, as a job.
import type { Handlers } from '../../../shared/contract'
import { prelabel } from '../../jobs/prelabel'
import type { ServiceContext } from '../core/context'

export type PrelabelHandlers = Pick<Handlers, 'prelabel.start'>

export function createPrelabelHandlers(ctx: ServiceContext): PrelabelHandlers {
  return {
    'prelabel.start': async ({ batch }) => {
      const p = ctx.project()
      const e = await ctx.engine()
      const h = ctx.jobs.start(
        'prelabel',
        async (jc) => {
          let lastEmit = 0
          // a replaced worker is not an error (its images were retried) but a person should see it
          let warnings = 0
          let warning: string | null = null
          const r = await prelabel(p, e, {
            batch,
            signal: jc.signal,
            onWarning: (m) => {
              warnings++
              warning = m
            },
            onProgress: (s) => {
              jc.progress(s.done, s.total, warning ?? undefined)
              // let the review counters follow along, at most every 2 s
              if (performance.now() - lastEmit > 2000) {
                lastEmit = performance.now()
                if (ctx.projectOrNull() === p) ctx.emit('project.changed', { reason: 'prelabel' })
              }
            },
            onFileError: (f, why) => jc.fileError(f, why)
          })
          if (ctx.projectOrNull() === p) ctx.emit('project.changed', { reason: 'prelabel' })
          if (r.cancelled) return `${r.processed} pre-labelled before cancel; start again to resume`
          // labels or templates may have changed while it ran
          await ctx.rescoreIfEmbedded(p)
          const note = warning ? `; ${warning}${warnings > 1 ? ` (${warnings} times)` : ''}` : ''
          return `${r.processed} pre-labelled, ${r.failed} unreadable${note}`
        },
        { exclusive: true }
      )
      return { jobId: h.id }
    }
  }
}
