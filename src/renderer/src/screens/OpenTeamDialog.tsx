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

export function OpenTeamButton(props: {
  disabled?: boolean
  onOpened(p: ProjectSummary): void
}): React.JSX.Element {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" disabled={props.disabled} onClick={() => setOpen(true)}>
        Open team project…
      </button>
      {open && <OpenTeamDialog onClose={() => setOpen(false)} onOpened={props.onOpened} />}
    </>
  )
}

type Picking = null | 'images' | 'to'

function OpenTeamDialog(props: { onClose(): void; onOpened(p: ProjectSummary): void }): React.JSX.Element {
  const { api, info, jobs } = useApp()
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

  const projectsDir = info?.dataDir ? `${info.dataDir.replace(/[\\/]$/, '')}/projects` : 'the projects folder'
  return (
    <Dialog title="Open team project" onClose={props.onClose} wide testId="open-team-dialog">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void join()
        }}
      >
        <ServerUrlField value={url} onChange={setUrl} placeholder="postgres://db.example.org/birds" />
        <label>
          Your name on the server{' '}
          <span className="muted small">the member name the project’s owner gave you</span>
          <input
            aria-label="Member name"
            className="mono"
            value={annotator}
            autoComplete="username"
            onChange={(e) => setAnnotator(e.target.value)}
          />
        </label>
        <PasswordField label="Your password" value={password} onChange={setPassword} />
        <fieldset>
          <legend>Your folders holding the team’s images (matched by content)</legend>
          <ul className="roots" aria-label="Image folders">
            {folders.map((f) => (
              <li key={f} className="row">
                <span className="grow mono small">{f}</span>
                <button
                  type="button"
                  aria-label={`Remove folder ${f}`}
                  onClick={() => setFolders(folders.filter((x) => x !== f))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <span className="row">
            <input
              aria-label="Image folder path"
              className="grow mono"
              placeholder="/path/to/images"
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
              aria-label="Browse for an image folder"
              onClick={() => setPicking('images')}
            >
              Browse…
            </button>
          </span>
        </fieldset>
        <PathField
          label={
            <>
              Save your copy as{' '}
              <span className="muted small">
                optional; default: {projectsDir}/&lt;project&gt;-&lt;your name&gt;.zebra
              </span>
            </>
          }
          ariaLabel="Replica file"
          value={to}
          onChange={setTo}
          browseLabel="Choose the folder for your copy"
          onBrowse={() => setPicking('to')}
        />
        {job && job.state === 'running' && <ProgressBar job={job} label="Joining: scanning your folders" />}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <footer className="row end">
          {jobId ? (
            <button type="button" onClick={cancelJoin}>
              Cancel join
            </button>
          ) : (
            <button type="button" onClick={props.onClose}>
              Cancel
            </button>
          )}
          <button
            type="submit"
            className="primary"
            disabled={busy || !url.trim() || !annotator.trim() || images.length === 0}
          >
            {busy ? 'Joining… (scanning your folders)' : 'Join and open'}
          </button>
        </footer>
      </form>
      {picking && (
        <FolderPicker
          title={picking === 'images' ? 'A folder holding the team’s images' : 'Where to save your copy'}
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
  const { joined } = props
  const p = joined.project
  const more = joined.missingCount - joined.missing.length
  return (
    <Dialog title="Open team project" onClose={props.onGo} wide testId="open-team-dialog">
      <div className="form">
        <p role="status" data-testid="join-result">
          Joined “{p.name}” as {p.team?.annotator ?? ''}
          {joined.role ? ` (${joined.role})` : ''}: {joined.matched} images found in your folders,{' '}
          {joined.missingCount} missing; {joined.pulled} decisions brought in from the team. Your copy:{' '}
          <span className="mono">{p.path}</span>
        </p>
        <p className="small" data-testid="join-taken">
          Taken from the team: {joined.embeddings} embeddings, {joined.predictions} predictions
          {joined.stale ? ` (${joined.stale} to re-score from the embeddings)` : ''}
          {joined.embeddings + joined.predictions === 0 ? ' (the owner had not pre-labelled)' : ''}.
        </p>
        {joined.missingCount > 0 && (
          <>
            <p className="warn small">
              These images of the team are not in your folders; they stay in your copy as missing:
            </p>
            <ul className="small mono" aria-label="Missing images">
              {joined.missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
              {more > 0 && <li>… and {more} more</li>}
            </ul>
          </>
        )}
        <footer className="row end">
          <button type="button" className="primary" onClick={props.onGo}>
            Start working
          </button>
        </footer>
      </div>
    </Dialog>
  )
}
