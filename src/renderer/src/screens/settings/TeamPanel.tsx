// The Team tab. A plain project: "Share as a team project…" publishes it to an empty PostgreSQL
// database as its owner (team.share, what `zebra team init` does), with the first members, and
// members can be added after (team.addMember, `zebra team add`). A member's copy of a team
// project: who the member is, where the store is, and whether they review; the tools after that
// (refresh, queue settings, removing members, forgetting a password) are in TeamAdmin.tsx.
import { useState } from 'react'
import type { ShareOutcome } from '../../../../shared/contract'
import { phrased } from '../../../../shared/remedies'
import { call, toAppError } from '../../api'
import { Dialog } from '../../components/Dialog'
import {
  emptyMember,
  MemberRow,
  PasswordField,
  ServerUrlField,
  typedMembers,
  type MemberDraft
} from '../../components/TeamFields'
import { useApp } from '../../context'
import { MemberTeamTools, OwnerTeamTools } from './TeamAdmin'

export function TeamPanel(): React.JSX.Element {
  const { project } = useApp()
  const [open, setOpen] = useState(false)
  const team = project?.team
  if (team) {
    return (
      <div className="form" aria-label="Team">
        <p data-testid="team-membership">
          This is <strong>{team.annotator}</strong>’s copy of a team project:{' '}
          {team.role === 'reviewer'
            ? 'a reviewer (disagreements and samples are in Review, decisions there adjudicate).'
            : team.role === 'annotator'
              ? 'an annotator.'
              : 'the role is not known yet (it is read when Zebra reaches the server).'}
        </p>
        <p className="muted small">
          Decisions go to the team’s server in the background; the pill at the top says how the sync is doing.
        </p>
        {!project?.readOnly && <MemberPasswordForm />}
        {!project?.readOnly && <MemberTeamTools />}
      </div>
    )
  }
  return (
    <div className="form" aria-label="Team">
      <p className="muted small">
        A team project lives on a PostgreSQL server: each member works in their own copy and the decisions are
        synced both ways. Sharing publishes this project (labels, templates, images by content, the decisions
        so far) to an empty database, as its owner; the members then use “Open team project” on the start
        screen. This file stays as it is.
      </p>
      <div className="row">
        <button type="button" onClick={() => setOpen(true)}>
          Share as a team project…
        </button>
      </div>
      {open && <ShareTeamDialog onClose={() => setOpen(false)} />}
      <OwnerTeamTools />
    </div>
  )
}

function ShareTeamDialog(props: { onClose(): void }): React.JSX.Element {
  const { api, notify } = useApp()
  const [url, setUrl] = useState('')
  const [password, setPassword] = useState('')
  const [members, setMembers] = useState<MemberDraft[]>([emptyMember()])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [shared, setShared] = useState<ShareOutcome | null>(null)

  const share = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const r = await call(api, 'team.share', {
        url: url.trim(),
        password: password || undefined,
        members: typedMembers(members)
      })
      setShared(r)
      setMembers([emptyMember()])
      notify(`Shared “${r.name}” as a team project.`, 'info')
    } catch (err) {
      setError(phrased(toAppError(err), 'gui'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title="Share as a team project" onClose={props.onClose} wide testId="share-team-dialog">
      {shared ? (
        <SharedView shared={shared} password={password} onClose={props.onClose} />
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault()
            void share()
          }}
        >
          <ServerUrlField value={url} onChange={setUrl} placeholder="postgres://lead@db.example.org/birds" />
          <PasswordField label="Your password on the server" value={password} onChange={setPassword} />
          <fieldset>
            <legend>Members to add (optional; more can be added later)</legend>
            <ul className="plain" aria-label="Members">
              {members.map((m, i) => (
                <MemberRow
                  key={i}
                  index={i}
                  member={m}
                  onChange={(next) => setMembers(members.map((x, j) => (j === i ? next : x)))}
                  onRemove={
                    members.length > 1 ? () => setMembers(members.filter((_, j) => j !== i)) : undefined
                  }
                />
              ))}
            </ul>
            <button type="button" onClick={() => setMembers([...members, emptyMember()])}>
              Another member
            </button>
          </fieldset>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <footer className="row end">
            <button type="button" onClick={props.onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy || !url.trim()}>
              {busy ? 'Publishing…' : 'Share'}
            </button>
          </footer>
        </form>
      )}
    </Dialog>
  )
}

/** After sharing: what was published, who is in, and a form to add one more member. */
function SharedView(props: { shared: ShareOutcome; password: string; onClose(): void }): React.JSX.Element {
  const { api } = useApp()
  const { shared } = props
  const [members, setMembers] = useState(shared.members)
  const [next, setNext] = useState<MemberDraft>(emptyMember())
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const add = async (): Promise<void> => {
    const [m] = typedMembers([next])
    if (!m) return
    setBusy(true)
    setError(null)
    try {
      const r = await call(api, 'team.addMember', {
        url: shared.url,
        password: props.password || undefined,
        member: m
      })
      setMembers([...members.filter((x) => x.name !== r.name), r])
      setNext(emptyMember())
    } catch (err) {
      setError(phrased(toAppError(err), 'gui'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="form">
      <p role="status" data-testid="share-result">
        Published “{shared.name}” to <span className="mono">{shared.url}</span>: {shared.labels} labels,{' '}
        {shared.images} images, {shared.decisions} decisions.
      </p>
      <p className="muted small">
        Each member opens it with “Open team project” on the start screen, with this server, their name and
        their password (send it to them privately).
      </p>
      <ul aria-label="Team members">
        {members.map((m) => (
          <li key={m.name}>
            <span className="mono">{m.name}</span> — {m.role}
          </li>
        ))}
        {members.length === 0 && <li className="muted">No members yet.</li>}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void add()
        }}
      >
        <ul className="plain" aria-label="Add a member">
          <MemberRow index={members.length} member={next} onChange={setNext} />
        </ul>
        <button type="submit" disabled={busy || !next.name.trim()}>
          Add member
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <footer className="row end">
        <button type="button" className="primary" onClick={props.onClose}>
          Done
        </button>
      </footer>
    </div>
  )
}

/** A member's password changed by the owner (or typed wrong at first): kept anew, then a sync. */
function MemberPasswordForm(): React.JSX.Element {
  const { api } = useApp()
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null)
  const save = async (): Promise<void> => {
    setBusy(true)
    setSaid(null)
    try {
      const s = await call(api, 'team.setPassword', { password })
      setPassword('')
      setSaid(
        s.online
          ? { ok: true, text: 'Saved: the team’s server accepted it.' }
          : { ok: false, text: `Saved, but the sync is offline: ${s.error ?? 'no answer'}` }
      )
    } catch (err) {
      setSaid({ ok: false, text: phrased(toAppError(err), 'gui') })
    } finally {
      setBusy(false)
    }
  }
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <PasswordField label="Your password on the server" value={password} onChange={setPassword} />
      <button type="submit" disabled={busy || !password}>
        Save password and sync
      </button>
      {said && (
        <p role={said.ok ? 'status' : 'alert'} className={said.ok ? 'small' : 'error'}>
          {said.text}
        </p>
      )}
    </form>
  )
}
