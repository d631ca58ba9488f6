import type { JobProgress } from '../../../shared/contract'
import { duration } from '../lib/format'
import { i18n, useTranslation } from '../i18n'

export function ProgressBar(props: { job: JobProgress; label: string }): React.JSX.Element {
  const { t } = useTranslation('common')
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
          {amount(job.done)} / {amount(job.total)}
        </span>
        <span>
          {job.rate > 0
            ? bytes
              ? t('progress.mbS', { toFixed: (job.rate / 1e6).toFixed(1) })
              : i18n.t('common:progress.imagesS', { toFixed: job.rate.toFixed(1) })
            : ''}
        </span>
        <span>{t('progress.eta', { duration: duration(job.etaS) })}</span>
        <span className={`state state-${job.state}`}>{job.state}</span>
      </div>
      {job.message && <div className="muted">{job.message}</div>}
    </div>
  )
}
