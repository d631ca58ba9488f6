// The Team tab's tools after a team project exists. A member's copy: "Refresh from the team"
// (team.refresh, what `zebra team refresh` does) with what it took, the queue's settings read-only,
// and "Forget password". The owner (in the project they shared, or in a copy connected as the owner
// role): the queue's settings edited (team.changeSettings, `zebra team settings`) and members
// removed (team.removeMember, `zebra team remove`).
import { useCallback, useEffect, useState } from 'react'
import type { RefreshOutcome, TeamSettingsView } from '../../../../shared/contract'
import { phrased } from '../../../../shared/remedies'
import { call, toAppError } from '../../api'
import { PasswordField, ServerUrlField } from '../../components/TeamFields'
import { useApp } from '../../context'

type Said = { ok: boolean; text: string } | null

function SaidLine(props: { said: Said; testId?: string }): React.JSX.Element | null {
  const { said } = props
  if (!said) return null
  return (
    <p role={said.ok ? 'status' : 'alert'} className={said.ok ? 'small' : 'error'} data-testid={props.testId}>
      {said.text}
    </p>
  )
}

const errorText = (err: unknown): Said => ({ ok: false, text: phrased(toAppError(err), 'gui') })

/** A member's copy: refresh, the settings (editable only when connected as the owner), forget. */
export function MemberTeamTools(): React.JSX.Element {
  const { api } = useApp()
  const [settings, setSettings] = useState<TeamSettingsView | null>(null)
  const [said, setSaid] = useState<Said>(null)
  const load = useCallback(
    () =>
      call(api, 'team.settings', {}).then(
        (s) => setSettings(s),
        (err) => setSaid(errorText(err))
      ),
    [api]
  )
  useEffect(() => void load(), [load])
  const forget = async (): Promise<void> => {
    try {
      await call(api, 'team.forgetPassword', {})
      setSaid({
        ok: true,
        text: 'Forgotten: Zebra asks for the password again (or uses PGPASSWORD, ~/.pgpass).'
      })
    } catch (err) {
      setSaid(errorText(err))
    }
  }
  return (
    <>
      <RefreshButton />
      {settings && <QueueSettings settings={settings} onChanged={setSettings} />}
      <div className="row">
        <button type="button" onClick={() => void forget()}>
          Forget password
        </button>
      </div>
      <SaidLine said={said} />
    </>
  )
}

function RefreshButton(): React.JSX.Element {
  const { api } = useApp()
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<RefreshOutcome | null>(null)
  const [said, setSaid] = useState<Said>(null)
  const refresh = async (): Promise<void> => {
    setBusy(true)
    setSaid(null)
    try {
      setDone(await call(api, 'team.refresh', {}))
    } catch (err) {
      setSaid(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="form">
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void refresh()}>
          {busy ? 'Refreshing… (scanning your folders)' : 'Refresh from the team'}
        </button>
        <span className="muted small">labels, template sets and images the team added since you joined</span>
      </div>
      {done && (
        <p role="status" className="small" data-testid="refresh-result">
          Took {done.labels.length} labels{done.labels.length ? ` (${done.labels.join(', ')})` : ''},{' '}
          {done.templateSets} template sets, {done.images} new images ({done.missingCount} not in your
          folders), {done.embeddings} embeddings, {done.predictions} predictions; {done.pulled} decisions
          pulled{done.skipped ? `, ${done.skipped} still skipped (refresh again)` : ''}.
        </p>
      )}
      <SaidLine said={said} />
    </div>
  )
}

const pct = (x: number): number => Math.round(x * 1000) / 10

/** The queue's settings: editable by the owner, read-only to a member. */
function QueueSettings(props: {
  settings: TeamSettingsView
  url?: string
  password?: string
  onChanged(s: TeamSettingsView): void
}): React.JSX.Element {
  const { api } = useApp()
  const s = props.settings
  const [k, setK] = useState(String(s.overlapK))
  const [share, setShare] = useState(String(pct(s.overlapShare)))
  const [lease, setLease] = useState(String(s.leaseMinutes))
  const [said, setSaid] = useState<Said>(null)
  const save = async (): Promise<void> => {
    setSaid(null)
    try {
      const next = await call(api, 'team.changeSettings', {
        url: props.url,
        password: props.password || undefined,
        overlapK: Number(k),
        overlapShare: Number(share) / 100,
        leaseMinutes: Number(lease)
      })
      props.onChanged(next)
      setSaid({ ok: true, text: 'Saved: new leases follow these settings.' })
    } catch (err) {
      setSaid(errorText(err))
    }
  }
  const overlap =
    s.overlapK > 1
      ? `${pct(s.overlapShare)}% of the images go to ${s.overlapK} annotators each (${s.overlapped} of ${s.images}); the rest to one`
      : `off (each of the ${s.images} images goes to one annotator)`
  return (
    <fieldset aria-label="Queue settings" data-testid="queue-settings">
      <legend>
        The team’s queue (owner: <span className="mono">{s.owner}</span>
        {s.isOwner ? ', that is you' : ''})
      </legend>
      {s.updatedFrom !== undefined && (
        <p className="small">The team store’s schema was brought up to date from version {s.updatedFrom}.</p>
      )}
      <p className="small">
        Overlap: {overlap}. Lease time: {s.leaseMinutes} minutes (a lease not renewed for this long goes back
        to the queue).
      </p>
      {s.isOwner ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <label>
            Annotators per overlapped image{' '}
            <input type="number" min={1} max={100} value={k} onChange={(e) => setK(e.target.value)} />
          </label>
          <label>
            Share overlapped (%){' '}
            <input
              type="number"
              min={0}
              max={100}
              step="any"
              value={share}
              onChange={(e) => setShare(e.target.value)}
            />
          </label>
          <label>
            Lease time (minutes){' '}
            <input
              type="number"
              min={1}
              step="any"
              value={lease}
              onChange={(e) => setLease(e.target.value)}
            />
          </label>
          <button type="submit">Save queue settings</button>
        </form>
      ) : (
        <p className="muted small">Only the owner changes them.</p>
      )}
      <SaidLine said={said} />
    </fieldset>
  )
}

/** The owner's project: reach the team project they shared, then its settings and members. */
export function OwnerTeamTools(): React.JSX.Element {
  const { api } = useApp()
  const [url, setUrl] = useState('')
  const [password, setPassword] = useState('')
  const [settings, setSettings] = useState<TeamSettingsView | null>(null)
  const [member, setMember] = useState('')
  const [said, setSaid] = useState<Said>(null)
  const [open, setOpen] = useState(false)
  const input = (): { url: string; password: string | undefined } => ({
    url: url.trim(),
    password: password || undefined
  })
  const run = async (fn: () => Promise<void>): Promise<void> => {
    setSaid(null)
    try {
      await fn()
    } catch (err) {
      setSaid(errorText(err))
    }
  }
  const remove = (): Promise<void> =>
    run(async () => {
      const name = member.trim()
      if (!window.confirm(`Remove ${name} from this team project? Their decisions stay in the log.`)) return
      const r = await call(api, 'team.removeMember', { ...input(), name })
      setMember('')
      setSaid({
        ok: true,
        text: `${r.name} is no longer a member (${r.decisionsKept} of their decisions stay in the log)${
          r.dropped
            ? '; their role was dropped.'
            : '; their role is kept, for something else on the server, but cannot enter this project.'
        }`
      })
    })
  if (!open)
    return (
      <div className="row">
        <button type="button" onClick={() => setOpen(true)}>
          Manage a team project you own…
        </button>
        <span className="muted small">its queue settings, removing members</span>
      </div>
    )
  return (
    <fieldset className="form" data-testid="owner-tools">
      <legend>A team project you own</legend>
      <ServerUrlField value={url} onChange={setUrl} placeholder="postgres://lead@db.example.org/birds" />
      <PasswordField label="Your password on the server" value={password} onChange={setPassword} />
      <div className="row">
        <button
          type="button"
          disabled={!url.trim()}
          onClick={() => void run(async () => setSettings(await call(api, 'team.settings', input())))}
        >
          Show queue settings
        </button>
        <button
          type="button"
          disabled={!url.trim()}
          onClick={() =>
            void run(async () => {
              await call(api, 'team.forgetPassword', { url: url.trim() })
              setSaid({ ok: true, text: 'Forgotten: the password for this server is asked again.' })
            })
          }
        >
          Forget password
        </button>
      </div>
      {settings && (
        <QueueSettings settings={settings} url={url.trim()} password={password} onChanged={setSettings} />
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault()
          void remove()
        }}
      >
        <input
          aria-label="Member to remove"
          className="mono"
          placeholder="member name"
          value={member}
          onChange={(e) => setMember(e.target.value)}
        />
        <button type="submit" disabled={!url.trim() || !member.trim()}>
          Remove member
        </button>
      </form>
      <SaidLine said={said} testId="owner-said" />
    </fieldset>
  )
}
