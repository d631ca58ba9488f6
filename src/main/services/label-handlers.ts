// labels.merge, labels.counts, labels.rescore, templates.update: the project settings screen's
// edits beyond labels.add/update (project-handlers.ts). Every edit that changes what the
// classifier scores starts the rescore job (compare.ts startRescore), as the others do.
import type { Handlers } from '../../shared/contract'
import { startRescore } from './compare'
import type { ServiceState } from './state'

export type LabelHandlers = Pick<
  Handlers,
  'labels.merge' | 'labels.counts' | 'labels.rescore' | 'templates.update'
>

export function createLabelHandlers(st: ServiceState): LabelHandlers {
  const { ctx } = st
  return {
    'labels.merge': async ({ fromId, intoId }) => {
      const p = ctx.project()
      const r = p.mergeLabel(fromId, intoId)
      ctx.emit('project.changed', { reason: 'labels' })
      await st.rescoreIfEmbedded(p)
      return r
    },
    'labels.counts': async () => ctx.project().labelCounts(),
    'labels.rescore': async () => ({ jobId: await startRescore(ctx, ctx.project()) }),
    'templates.update': async ({ id, name, templates }) => {
      const p = ctx.project()
      const r = p.updateTemplateSet(id, { name, templates })
      ctx.emit('project.changed', { reason: 'templates' })
      if (r.promptsChanged) await st.rescoreIfEmbedded(p)
      return r.set
    }
  }
}
