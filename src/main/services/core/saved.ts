// Continuity of the compare screen and the export dialog: the last compare report, the last
// agreement report (beside it, under its own key) and the last export choices are kept in the project file (db/saved-state.ts), so leaving a screen, closing
// the project or restarting Zebra loses neither. Wraps the handlers that produce them. What comes
// back is checked with the contract's own input schemas (a row written by an older Zebra gets the
// defaults added since; a damaged one reads as nothing saved).
import { invokeSchemas, type Handlers } from '../../../shared/contract'
import type { AgreementReport } from '../../../shared/agreement'
import type { CompareReport } from '../../../shared/report'
import { readSaved, writeSaved } from '../../db/saved-state'
import { log } from '../../log'
import type { ServiceContext } from './context'

type CompareOptions = Parameters<Handlers['compare.run']>[0]

const savedExportOptions = invokeSchemas['export.run'].omit({ force: true })

/** The saved compare run: options by compare.run's schema; the report (no schema) by its shape. */
function savedCompare(v: unknown): { report: CompareReport; options: CompareOptions } | null {
  const o = v as { report?: { images?: unknown; templates?: unknown }; options?: unknown } | null
  if (!o || typeof o.report?.images !== 'number' || !Array.isArray(o.report.templates)) return null
  const options = invokeSchemas['compare.run'].safeParse(o.options)
  return options.success ? { report: o.report as CompareReport, options: options.data } : null
}

/** The saved agreement report (no schema) by its shape; anything else reads as nothing saved. */
function savedAgreement(v: unknown): AgreementReport | null {
  const r = v as Partial<AgreementReport> | null
  const ok =
    r &&
    (r.kind === 'single' || r.kind === 'tags') &&
    Array.isArray(r.annotators) &&
    Array.isArray(r.pairs) &&
    Array.isArray(r.labels) &&
    typeof r.units === 'number'
  return ok ? (r as AgreementReport) : null
}

/** Saving is a convenience: a failure (read-only file, full disk) is logged, the result still returned. */
function keep(what: string, save: () => void): void {
  try {
    save()
  } catch (err) {
    log('warn', `could not keep the ${what} in the project file`, err)
  }
}

/** every handler but the saved-state getters, which withSavedState adds */
export type UnsavedHandlers = Omit<Handlers, 'compare.saved' | 'export.saved' | 'agreement.saved'>

export function withSavedState(ctx: ServiceContext, handlers: UnsavedHandlers): Handlers {
  return {
    ...handlers,
    'compare.run': async (input) => {
      const project = ctx.project()
      const report = await handlers['compare.run'](input)
      if (ctx.projectOrNull() === project)
        keep('compare report', () => writeSaved(project.db, 'compare.report', { report, options: input }))
      return report
    },
    'compare.saved': async () => {
      const s = readSaved(ctx.project().db, 'compare.report')
      const saved = s && savedCompare(s.value)
      return saved ? { ...saved, savedAt: s.savedAt } : null
    },
    'agreement.report': async (input) => {
      const project = ctx.project()
      const report = await handlers['agreement.report'](input)
      if (ctx.projectOrNull() === project)
        keep('agreement report', () => writeSaved(project.db, 'agreement.report', report))
      return report
    },
    'agreement.saved': async () => {
      const s = readSaved(ctx.project().db, 'agreement.report')
      const report = s && savedAgreement(s.value)
      return report ? { report, savedAt: s.savedAt } : null
    },
    'export.run': async (input) => {
      const project = ctx.project()
      const result = await handlers['export.run'](input)
      const { force: _force, ...options } = input
      if (ctx.projectOrNull() === project)
        keep('export choices', () => writeSaved(project.db, 'export.options', options))
      return result
    },
    'export.saved': async () => {
      const s = readSaved(ctx.project().db, 'export.options')
      if (!s) return null
      const options = savedExportOptions.safeParse(s.value)
      return options.success ? { options: options.data, savedAt: s.savedAt } : null
    }
  }
}
