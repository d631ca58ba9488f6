// The compare screen shows the project's last report again when it is opened (kept in the project
// file by compare.run), until a new run replaces it. A newer answer always wins: a saved report
// arriving after a fresh run is dropped.
import { useEffect, useRef } from 'react'
import type { ZebraApi } from '../../../shared/contract'
import type { CompareReport } from '../../../shared/report'
import { i18n, intlLocale } from '../i18n'

export function useSavedCompare(
  api: ZebraApi,
  projectPath: string | null,
  report: CompareReport | null,
  show: (report: CompareReport, note: string) => void
): void {
  const current = useRef({ report, show })
  current.current = { report, show }
  useEffect(() => {
    let live = true
    api
      .invoke('compare.saved', {})
      .then((s) => {
        if (!live || !s || current.current.report) return
        const at = new Date(s.savedAt).toLocaleString(intlLocale())
        const what = s.report.tags
          ? i18n.t('compare:useSavedCompare.templateSetsTagByTag', {
              length: s.report.tags.sets.length,
              images: s.report.images
            })
          : i18n.t('compare:useSavedCompare.templatesOnReviewedImages', {
              length: s.report.templates.length,
              images: s.report.images
            })
        current.current.show(s.report, i18n.t('compare:useSavedCompare.lastComparison', { at, what }))
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [api, projectPath])
}
