// Pre-label: run the zero-shot classifier over every image not yet scored; cancel any time and
// resume later (already scored images are skipped by the job). Its numbers and its list of
// unreadable files come from one read of the project file (project.unreadable), refreshed as jobs
// move on, so they agree with each other and survive a restart; the folders and the Scan button
// are here too (new files are found by the scan that opening a project starts).
import { useEffect, useState } from 'react'
import type { JobProgress } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { ProgressBar } from '../components/Progress'
import { useApp } from '../context'
import { FoldersPanel } from './settings/FoldersPanel'
import { latestJob, useImageStatus } from './settings/useProjectData'
import { ImportEmbeddingsDialog } from './ImportEmbeddingsDialog'

export function PrelabelScreen(): React.JSX.Element {
  const { api, project, jobs, model, go, notify, refreshProject } = useApp()
  const [jobId, setJobId] = useState<string | null>(null)
  const [initial, setInitial] = useState<JobProgress[]>([])
  const [importing, setImporting] = useState(false)

  useEffect(() => {
    // jobs started before this screen opened (or before a reload) are picked up again, and again
    // when the server came back: a restarted one has none of the jobs listed before, and one seen
    // running then would show as running forever (its end was never sent)
    const load = (): void => void call(api, 'jobs.list', {}).then(setInitial, () => undefined)
    load()
    return api.on('project.changed', (e) => {
      if (e.reason === 'reconnected') load()
    })
  }, [api])

  // only the open project's jobs: the run of the project open before is not this one's progress
  const latest = (kind: JobProgress['kind']): JobProgress | null => {
    const last = latestJob([...initial, ...Object.values(jobs)], kind, project?.path ?? null)
    return last ? (jobs[last.jobId] ?? last) : null
  }
  const mine = jobId ? jobs[jobId] : undefined
  const job = (mine && mine.project === (project?.path ?? null) ? mine : null) || latest('prelabel')
  // creating a project scans its folders in the background; pre-label waits for that
  const scan = latest('scan')
  const scanning = scan?.state === 'running'
  const running = job?.state === 'running'
  const { status } = useImageStatus()
  const counts = status?.counts ?? null
  const readable = counts ? counts.images - counts.unreadable - counts.missing : 0
  const unscored = counts ? readable - counts.prelabeled : 0
  const unreadable = status?.unreadable ?? []

  useEffect(() => {
    if (job && job.state !== 'running') void refreshProject()
  }, [job?.state, job, refreshProject])
  useEffect(() => {
    if (scan && scan.state !== 'running') void refreshProject()
  }, [scan?.state, scan, refreshProject])

  const rescan = async (): Promise<void> => {
    try {
      await call(api, 'project.scan', {})
    } catch (err) {
      notify(toAppError(err).message)
    }
  }

  const start = async (): Promise<void> => {
    try {
      const r = await call(api, 'prelabel.start', {})
      setJobId(r.jobId)
    } catch (err) {
      notify(toAppError(err).message)
    }
  }

  return (
    <main className="screen" aria-labelledby="pre-title">
      <h1 id="pre-title">Pre-label</h1>
      <section className="card">
        {counts ? (
          <>
            <p data-testid="image-counts">
              <strong data-testid="prelabeled-count">{counts.prelabeled}</strong> of{' '}
              <strong data-testid="readable-count">{readable}</strong> readable images have suggestions.
            </p>
            <p className="muted small">
              {counts.images} files in the project's folders:{' '}
              <span data-testid="unreadable-count">{counts.unreadable}</span> unreadable,{' '}
              <span data-testid="missing-count">{counts.missing}</span> missing.
            </p>
            {unscored > 0 && !running && (
              <p data-testid="unscored">
                {unscored === 1 ? '1 image has' : `${unscored} images have`} no suggestions yet (new files a
                scan found are among them): Start pre-labels just those.
              </p>
            )}
          </>
        ) : (
          <p>{project ? 'Counting…' : 'No project open.'}</p>
        )}
        {!model?.loaded && <p className="warn">Load a model first (Model tab).</p>}
        <div className="row">
          <button
            type="button"
            className="primary"
            aria-label={
              job && job.state !== 'done' && job.done > 0 ? 'Resume pre-labelling' : 'Start pre-labelling'
            }
            disabled={running || scanning || !model?.loaded}
            onClick={() => void start()}
          >
            {job && job.state !== 'done' && job.done > 0 ? 'Resume' : 'Start'}
          </button>
          <button
            type="button"
            aria-label="Cancel pre-labelling"
            disabled={!running}
            onClick={() =>
              job &&
              void call(api, 'jobs.cancel', { jobId: job.jobId }).catch((e) => notify(toAppError(e).message))
            }
          >
            Cancel
          </button>
          {/* review need not wait: what is scored can be reviewed while the rest is pre-labelled */}
          {/* embeddings computed elsewhere (clip-retrieval): scored here without the vision model */}
          <button type="button" disabled={running} onClick={() => setImporting(true)}>
            Import embeddings…
          </button>
          <button type="button" aria-label="Go to review" onClick={() => go('review')}>
            {running ? 'Review the scored ones →' : 'Review →'}
          </button>
        </div>
        {scanning && scan && <ProgressBar job={scan} label="Scanning the image folders" />}
        {job && (
          <>
            <h3 className="small muted">This run: {job.total} images needed the model when it started</h3>
            <ProgressBar job={job} label="Pre-label progress" />
          </>
        )}
        {job?.error && (
          <p role="alert" className="error">
            {job.error.message}
          </p>
        )}
      </section>
      {counts && counts.unreadable > 0 && (
        <section className="card" aria-labelledby="pre-errors">
          <h2 id="pre-errors">Images that could not be read ({counts.unreadable})</h2>
          <p className="muted small">
            They stay out of the review queue; fix or replace them, then{' '}
            <button type="button" disabled={scanning || !!project?.readOnly} onClick={() => void rescan()}>
              Scan again
            </button>
          </p>
          <ul className="errors" data-testid="unreadable-list">
            {unreadable.map((e) => (
              <li key={e.imageId}>
                <span className="mono">
                  {e.root}/{e.relPath}
                </span>
                : {e.reason}
              </li>
            ))}
            {counts.unreadable > unreadable.length && (
              <li className="muted">…and {counts.unreadable - unreadable.length} more</li>
            )}
          </ul>
        </section>
      )}
      <section className="card">
        <FoldersPanel />
      </section>
      {importing && <ImportEmbeddingsDialog onClose={() => setImporting(false)} />}
    </main>
  )
}
