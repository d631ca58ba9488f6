// The top bar's word on a team replica's sync: "team: online · synced 2 s ago", or "team: offline,
// 3 decisions waiting" while the store cannot be reached (the decisions are safe in the local file
// and go out when it can). Nothing shows for a project that is not a team replica.
import { useEffect, useState } from 'react'
import type { TeamStatus, ZebraApi } from '../../../shared/contract'
import { i18n } from '../i18n'

function ago(iso: string | null, now: number): string {
  if (!iso) return i18n.t('common:teamPill.notSyncedYet')
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
  if (s < 60) return i18n.t('common:teamPill.syncedSAgo', { s })
  const m = Math.round(s / 60)
  return m < 60
    ? i18n.t('common:teamPill.syncedMinAgo', { m })
    : i18n.t('common:teamPill.syncedHAgo', { round: Math.round(m / 60) })
}

const plural = (n: number, what: 'decision' | 'leasedImage'): string =>
  i18n.t(`common:teamPill.${what}`, { count: n })

/** The pill's text (pure: `now` is the clock in ms). */
export function teamPillText(s: TeamStatus, now: number): string {
  if (!s.online) {
    const waiting =
      s.waiting > 0 ? i18n.t('common:teamPill.waiting', { plural: plural(s.waiting, 'decision') }) : ''
    return i18n.t('common:teamPill.teamOffline', { waiting })
  }
  const waiting =
    s.waiting > 0 ? i18n.t('common:teamPill.toSend', { plural: plural(s.waiting, 'decision') }) : ''
  return i18n.t('common:teamPill.teamOnline', { ago: ago(s.lastSyncAt, now), waiting })
}

/** Its tooltip: who, where, the leases and everyone's counts. */
function teamPillTitle(s: TeamStatus): string {
  const counts =
    s.counts
      .map((c) => i18n.t('common:teamPill.text2', { annotator: c.annotator, decided: c.decided }))
      .join(', ') || i18n.t('common:teamPill.noDecisionsYet')
  const error = s.error ? i18n.t('common:teamPill.lastError', { error: s.error }) : ''
  const role = s.role
    ? i18n.t(s.role === 'reviewer' ? 'common:teamPill.roleReviewer' : 'common:teamPill.roleAnnotator')
    : ''
  return i18n.t('common:teamPill.youAreOnLeftTo', {
    annotator: `${s.annotator}${role}`,
    url: s.url,
    plural: plural(s.leased, 'leasedImage'),
    counts,
    error
  })
}

export function TeamPill({ api }: { api: ZebraApi }): React.JSX.Element | null {
  const [status, setStatus] = useState<TeamStatus | null>(null)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    let live = true
    const off = api.on('team.status', (s) => live && setStatus(s))
    api.invoke('team.status', {}).then(
      (s) => live && setStatus((cur) => cur ?? s),
      () => undefined // a server that is down says so in its own banner
    )
    return () => {
      live = false
      off()
    }
  }, [api])
  useEffect(() => {
    if (!status) return
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [status])
  if (!status) return null
  return (
    <span
      className={status.online ? 'badge' : 'badge warn'}
      data-testid="team-status"
      role="status"
      title={teamPillTitle(status)}
    >
      {teamPillText(status, now)}
    </span>
  )
}
