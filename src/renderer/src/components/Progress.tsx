import type { JobProgress } from '../../../shared/contract'
import { duration } from '../lib/format'

export function ProgressBar(props: { job: JobProgress; label: string }): React.JSX.Element {
  const { job } = props
  const frac = job.total > 0 ? job.done / job.total : 0
  // downloads count bytes; everything else counts images
  const bytes = job.kind === 'download'
  const amount = (n: number): string => (bytes ? `${(n / 1e6).toFixed(1)} MB` : String(n))
  return (
    <div className="progress-block" data-testid={`progress-${job.kind}`}>
      <div
        className="progress"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={job.done}
      >
        <div className="progress-fill" style={{ width: `${(frac * 100).toFixed(1)}%` }} />
      </div>
      <div className="progress-text">
        <span>
          {job.done} / {job.total}
        </span>
        <span>
          {job.rate > 0 ? `${job.rate.toFixed(1)} ${job.kind === 'download' ? 'MB/s' : 'images/s'}` : ''}
        </span>
        <span>ETA {duration(job.etaS)}</span>
        <span className={`state state-${job.state}`}>{job.state}</span>
      </div>
      {job.message && <div className="muted">{job.message}</div>}
    </div>
  )
}
