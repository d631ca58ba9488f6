// The rescore job that follows every label or template change (it re-scores the suggestions from
// cached embeddings): progress while it runs, what it did when done, and why not when it failed,
// with the step that fixes it and a button to run it again.
import { useState } from 'react'
import type { JobProgress } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { ProgressBar } from './Progress'
import { i18n, useTranslation } from '../i18n'

function latestRescore(jobs: Record<string, JobProgress>): JobProgress | null {
  return (
    Object.values(jobs)
      .filter((j) => j.kind === 'rescore')
      .at(-1) ?? null
  )
}

function failure(job: JobProgress): string {
  if (job.error?.code === 'no_model') return i18n.t('common:rescoreStatus.suggestionsWereNotReScored')
  return job.error
    ? i18n.t('common:rescoreStatus.failedWith', { message: job.error.message })
    : i18n.t('common:rescoreStatus.failed')
}

export function RescoreStatus(props: { compact?: boolean }): React.JSX.Element | null {
  const { t } = useTranslation('common')
  const { api, jobs, notify } = useApp()
  const [starting, setStarting] = useState(false)
  const job = latestRescore(jobs)
  if (!job) return null
  const again = (): void => {
    setStarting(true)
    call(api, 'labels.rescore', {})
      .then((r) => {
        if (!r.jobId) notify(i18n.t('common:rescoreStatus.nothingToReScoreYet'), 'info')
      })
      .catch((err: unknown) => notify(toAppError(err).message))
      .finally(() => setStarting(false))
  }
  if (job.state === 'running') {
    if (props.compact)
      return (
        <span className="counter" data-testid="rescore-status" data-state="running">
          {t('rescoreStatus.reScoring', { done: job.done, total: job.total })}
        </span>
      )
    return (
      <div data-testid="rescore-status" data-state="running">
        <ProgressBar job={job} label={t('rescoreStatus.reScoringSuggestions')} />
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
          {t('rescoreStatus.reScoreNow')}
        </button>
      </div>
    )
  }
  if (props.compact) return null
  return (
    <p className="muted small" data-testid="rescore-status" data-state={job.state}>
      {job.state === 'done'
        ? t('rescoreStatus.suggestionsAreUpToDate', { value: job.message ?? 're-scored' })
        : t('rescoreStatus.reScoringWasReplacedBy')}
    </p>
  )
}
