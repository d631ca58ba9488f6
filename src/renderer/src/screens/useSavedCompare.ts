// The compare screen shows the project's last report again when it is opened (kept in the project
// file by compare.run), until a new run replaces it. A newer answer always wins: a saved report
// arriving after a fresh run is dropped.
import { useEffect } from 'react'
import type { ZebraApi } from '../../../shared/contract'
import type { CompareReport } from '../../../shared/report'

export function useSavedCompare(
  api: ZebraApi,
  projectPath: string | null,
  hasReport: () => boolean,
  show: (report: CompareReport, savedAt: string) => void
): void {
  useEffect(() => {
    let live = true
    api
      .invoke('compare.saved', {})
      .then((s) => {
        if (live && s && !hasReport()) show(s.report, s.savedAt)
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
    // once per project: hasReport/show are read at answer time
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, projectPath])
}
