// The export.* channel: a dataset export as a job (the last choices are kept by core/saved.ts). A
// tags project's probabilities are the review service's (calibrated per tag once it has enough
// decisions, else cold start), so the export says what the review screen and the tag pass show.
import type { Handlers } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { exportProject, leftOutLine } from '../../export/export'
import type { ServiceContext } from '../core/context'
import type { ReviewSession } from '../core/review-session'

export type ExportHandlers = Pick<Handlers, 'export.run'>

export function createExportHandlers(ctx: ServiceContext, session: ReviewSession): ExportHandlers {
  return {
    'export.run': async (input) => {
      const p = ctx.project()
      let result: Awaited<ReturnType<typeof exportProject>> | null = null
      const h = ctx.jobs.start('export', async (jc) => {
        const r = await exportProject(p, {
          ...input,
          tagProb: p.kind === 'tags' ? (labelId, s) => session.tags.prob(p, labelId, s) : undefined,
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
    }
  }
}
