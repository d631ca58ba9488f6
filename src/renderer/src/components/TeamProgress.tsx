// The review bar's word on a team member's own progress: in a replica the "n / N reviewed" counter
// counts everyone's decisions (the log holds them all after a pull), so beside it the member sees
// their own: images they decided, and leased images still theirs to decide. From the sync's status
// (team.status and its event), as the team pill reads it.
import { useEffect, useState } from 'react'
import type { TeamStatus, ZebraApi } from '../../../shared/contract'
import { i18n, useTranslation } from '../i18n'

/** "yours: 3 decided · 47 leased to do" (pure). */
function ownProgressText(s: TeamStatus): string {
  const mine = s.counts.find((c) => c.annotator === s.annotator)?.decided ?? 0
  return i18n.t('settings:teamProgress.own', { decided: mine, leased: s.leased })
}

export function TeamOwnProgress({ api }: { api: ZebraApi }): React.JSX.Element | null {
  const { t } = useTranslation('settings')
  const [status, setStatus] = useState<TeamStatus | null>(null)
  useEffect(() => {
    let live = true
    const off = api.on('team.status', (s) => live && setStatus(s))
    api.invoke('team.status', {}).then(
      (s) => live && setStatus((cur) => cur ?? s),
      () => undefined // the pill and the server's banner say what is wrong
    )
    return () => {
      live = false
      off()
    }
  }, [api])
  if (!status) return null
  return (
    <span
      className="counter"
      data-testid="counter-own"
      aria-label={t('teamProgress.ariaLabel')}
      title={t('teamProgress.title')}
    >
      {ownProgressText(status)}
    </span>
  )
}
