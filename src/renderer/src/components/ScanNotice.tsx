// Says what a scan found when it ends, wherever the user is: opening a project scans in the
// background, and without this a file added while it was closed would go unnoticed (the review
// queue simply grows). Suggestions for new files are not made on their own: pre-labelling is the
// long, CPU-heavy step and the user starts it (the Pre-label screen says how many wait).
import { useEffect } from 'react'
import type { LastScan } from '../../../shared/contract'
import { call } from '../api'
import { useApp } from '../context'
import { i18n } from '../i18n'

export function scanNotice(s: LastScan): string | null {
  const found = [
    s.added && i18n.t('common:scanNotice.new', { added: s.added }),
    s.changed && i18n.t('common:scanNotice.changed', { changed: s.changed }),
    s.moved && i18n.t('common:scanNotice.moved', { moved: s.moved })
  ].filter(Boolean)
  const parts = [
    found.length
      ? i18n.t('common:scanNotice.found', { found: found.join(', '), count: s.added + s.changed + s.moved })
      : '',
    s.missing ? i18n.t('common:scanNotice.missing', { count: s.missing }) : ''
  ].filter(Boolean)
  if (!parts.length) return null
  // with the news only: a scan on every open would otherwise repeat it (the Folders panel keeps it)
  const n = s.notTaken.counts.unsupported_image
  const formats = Object.keys(s.notTaken.unsupportedExts).join(', ')
  const left = n ? i18n.t('common:scanNotice.unsupported', { count: n, formats }) : ''
  return i18n.t('common:scanNotice.theScanFound', { join: parts.join('; '), left })
}

export function ScanNotice(): null {
  const { api, notify } = useApp()
  // the event of a scan that just ended (live only: an old scan is never announced again)
  useEffect(
    () =>
      api.on('project.changed', (e) => {
        if (e.reason !== 'scan') return
        void call(api, 'project.roots', {}).then(
          ({ lastScan }) => {
            const line = lastScan && scanNotice(lastScan)
            if (line) notify(line, 'info')
          },
          () => undefined
        )
      }),
    [api, notify]
  )
  return null
}
