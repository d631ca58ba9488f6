// The top bar's word on a team replica's sync: "team: online · synced 2 s ago", or "team: offline,
// 3 decisions waiting" while the store cannot be reached (the decisions are safe in the local file
// and go out when it can). Nothing shows for a project that is not a team replica.
import { useEffect, useState } from 'react'
import type { TeamStatus, ZebraApi } from '../../../shared/contract'

function ago(iso: string | null, now: number): string {
  if (!iso) return 'not synced yet'
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000))
  if (s < 60) return `synced ${s} s ago`
  const m = Math.round(s / 60)
  return m < 60 ? `synced ${m} min ago` : `synced ${Math.round(m / 60)} h ago`
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`

/** The pill's text (pure: `now` is the clock in ms). */
export function teamPillText(s: TeamStatus, now: number): string {
  if (!s.online) {
    const waiting = s.waiting > 0 ? `, ${plural(s.waiting, 'decision')} waiting` : ''
    return `team: offline${waiting}`
  }
  const waiting = s.waiting > 0 ? ` · ${plural(s.waiting, 'decision')} to send` : ''
  return `team: online · ${ago(s.lastSyncAt, now)}${waiting}`
}

/** Its tooltip: who, where, the leases and everyone's counts. */
function teamPillTitle(s: TeamStatus): string {
  const counts = s.counts.map((c) => `${c.annotator}: ${c.decided}`).join(', ') || 'no decisions yet'
  const error = s.error ? `\nLast error: ${s.error}` : ''
  const role = s.role ? ` (${s.role === 'reviewer' ? 'a reviewer' : 'an annotator'})` : ''
  return `You are ${s.annotator}${role} on ${s.url}.\n${plural(s.leased, 'leased image')} left to decide.\nDecided: ${counts}.${error}`
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
