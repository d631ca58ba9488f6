// The project's image folders: each with its image counts, Add folder (the folder
// picker), Remove (after a confirmation that says what removal does), and Scan now with its
// progress and what the last scan found. Needs nothing but the app context, so it can sit in a
// settings tab or on the pre-label screen.
import { useState } from 'react'
import type { LastScan, RootInfo } from '../../../../shared/contract'
import { describeNotTaken } from '../../../../shared/not-taken'
import { call, toAppError } from '../../api'
import { Dialog } from '../../components/Dialog'
import { FolderPicker } from '../../components/FolderPicker'
import { ProgressBar } from '../../components/Progress'
import { useApp } from '../../context'
import { latestJob, useFolders } from './useProjectData'
import './Folders.css'

function parentOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  return i > 0 ? path.slice(0, i) : path
}

function ScanSummary(props: { scan: LastScan | null }): React.JSX.Element {
  const s = props.scan
  if (!s) return <p className="muted small">Not scanned yet.</p>
  return (
    <p className="small" data-testid="scan-summary">
      Last scan ({new Date(s.at).toLocaleString()}): {s.total} files —{' '}
      <strong data-testid="scan-new">{s.added}</strong> new, {s.changed} changed, {s.moved} moved, {s.missing}{' '}
      missing,{' '}
      <span title="Among the new and changed files this scan read; the list of unreadable images counts them all">
        {s.unreadable} newly unreadable
      </span>
      {s.restored ? `, ${s.restored} found again` : ''}.
      {s.unreadableFolders.length > 0 && (
        <span className="warn">
          {' '}
          Could not read {s.unreadableFolders.map((f) => f.path).join(', ')}: their images were left as they
          were.
        </span>
      )}
      <NotTakenLine scan={s} />
    </p>
  )
}

/** the files the scan passed over, so none is left out in silence (a .bmp among the photos) */
function NotTakenLine(props: { scan: LastScan }): React.JSX.Element | null {
  const line = describeNotTaken(props.scan.notTaken)
  if (!line) return null
  const unsupported = props.scan.notTaken.counts.unsupported_image > 0
  return (
    <span className={unsupported ? 'warn' : 'muted'} data-testid="scan-not-taken">
      {' '}
      {line[0]!.toUpperCase()}
      {line.slice(1)}.
    </span>
  )
}

function RemoveFolderDialog(props: {
  root: RootInfo
  onRemove(): Promise<void>
  onClose(): void
}): React.JSX.Element {
  const { root } = props
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return (
    <Dialog title="Remove this folder from the project?" onClose={props.onClose} testId="remove-folder">
      <p className="mono">{root.path}</p>
      <ul>
        <li>
          Its {root.images} images leave the project: they are no longer counted, reviewed or exported, and
          their suggestions are deleted.
        </li>
        <li>
          {root.decided > 0
            ? `The labels given to ${root.decided} of them stay in the project's decision log; adding the folder again brings them back.`
            : 'None of its images has a label yet.'}
        </li>
        <li>No file on disk is changed or deleted.</li>
      </ul>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <footer className="row end">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => {
            setBusy(true)
            props.onRemove().catch((e) => {
              setError(toAppError(e).message)
              setBusy(false)
            })
          }}
        >
          Remove folder
        </button>
      </footer>
    </Dialog>
  )
}

export function FoldersPanel(): React.JSX.Element {
  const { api, project, jobs, notify, refreshProject } = useApp()
  const { data, reload } = useFolders()
  const [picking, setPicking] = useState(false)
  const [removing, setRemoving] = useState<RootInfo | null>(null)
  const scan = latestJob(jobs, 'scan', project?.path ?? null)
  const scanning = scan?.state === 'running'
  const readOnly = !!project?.readOnly
  const lockedWhy = readOnly ? 'This project file is read-only here: folders cannot be changed.' : undefined

  const guard = async (fn: () => Promise<void>): Promise<void> => {
    try {
      await fn()
    } catch (err) {
      notify(toAppError(err).message)
    }
  }
  const add = (path: string): Promise<void> =>
    guard(async () => {
      setPicking(false)
      const r = await call(api, 'project.addRoot', { path })
      notify(
        r.jobId
          ? `Added ${r.root.path}; scanning it…`
          : `${r.root.path} is already a folder of this project.`,
        'info'
      )
      reload()
      void refreshProject()
    })
  const startScan = (): Promise<void> => guard(async () => void (await call(api, 'project.scan', {})))

  if (!project) return <p className="muted">No project open.</p>
  return (
    <section className="folders" aria-labelledby="folders-title" data-testid="folders-panel">
      <h2 id="folders-title">Image folders</h2>
      <table className="folders-table">
        <thead>
          <tr>
            <th scope="col">Folder</th>
            <th scope="col">Images</th>
            <th scope="col">With suggestions</th>
            <th scope="col">Unreadable</th>
            <th scope="col">Missing</th>
            <th scope="col">Labelled</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(data?.roots ?? []).map((r) => (
            <tr key={r.id} data-testid="folder-row">
              <td className="mono" title={r.path}>
                {r.path}
                {!r.exists && (
                  <span
                    className="badge warn"
                    title="Reconnect the drive or restore the folder, then scan again"
                  >
                    {' '}
                    not found
                  </span>
                )}
              </td>
              <td>{r.images}</td>
              <td>{r.prelabeled}</td>
              <td>{r.unreadable}</td>
              <td>{r.missing}</td>
              <td>{r.decided}</td>
              <td>
                <button
                  type="button"
                  aria-label={`Remove folder ${r.path}`}
                  disabled={readOnly || (data?.roots.length ?? 0) < 2}
                  title={
                    lockedWhy ??
                    ((data?.roots.length ?? 0) < 2
                      ? 'A project needs at least one folder: add another one first.'
                      : undefined)
                  }
                  onClick={() => setRemoving(r)}
                >
                  Remove…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" disabled={readOnly} title={lockedWhy} onClick={() => setPicking(true)}>
          Add folder…
        </button>
        <button
          type="button"
          aria-label="Scan the folders now"
          disabled={readOnly || scanning}
          title={lockedWhy}
          onClick={() => void startScan()}
        >
          Scan now
        </button>
        {scanning && scan && (
          <button
            type="button"
            aria-label="Cancel the scan"
            onClick={() =>
              void guard(async () => void (await call(api, 'jobs.cancel', { jobId: scan.jobId })))
            }
          >
            Cancel scan
          </button>
        )}
      </div>
      {scanning && scan && <ProgressBar job={scan} label="Scanning the image folders" />}
      {scan?.state === 'failed' && scan.error && (
        <p role="alert" className="error">
          The scan failed: {scan.error.message}
        </p>
      )}
      <ScanSummary scan={data?.lastScan ?? null} />
      {picking && (
        <FolderPicker
          title="Add an image folder"
          start={project.roots[0] ? parentOf(project.roots[0]) : undefined}
          onPick={(p) => void add(p)}
          onClose={() => setPicking(false)}
        />
      )}
      {removing && (
        <RemoveFolderDialog
          root={removing}
          onClose={() => setRemoving(null)}
          onRemove={async () => {
            const r = await call(api, 'project.removeRoot', { id: removing.id })
            setRemoving(null)
            notify(
              `Removed ${r.path}: ${r.images} images left the project${r.kept ? `; the labels of ${r.kept} stay in the log` : ''}.`,
              'info'
            )
            reload()
            void refreshProject()
          }}
        />
      )}
    </section>
  )
}
