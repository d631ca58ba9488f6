// Pre-label: run the zero-shot classifier over every image not yet scored; cancel any time and
// resume later (already scored images are skipped by the job).
import { useEffect, useState } from 'react'
import type { JobProgress } from '../../../shared/contract'
import { call, toApiError } from '../api'
import { ProgressBar } from '../components/Progress'
import { useApp } from '../context'

export function PrelabelScreen(): React.JSX.Element {
  const { api, project, jobs, model, go, notify, refreshProject } = useApp()
  const [jobId, setJobId] = useState<string | null>(null)
  const [initial, setInitial] = useState<JobProgress | null>(null)

  useEffect(() => {
    // a job started before this screen opened (or before a reload) is picked up again
    call(api, 'jobs.list', {}).then(
      (list) => setInitial(list.filter((j) => j.kind === 'prelabel').at(-1) ?? null),
      () => undefined
    )
  }, [api])

  const job = (jobId && jobs[jobId]) || (initial && (jobs[initial.jobId] ?? initial)) || null
  const running = job?.state === 'running'
  const counts = project?.counts

  useEffect(() => {
    if (job && job.state !== 'running') void refreshProject()
  }, [job?.state, job, refreshProject])

  const start = async (): Promise<void> => {
    try {
      const r = await call(api, 'prelabel.start', {})
      setJobId(r.jobId)
    } catch (err) {
      notify(toApiError(err).message)
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
            disabled={running || !model?.loaded}
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
              void call(api, 'jobs.cancel', { jobId: job.jobId }).catch((e) => notify(toApiError(e).message))
            }
          >
            Cancel
          </button>
          <button type="button" aria-label="Go to review" onClick={() => go('review')} disabled={running}>
            Review →
          </button>
        </div>
        {job && <ProgressBar job={job} label="Pre-label progress" />}
        {job?.error && (
          <p role="alert" className="error">
            {job.error.message}
          </p>
        )}
      </section>
      {job && job.errors.length > 0 && (
        <section className="card" aria-labelledby="pre-errors">
          <h2 id="pre-errors">Images that could not be read ({job.errors.length})</h2>
          <ul className="errors">
            {job.errors.map((e) => (
              <li key={e.file}>
                <span className="mono">{e.file}</span>: {e.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  )
}
