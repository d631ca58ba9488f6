// "Open team project…" on the start screen, for a member: the server, their name (their role on
// it), their password, their own folders holding the team's images, and where to keep their copy.
// team.join starts a job doing what `zebra team join` does (scans the folders, matches the images by
// content, syncs once): the dialog shows its progress (count, rate, ETA) with Cancel, and
// team.joinResult opens the copy, whose background sync starts with it; the dialog then says what
// was taken from the team and lists the images not found in the folders before the member goes on.
import { useState } from 'react'
import type { JoinOutcome, ProjectSummary } from '../../../shared/contract'
import { phrased } from '../../../shared/remedies'
import { call, toAppError } from '../api'
import { Dialog } from '../components/Dialog'
import { FolderPicker } from '../components/FolderPicker'
import { PathField } from '../components/FormFields'
import { ProgressBar } from '../components/Progress'
import { PasswordField, ServerUrlField } from '../components/TeamFields'
import { useApp } from '../context'
import { Trans, useTranslation } from '../i18n'

export function OpenTeamButton(props: {
  disabled?: boolean
  onOpened(p: ProjectSummary): void
}): React.JSX.Element {
  const { t } = useTranslation('settings')
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" disabled={props.disabled} onClick={() => setOpen(true)}>
        {t('openTeamDialog.open')}
      </button>
      {open && <OpenTeamDialog onClose={() => setOpen(false)} onOpened={props.onOpened} />}
    </>
  )
}

type Picking = null | 'images' | 'to'

function OpenTeamDialog(props: { onClose(): void; onOpened(p: ProjectSummary): void }): React.JSX.Element {
  const { api, info, jobs } = useApp()
  const { t } = useTranslation('settings')
  const [url, setUrl] = useState('')
  const [annotator, setAnnotator] = useState('')
  const [password, setPassword] = useState('')
  const [folders, setFolders] = useState<string[]>([])
  const [typedFolder, setTypedFolder] = useState('')
  const [to, setTo] = useState('')
  const [picking, setPicking] = useState<Picking>(null)
  const [busy, setBusy] = useState(false)
  const [jobId, setJobId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [joined, setJoined] = useState<JoinOutcome | null>(null)

  const addFolder = (p: string): void => {
    const t = p.trim()
    if (t && !folders.includes(t)) setFolders([...folders, t])
    setTypedFolder('')
  }
  const images = typedFolder.trim() ? [...new Set([...folders, typedFolder.trim()])] : folders

  const join = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      const started = await call(api, 'team.join', {
        url: url.trim(),
        annotator: annotator.trim(),
        password: password || undefined,
        images,
        to: to.trim() || undefined
      })
      setJobId(started.jobId)
      const r = await call(api, 'team.joinResult', started)
      setFolders(images)
      setTypedFolder('')
      setJoined(r)
    } catch (err) {
      setError(phrased(toAppError(err), 'gui'))
    } finally {
      setBusy(false)
      setJobId(null)
    }
  }
  const cancelJoin = (): void => {
    if (jobId) void call(api, 'jobs.cancel', { jobId }).catch(() => undefined)
  }
  const job = jobId ? jobs[jobId] : undefined

  if (joined) return <JoinedView joined={joined} onGo={() => props.onOpened(joined.project)} />

  const projectsDir = info?.dataDir
    ? `${info.dataDir.replace(/[\\/]$/, '')}/projects`
    : t('openTeamDialog.projectsFolder')
  return (
    <Dialog title={t('openTeamDialog.title')} onClose={props.onClose} wide testId="open-team-dialog">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void join()
        }}
      >
        <ServerUrlField value={url} onChange={setUrl} placeholder={t('openTeamDialog.urlExample')} />
        <label>
          {t('openTeamDialog.yourName')}{' '}
          <span className="muted small">{t('openTeamDialog.yourNameHint')}</span>
          <input
            aria-label={t('openTeamDialog.memberName')}
            className="mono"
            value={annotator}
            autoComplete="username"
            onChange={(e) => setAnnotator(e.target.value)}
          />
        </label>
        <PasswordField label={t('openTeamDialog.yourPassword')} value={password} onChange={setPassword} />
        <fieldset>
          <legend>{t('openTeamDialog.foldersLegend')}</legend>
          <ul className="roots" aria-label={t('openTeamDialog.imageFolders')}>
            {folders.map((f) => (
              <li key={f} className="row">
                <span className="grow mono small">{f}</span>
                <button
                  type="button"
                  aria-label={t('openTeamDialog.removeFolder', { folder: f })}
                  onClick={() => setFolders(folders.filter((x) => x !== f))}
                >
                  {t('openTeamDialog.remove')}
                </button>
              </li>
            ))}
          </ul>
          <span className="row">
            <input
              aria-label={t('openTeamDialog.imageFolderPath')}
              className="grow mono"
              placeholder={t('openTeamDialog.pathExample')}
              value={typedFolder}
              onChange={(e) => setTypedFolder(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault()
                  addFolder(typedFolder)
                }
              }}
            />
            <button
              type="button"
              aria-label={t('openTeamDialog.browseImageFolder')}
              onClick={() => setPicking('images')}
            >
              {t('openTeamDialog.browse')}
            </button>
          </span>
        </fieldset>
        <PathField
          label={
            <>
              {t('openTeamDialog.saveCopyAs')}{' '}
              <span className="muted small">{t('openTeamDialog.saveCopyHint', { dir: projectsDir })}</span>
            </>
          }
          ariaLabel={t('openTeamDialog.replicaFile')}
          value={to}
          onChange={setTo}
          browseLabel={t('openTeamDialog.chooseCopyFolder')}
          onBrowse={() => setPicking('to')}
        />
        {job && job.state === 'running' && (
          <ProgressBar job={job} label={t('openTeamDialog.joiningProgress')} />
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <footer className="row end">
          {jobId ? (
            <button type="button" onClick={cancelJoin}>
              {t('openTeamDialog.cancelJoin')}
            </button>
          ) : (
            <button type="button" onClick={props.onClose}>
              {t('openTeamDialog.cancel')}
            </button>
          )}
          <button
            type="submit"
            className="primary"
            disabled={busy || !url.trim() || !annotator.trim() || images.length === 0}
          >
            {busy ? t('openTeamDialog.joining') : t('openTeamDialog.joinAndOpen')}
          </button>
        </footer>
      </form>
      {picking && (
        <FolderPicker
          title={picking === 'images' ? t('openTeamDialog.pickImages') : t('openTeamDialog.pickCopy')}
          onClose={() => setPicking(null)}
          onPick={(p) => {
            setPicking(null)
            if (picking === 'images') addFolder(p)
            else setTo(`${p.replace(/[\\/]$/, '')}/${annotator.trim() || 'team'}.zebra`)
          }}
        />
      )}
    </Dialog>
  )
}

/** After joining: what was found, the images missing from the member's folders, then on. */
function JoinedView(props: { joined: JoinOutcome; onGo(): void }): React.JSX.Element {
  const { t } = useTranslation('settings')
  const { joined } = props
  const p = joined.project
  const more = joined.missingCount - joined.missing.length
  return (
    <Dialog title={t('openTeamDialog.title')} onClose={props.onGo} wide testId="open-team-dialog">
      <div className="form">
        <p role="status" data-testid="join-result">
          <Trans
            t={t}
            i18nKey="openTeamDialog.joined"
            values={{
              name: p.name,
              annotator: p.team?.annotator ?? '',
              role: joined.role ? t('openTeamDialog.role', { role: joined.role }) : '',
              matched: joined.matched,
              missing: joined.missingCount,
              pulled: joined.pulled,
              path: p.path
            }}
            components={{ 1: <span className="mono" /> }}
          />
        </p>
        <p className="small" data-testid="join-taken">
          {t('openTeamDialog.taken', {
            embeddings: joined.embeddings,
            predictions: joined.predictions,
            stale: joined.stale ? t('openTeamDialog.stale', { n: joined.stale }) : '',
            none: joined.embeddings + joined.predictions === 0 ? t('openTeamDialog.notPrelabelled') : ''
          })}
        </p>
        {joined.missingCount > 0 && (
          <>
            <p className="warn small">{t('openTeamDialog.missingWarning')}</p>
            <ul className="small mono" aria-label={t('openTeamDialog.missingImages')}>
              {joined.missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
              {more > 0 && <li>{t('openTeamDialog.andMore', { n: more })}</li>}
            </ul>
          </>
        )}
        <footer className="row end">
          <button type="button" className="primary" onClick={props.onGo}>
            {t('openTeamDialog.startWorking')}
          </button>
        </footer>
      </div>
    </Dialog>
  )
}
