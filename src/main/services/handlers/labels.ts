// The labels.* channels: add, edit, merge and count labels, import decided labels (a dry run
// first), and rescore. Every edit that changes what the classifier scores starts the rescore job.
import type { Handlers } from '../../../shared/contract'
import type { ServiceContext } from '../core/context'
import { startRescore } from '../core/rescore'
import { importLabels } from '../../export/importers'
import { importLabelsCsv } from '../../export/import'

export type LabelHandlers = Pick<
  Handlers,
  | 'labels.add'
  | 'labels.update'
  | 'labels.merge'
  | 'labels.counts'
  | 'labels.rescore'
  | 'labels.import'
  | 'labels.importCsv'
>

export function createLabelHandlers(ctx: ServiceContext): LabelHandlers {
  return {
    'labels.add': async ({ labels }) => {
      const p = ctx.project()
      const out = p.addLabels(labels)
      ctx.emit('project.changed', { reason: 'labels' })
      await ctx.rescoreIfEmbedded(p)
      return out
    },
    'labels.update': async ({ id, ...patch }) => {
      const p = ctx.project()
      const v = p.labelVersion
      const l = p.updateLabel(id, patch)
      ctx.emit('project.changed', { reason: 'labels' })
      if (p.labelVersion !== v) await ctx.rescoreIfEmbedded(p)
      return l
    },
    'labels.merge': async ({ fromId, intoId }) => {
      const p = ctx.project()
      const r = p.mergeLabel(fromId, intoId)
      ctx.emit('project.changed', { reason: 'labels' })
      await ctx.rescoreIfEmbedded(p)
      return r
    },
    'labels.counts': async () => ctx.project().labelCounts(),
    'labels.rescore': async () => ({ jobId: await startRescore(ctx, ctx.project()) }),
    'labels.import': async (input) => {
      const p = ctx.project()
      // a request may name any readable file: a CSV must look like labels (a path,label header)
      // before its cells come back in the summary
      const r = await importLabels(p, { ...input, annotator: ctx.annotator(), csvHeader: true })
      if (r.createdLabels.length > 0) ctx.emit('project.changed', { reason: 'labels' })
      if (r.imported > 0) ctx.emit('project.changed', { reason: 'decision' })
      return r
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
