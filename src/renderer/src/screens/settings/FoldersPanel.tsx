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
import { i18n, intlLocale, useTranslation } from '../../i18n'

function parentOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'))
  return i > 0 ? path.slice(0, i) : path
}

function ScanSummary(props: { scan: LastScan | null }): React.JSX.Element {
  const { t } = useTranslation(['settings', 'common'])
  const s = props.scan
  if (!s) return <p className="muted small">{t('foldersPanel.notScannedYet')}</p>
  return (
    <p className="small" data-testid="scan-summary">
      {t('foldersPanel.lastScanFiles', {
        toLocaleString: new Date(s.at).toLocaleString(intlLocale()),
        total: s.total
      })}{' '}
      <strong data-testid="scan-new">{s.added}</strong>{' '}
      {t('foldersPanel.newChangedMovedMissing', { changed: s.changed, moved: s.moved, missing: s.missing })}{' '}
      <span title={t('foldersPanel.amongTheNewAndChanged')}>
        {t('foldersPanel.newlyUnreadable', { unreadable: s.unreadable })}
      </span>
      {s.restored ? t('foldersPanel.foundAgain', { restored: s.restored }) : ''}.
      {s.unreadableFolders.length > 0 && (
        <span className="warn">
          {' '}
          {t('foldersPanel.couldNotReadTheirImages', {
            join: s.unreadableFolders.map((f) => f.path).join(', ')
          })}
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
  const { t } = useTranslation(['settings', 'common'])
  const { root } = props
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  return (
    <Dialog title={t('foldersPanel.removeThisFolderFromThe')} onClose={props.onClose} testId="remove-folder">
      <p className="mono">{root.path}</p>
      <ul>
        <li>{t('foldersPanel.itsImagesLeaveTheProject', { images: root.images })}</li>
        <li>
          {root.decided > 0
            ? t('foldersPanel.theLabelsGivenToOf', { decided: root.decided })
            : t('foldersPanel.noneOfItsImagesHas')}
        </li>
        <li>{t('foldersPanel.noFileOnDiskIs')}</li>
      </ul>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <footer className="row end">
        <button type="button" onClick={props.onClose}>
          {t('foldersPanel.cancel')}
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
          {t('foldersPanel.removeFolder')}
        </button>
      </footer>
    </Dialog>
  )
}

export function FoldersPanel(): React.JSX.Element {
  const { t } = useTranslation(['settings', 'common'])
  const { api, project, jobs, notify, refreshProject } = useApp()
  const { data, reload } = useFolders()
  const [picking, setPicking] = useState(false)
  const [removing, setRemoving] = useState<RootInfo | null>(null)
  const scan = latestJob(jobs, 'scan', project?.path ?? null)
  const scanning = scan?.state === 'running'
  const readOnly = !!project?.readOnly
  const lockedWhy = readOnly ? i18n.t('settings:foldersPanel.thisProjectFileIsRead') : undefined

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
          ? i18n.t('settings:foldersPanel.addedScanningIt', { path: r.root.path })
          : i18n.t('settings:foldersPanel.isAlreadyAFolderOf', { path: r.root.path }),
        'info'
      )
      reload()
      void refreshProject()
    })
  const startScan = (): Promise<void> => guard(async () => void (await call(api, 'project.scan', {})))

  if (!project) return <p className="muted">{t('foldersPanel.noProjectOpen')}</p>
  return (
    <section className="folders" aria-labelledby="folders-title" data-testid="folders-panel">
      <h2 id="folders-title">{t('foldersPanel.imageFolders')}</h2>
      <table className="folders-table">
        <thead>
          <tr>
            <th scope="col">{t('foldersPanel.folder')}</th>
            <th scope="col">{t('foldersPanel.images')}</th>
            <th scope="col">{t('foldersPanel.withSuggestions')}</th>
            <th scope="col">{t('foldersPanel.unreadable')}</th>
            <th scope="col">{t('foldersPanel.missing')}</th>
            <th scope="col">{t('foldersPanel.labelled')}</th>
            <th scope="col">
              <span className="sr-only">{t('foldersPanel.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(data?.roots ?? []).map((r) => (
            <tr key={r.id} data-testid="folder-row">
              <td className="mono" title={r.path}>
                {r.path}
                {!r.exists && (
                  <span className="badge warn" title={t('foldersPanel.reconnectTheDriveOrRestore')}>
                    {' '}
                    {t('foldersPanel.notFound')}
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
                  aria-label={t('foldersPanel.removeFolder2', { path: r.path })}
                  disabled={readOnly || (data?.roots.length ?? 0) < 2}
                  title={
                    lockedWhy ??
                    ((data?.roots.length ?? 0) < 2 ? t('foldersPanel.aProjectNeedsAtLeast') : undefined)
                  }
                  onClick={() => setRemoving(r)}
                >
                  {t('foldersPanel.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" disabled={readOnly} title={lockedWhy} onClick={() => setPicking(true)}>
          {t('foldersPanel.addFolder')}
        </button>
        <button
          type="button"
          aria-label={t('foldersPanel.scanTheFoldersNow')}
          disabled={readOnly || scanning}
          title={lockedWhy}
          onClick={() => void startScan()}
        >
          {t('foldersPanel.scanNow')}
        </button>
        {scanning && scan && (
          <button
            type="button"
            aria-label={t('foldersPanel.cancelTheScan')}
            onClick={() =>
              void guard(async () => void (await call(api, 'jobs.cancel', { jobId: scan.jobId })))
            }
          >
            {t('foldersPanel.cancelScan')}
          </button>
        )}
      </div>
      {scanning && scan && <ProgressBar job={scan} label={t('foldersPanel.scanningTheImageFolders')} />}
      {scan?.state === 'failed' && scan.error && (
        <p role="alert" className="error">
          {t('foldersPanel.theScanFailed', { message: scan.error.message })}
        </p>
      )}
      <ScanSummary scan={data?.lastScan ?? null} />
      {picking && (
        <FolderPicker
          title={t('foldersPanel.addAnImageFolder')}
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
              r.kept
                ? t('foldersPanel.removedKept', { path: r.path, images: r.images, kept: r.kept })
                : t('foldersPanel.removed', { path: r.path, images: r.images }),
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
