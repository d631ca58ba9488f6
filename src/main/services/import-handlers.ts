// labels.import for the app: the dry run the import dialog shows, then the import itself.
import type { Handlers } from '../../shared/contract'
import { importLabels } from '../export/importers'
import type { ServiceContext } from './context'

export function createImportHandlers(ctx: ServiceContext): Pick<Handlers, 'labels.import'> {
  return {
    'labels.import': async (input) => {
      const p = ctx.project()
      // a request may name any readable file: a CSV must look like labels (a path,label header)
      // before its cells come back in the summary
      const r = await importLabels(p, { ...input, annotator: ctx.annotator(), csvHeader: true })
      if (r.createdLabels.length > 0) ctx.emit('project.changed', { reason: 'labels' })
      if (r.imported > 0) ctx.emit('project.changed', { reason: 'decision' })
      return r
    }
  }
}
