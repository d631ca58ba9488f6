// The rescore job that follows every label or template change (it re-scores the suggestions from
// cached embeddings): progress while it runs, what it did when done, and why not when it failed,
// with the step that fixes it and a button to run it again.
import { useState } from 'react'
import type { JobProgress } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { ProgressBar } from './Progress'

function latestRescore(jobs: Record<string, JobProgress>): JobProgress | null {
  return (
    Object.values(jobs)
      .filter((j) => j.kind === 'rescore')
      .at(-1) ?? null
  )
}

function failure(job: JobProgress): string {
  if (job.error?.code === 'no_model')
    return 'Suggestions were not re-scored: the new prompts need the model. Load one on the Model screen, then click Re-score now.'
  return `Suggestions were not re-scored: ${job.error?.message ?? 'the job failed'}. Click Re-score now to try again.`
}

export function RescoreStatus(props: { compact?: boolean }): React.JSX.Element | null {
  const { api, jobs, notify } = useApp()
  const [starting, setStarting] = useState(false)
  const job = latestRescore(jobs)
  if (!job) return null
  const again = (): void => {
    setStarting(true)
    call(api, 'labels.rescore', {})
      .then((r) => {
        if (!r.jobId) notify('Nothing to re-score yet: pre-label the images first.', 'info')
      })
      .catch((err: unknown) => notify(toAppError(err).message))
      .finally(() => setStarting(false))
  }
  if (job.state === 'running') {
    if (props.compact)
      return (
        <span className="counter" data-testid="rescore-status" data-state="running">
          re-scoring {job.done} / {job.total}
        </span>
      )
    return (
      <div data-testid="rescore-status" data-state="running">
        <ProgressBar job={job} label="Re-scoring suggestions" />
      </div>
    )
  }
  if (job.state === 'failed') {
    return (
      <div
        className={props.compact ? 'counter warn' : 'card warn'}
        data-testid="rescore-status"
        data-state="failed"
        role="alert"
      >
        {failure(job)}{' '}
        <button type="button" disabled={starting} onClick={again}>
          Re-score now
        </button>
      </div>
    )
  }
  if (props.compact) return null
  return (
    <p className="muted small" data-testid="rescore-status" data-state={job.state}>
      {job.state === 'done'
        ? `Suggestions are up to date (${job.message ?? 're-scored'}).`
        : 'Re-scoring was replaced by a newer change.'}
    </p>
  )
}
