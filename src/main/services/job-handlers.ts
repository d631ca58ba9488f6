// Long work started from the app: pre-label, export, CSV label import, and the job list / cancel.
import type { Handlers } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { exportProject, leftOutLine } from '../export/export'
import { importLabelsCsv } from '../export/import'
import { prelabel } from '../jobs/prelabel'
import type { ServiceState } from './state'

export type JobHandlers = Pick<
  Handlers,
  'prelabel.start' | 'jobs.cancel' | 'jobs.list' | 'export.run' | 'labels.importCsv'
>

export function createJobHandlers(st: ServiceState): JobHandlers {
  const { ctx } = st
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
          await st.rescoreIfEmbedded(p)
          const note = warning ? `; ${warning}${warnings > 1 ? ` (${warnings} times)` : ''}` : ''
          return `${r.processed} pre-labelled, ${r.failed} unreadable${note}`
        },
        { exclusive: true }
      )
      return { jobId: h.id }
    },
    'jobs.cancel': async ({ jobId }) => {
      ctx.jobs.cancel(jobId)
      return null
    },
    'jobs.list': async () => ctx.jobs.list(),
    'export.run': async (input) => {
      const p = ctx.project()
      let result: Awaited<ReturnType<typeof exportProject>> | null = null
      const h = ctx.jobs.start('export', async (jc) => {
        const r = await exportProject(p, {
          ...input,
          signal: jc.signal,
          onProgress: (d, t) => jc.progress(d, t)
        })
        result = r
        return `${r.total} images exported to ${r.outDir}${leftOutLine(r).replace(/^ +/, '; ')}`
      })
      const fin = await h.finished
      if (fin.state !== 'done' || !result) {
        if (fin.error) throw new AppError(fin.error.code, fin.error.message, fin.error.details)
        throw new AppError('cancelled', 'The export was cancelled.')
      }
      return result
    },
    'labels.importCsv': async ({ path }) => {
      const p = ctx.project()
      const r = await importLabelsCsv(p, path, ctx.annotator())
      ctx.emit('project.changed', { reason: 'decision' })
      // reasons name the line only: a request naming any readable file must not read it back
      return {
        ...r,
        skipped: r.skipped.map((k) => ({ line: k.line, reason: k.reason.replace(/:[\s\S]*$/, '') }))
      }
    }
  }
}
