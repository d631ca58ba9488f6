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
import { Trans, useTranslation } from '../../i18n'
import { MemberTeamTools, OwnerTeamTools } from './TeamAdmin'

export function TeamPanel(): React.JSX.Element {
  const { project } = useApp()
  const { t } = useTranslation('settings')
  const [open, setOpen] = useState(false)
  const team = project?.team
  if (team) {
    return (
      <div className="form" aria-label={t('teamPanel.team')}>
        <p data-testid="team-membership">
          <Trans
            t={t}
            i18nKey="teamPanel.membership"
            values={{
              annotator: team.annotator,
              role: t(
                team.role === 'reviewer'
                  ? 'teamPanel.roleReviewer'
                  : team.role === 'annotator'
                    ? 'teamPanel.roleAnnotator'
                    : 'teamPanel.roleUnknown'
              )
            }}
            components={{ 1: <strong /> }}
          />
        </p>
        <p className="muted small">{t('teamPanel.syncNote')}</p>
        {!project?.readOnly && <MemberPasswordForm />}
        {!project?.readOnly && <MemberTeamTools />}
      </div>
    )
  }
  return (
    <div className="form" aria-label={t('teamPanel.team')}>
      <p className="muted small">{t('teamPanel.intro')}</p>
      <div className="row">
        <button type="button" onClick={() => setOpen(true)}>
          {t('teamPanel.shareButton')}
        </button>
      </div>
      {open && <ShareTeamDialog onClose={() => setOpen(false)} />}
      <OwnerTeamTools />
    </div>
  )
}

function ShareTeamDialog(props: { onClose(): void }): React.JSX.Element {
  const { api, notify } = useApp()
  const { t } = useTranslation('settings')
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
      notify(t('teamPanel.shared', { name: r.name }), 'info')
    } catch (err) {
      setError(phrased(toAppError(err), 'gui'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title={t('teamPanel.shareTitle')} onClose={props.onClose} wide testId="share-team-dialog">
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
          <ServerUrlField value={url} onChange={setUrl} placeholder={t('teamFields.ownerUrlExample')} />
          <PasswordField label={t('teamPanel.yourPassword')} value={password} onChange={setPassword} />
          <fieldset>
            <legend>{t('teamPanel.membersToAdd')}</legend>
            <ul className="plain" aria-label={t('teamPanel.members')}>
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
              {t('teamPanel.anotherMember')}
            </button>
          </fieldset>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <footer className="row end">
            <button type="button" onClick={props.onClose}>
              {t('teamPanel.cancel')}
            </button>
            <button type="submit" className="primary" disabled={busy || !url.trim()}>
              {busy ? t('teamPanel.publishing') : t('teamPanel.share')}
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
  const { t } = useTranslation('settings')
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
        <Trans
          t={t}
          i18nKey="teamPanel.published"
          values={{
            name: shared.name,
            url: shared.url,
            labels: shared.labels,
            images: shared.images,
            decisions: shared.decisions
          }}
          components={{ 1: <span className="mono" /> }}
        />
      </p>
      <p className="muted small">{t('teamPanel.eachMemberOpens')}</p>
      <ul aria-label={t('teamPanel.teamMembers')}>
        {members.map((m) => (
          <li key={m.name}>
            <span className="mono">{m.name}</span> — {m.role}
          </li>
        ))}
        {members.length === 0 && <li className="muted">{t('teamPanel.noMembersYet')}</li>}
      </ul>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void add()
        }}
      >
        <ul className="plain" aria-label={t('teamPanel.addAMember')}>
          <MemberRow index={members.length} member={next} onChange={setNext} />
        </ul>
        <button type="submit" disabled={busy || !next.name.trim()}>
          {t('teamPanel.addMember')}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <footer className="row end">
        <button type="button" className="primary" onClick={props.onClose}>
          {t('teamPanel.done')}
        </button>
      </footer>
    </div>
  )
}

/** A member's password changed by the owner (or typed wrong at first): kept anew, then a sync. */
function MemberPasswordForm(): React.JSX.Element {
  const { api } = useApp()
  const { t } = useTranslation('settings')
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
          ? { ok: true, text: t('teamPanel.passwordSaved') }
          : {
              ok: false,
              text: t('teamPanel.passwordSavedOffline', { error: s.error ?? t('teamPanel.noAnswer') })
            }
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
      <PasswordField label={t('teamPanel.yourPassword')} value={password} onChange={setPassword} />
      <button type="submit" disabled={busy || !password}>
        {t('teamPanel.savePasswordAndSync')}
      </button>
      {said && (
        <p role={said.ok ? 'status' : 'alert'} className={said.ok ? 'small' : 'error'}>
          {said.text}
        </p>
      )}
    </form>
  )
}
