// Pre-label: run the zero-shot classifier over every image not yet scored; cancel any time and
// resume later (already scored images are skipped by the job).
import { useEffect, useState } from 'react'
import type { JobProgress } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { ProgressBar } from '../components/Progress'
import { useApp } from '../context'
import { ImportEmbeddingsDialog } from './ImportEmbeddingsDialog'

export function PrelabelScreen(): React.JSX.Element {
  const { api, project, jobs, model, go, notify, refreshProject } = useApp()
  const [jobId, setJobId] = useState<string | null>(null)
  const [initial, setInitial] = useState<JobProgress[]>([])
  const [importing, setImporting] = useState(false)

  useEffect(() => {
    // jobs started before this screen opened (or before a reload) are picked up again
    call(api, 'jobs.list', {}).then(setInitial, () => undefined)
  }, [api])

  const latest = (kind: JobProgress['kind']): JobProgress | null => {
    const all = [...initial, ...Object.values(jobs)].filter((j) => j.kind === kind)
    const last = all.at(-1)
    return last ? (jobs[last.jobId] ?? last) : null
  }
  const job = (jobId && jobs[jobId]) || latest('prelabel')
  // creating a project scans its folders in the background; pre-label waits for that
  const scan = latest('scan')
  const scanning = scan?.state === 'running'
  const running = job?.state === 'running'
  const counts = project?.counts
  const errors = [...(scan?.errors ?? []), ...(job?.errors ?? [])]

  useEffect(() => {
    if (job && job.state !== 'running') void refreshProject()
  }, [job?.state, job, refreshProject])
  useEffect(() => {
    if (scan && scan.state !== 'running') void refreshProject()
  }, [scan?.state, scan, refreshProject])

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
        <p>
          {counts ? (
            <>
              <strong data-testid="prelabeled-count">{counts.prelabeled}</strong> of {counts.images} images
              have suggestions{counts.unreadable ? `, ${counts.unreadable} unreadable` : ''}
              {counts.missing ? `, ${counts.missing} missing` : ''}.
            </>
          ) : (
            'No project open.'
          )}
        </p>
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
        {job && <ProgressBar job={job} label="Pre-label progress" />}
        {job?.error && (
          <p role="alert" className="error">
            {job.error.message}
          </p>
        )}
      </section>
      {errors.length > 0 && (
        <section className="card" aria-labelledby="pre-errors">
          <h2 id="pre-errors">Images that could not be read ({errors.length})</h2>
          <p className="muted small">
            They stay out of the review queue; fix or replace them and scan again.
          </p>
          <ul className="errors">
            {errors.map((e, i) => (
              <li key={`${i}:${e.file}`}>
                <span className="mono">{e.file}</span>: {e.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {importing && <ImportEmbeddingsDialog onClose={() => setImporting(false)} />}
    </main>
  )
}
