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
import { Trans, useTranslation } from '../../i18n'

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
  const { t } = useTranslation('settings')
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
      setSaid({ ok: true, text: t('teamAdmin.forgotten') })
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
          {t('teamAdmin.forgetPassword')}
        </button>
      </div>
      <SaidLine said={said} />
    </>
  )
}

function RefreshButton(): React.JSX.Element {
  const { api } = useApp()
  const { t } = useTranslation('settings')
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
          {busy ? t('teamAdmin.refreshing') : t('teamAdmin.refresh')}
        </button>
        <span className="muted small">{t('teamAdmin.refreshHint')}</span>
      </div>
      {done && (
        <p role="status" className="small" data-testid="refresh-result">
          {t('teamAdmin.took', {
            labels: done.labels.length,
            labelNames: done.labels.length
              ? t('teamAdmin.labelNames', { names: done.labels.join(', ') })
              : '',
            templateSets: done.templateSets,
            images: done.images,
            missing: done.missingCount,
            embeddings: done.embeddings,
            predictions: done.predictions,
            pulled: done.pulled,
            skipped: done.skipped ? t('teamAdmin.stillSkipped', { n: done.skipped }) : ''
          })}
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
  const { t } = useTranslation('settings')
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
      setSaid({ ok: true, text: t('teamAdmin.savedSettings') })
    } catch (err) {
      setSaid(errorText(err))
    }
  }
  const overlap =
    s.overlapK > 1
      ? t('teamAdmin.overlapOn', {
          share: pct(s.overlapShare),
          k: s.overlapK,
          overlapped: s.overlapped,
          images: s.images
        })
      : t('teamAdmin.overlapOff', { images: s.images })
  return (
    <fieldset aria-label={t('teamAdmin.queueSettings')} data-testid="queue-settings">
      <legend>
        <Trans
          t={t}
          i18nKey="teamAdmin.queueLegend"
          values={{ owner: s.owner, you: s.isOwner ? t('teamAdmin.thatIsYou') : '' }}
          components={{ 1: <span className="mono" /> }}
        />
      </legend>
      {s.updatedFrom !== undefined && (
        <p className="small">{t('teamAdmin.schemaUpdated', { version: s.updatedFrom })}</p>
      )}
      <p className="small">{t('teamAdmin.overlapLine', { overlap, minutes: s.leaseMinutes })}</p>
      {s.isOwner ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <label>
            {t('teamAdmin.annotatorsPerImage')}{' '}
            <input type="number" min={1} max={100} value={k} onChange={(e) => setK(e.target.value)} />
          </label>
          <label>
            {t('teamAdmin.shareOverlapped')}{' '}
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
            {t('teamAdmin.leaseTime')}{' '}
            <input
              type="number"
              min={1}
              step="any"
              value={lease}
              onChange={(e) => setLease(e.target.value)}
            />
          </label>
          <button type="submit">{t('teamAdmin.saveQueueSettings')}</button>
        </form>
      ) : (
        <p className="muted small">{t('teamAdmin.onlyOwner')}</p>
      )}
      <SaidLine said={said} />
    </fieldset>
  )
}

/** The owner's project: reach the team project they shared, then its settings and members. */
export function OwnerTeamTools(): React.JSX.Element {
  const { api } = useApp()
  const { t } = useTranslation('settings')
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
      if (!window.confirm(t('teamAdmin.confirmRemove', { name }))) return
      const r = await call(api, 'team.removeMember', { ...input(), name })
      setMember('')
      setSaid({
        ok: true,
        text: t(r.dropped ? 'teamAdmin.removedDropped' : 'teamAdmin.removedKept', {
          name: r.name,
          kept: r.decisionsKept
        })
      })
    })
  if (!open)
    return (
      <div className="row">
        <button type="button" onClick={() => setOpen(true)}>
          {t('teamAdmin.manage')}
        </button>
        <span className="muted small">{t('teamAdmin.manageHint')}</span>
      </div>
    )
  return (
    <fieldset className="form" data-testid="owner-tools">
      <legend>{t('teamAdmin.ownedLegend')}</legend>
      <ServerUrlField value={url} onChange={setUrl} placeholder={t('teamFields.ownerUrlExample')} />
      <PasswordField label={t('teamAdmin.yourPassword')} value={password} onChange={setPassword} />
      <div className="row">
        <button
          type="button"
          disabled={!url.trim()}
          onClick={() => void run(async () => setSettings(await call(api, 'team.settings', input())))}
        >
          {t('teamAdmin.showQueueSettings')}
        </button>
        <button
          type="button"
          disabled={!url.trim()}
          onClick={() =>
            void run(async () => {
              await call(api, 'team.forgetPassword', { url: url.trim() })
              setSaid({ ok: true, text: t('teamAdmin.forgottenServer') })
            })
          }
        >
          {t('teamAdmin.forgetPassword')}
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
          aria-label={t('teamAdmin.memberToRemove')}
          className="mono"
          placeholder={t('teamAdmin.memberNamePlaceholder')}
          value={member}
          onChange={(e) => setMember(e.target.value)}
        />
        <button type="submit" disabled={!url.trim() || !member.trim()}>
          {t('teamAdmin.removeMember')}
        </button>
      </form>
      <SaidLine said={said} testId="owner-said" />
    </fieldset>
  )
}
