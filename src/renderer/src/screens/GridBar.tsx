// The grid's toolbar: which images (label with its count, status), what the tiles show, threshold
// selection with its expected precision, and the bulk actions. Stateless: the grid screen owns
// every value.
import {
  MIN_PRECISION_DECISIONS,
  REVIEW_STATUSES,
  type Label,
  type ReviewStatus,
  type ThresholdEstimate
} from '../../../shared/contract'
import { pct } from '../lib/format'
import { i18n, useTranslation } from '../i18n'

/** What selecting p >= x would get right, judged on decided images, and how much it covers. */
function estimateText(e: ThresholdEstimate): string {
  const covers = i18n.t('grid:gridBar.coversOf', { pct: pct(e.coverage), total: e.total })
  if (e.precision === null)
    return i18n.t('grid:gridBar.expectedPrecisionTooFewDecisions', {
      decided: e.decided,
      MIN_PRECISION_DECISIONS,
      covers
    })
  return i18n.t('grid:gridBar.expectedPrecisionOfDecidedImages', {
    pct: pct(e.precision),
    correct: e.correct,
    decided: e.decided,
    covers
  })
}

export interface GridBarProps {
  labels: Label[]
  counts: Map<number, number> | null
  labelId: number | null
  setLabelId(id: number | null): void
  status: ReviewStatus
  setStatus(s: ReviewStatus): void
  total: number
  threshold: string
  setThreshold(v: string): void
  selectAbove(): void
  selectAll(): void
  selectNone(): void
  selected: number
  /** the estimate of the threshold that made the selection (null once the selection changed) */
  estimate: ThresholdEstimate | null
  /** tiles also show an adapted top-1 (adaptation on and learnt) */
  adaptOn: boolean
  busy: boolean
  accept(): void
  correct(): void
  undo(): void
  redo(): void
  help(): void
}

export function GridBar(p: GridBarProps): React.JSX.Element {
  const { t } = useTranslation(['grid', 'common', 'review'])
  const count = (id: number): string => (p.counts ? ` (${p.counts.get(id) ?? 0})` : '')
  const allCount = p.counts ? ` (${[...p.counts.values()].reduce((a, b) => a + b, 0)})` : ''
  return (
    <div className="review-bar" role="toolbar" aria-label={t('gridBar.gridControls')}>
      <label>
        {t('gridBar.top1Label')}{' '}
        <select
          aria-label={t('gridBar.label')}
          value={p.labelId ?? ''}
          onChange={(e) => p.setLabelId(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">{t('gridBar.allLabels', { allCount })}</option>
          {p.labels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
              {count(l.id)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('gridBar.show')}{' '}
        <select
          aria-label={t('gridBar.gridStatusFilter')}
          value={p.status}
          onChange={(e) => p.setStatus(e.target.value as ReviewStatus)}
        >
          {REVIEW_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`review:status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <span className="counter" data-testid="grid-total">
        {t('gridBar.images', { total: p.total })}
      </span>
      <span className="muted grid-legend" data-testid="grid-legend">
        {t('gridBar.sortedByZeroShotTop')}
        {p.adaptOn && (
          <>
            {' · '}
            <span className="tile-src-adapted">{t('gridBar.adapted')}</span>
            {t('gridBar.whatReviewSuggests')}
          </>
        )}
      </span>
      <span className="grow" />
      <label>
        {t('gridBar.p')}{' '}
        <input
          aria-label={t('gridBar.probabilityThreshold')}
          className="narrow"
          type="number"
          min={0}
          max={1}
          step={0.05}
          value={p.threshold}
          onChange={(e) => p.setThreshold(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return
            e.preventDefault()
            p.selectAbove()
          }}
        />
      </label>
      <button type="button" aria-label={t('gridBar.selectAllWithProbabilityAt')} onClick={p.selectAbove}>
        {t('gridBar.selectPX')}
      </button>
      <button type="button" aria-label={t('gridBar.selectAll')} onClick={p.selectAll}>
        {t('gridBar.all')}
      </button>
      <button type="button" aria-label={t('gridBar.clearSelection')} onClick={p.selectNone}>
        {t('gridBar.none')}
      </button>
      <span className={`counter${p.selected ? ' sel-count' : ''}`} data-testid="grid-selected">
        {t('gridBar.selected', { selected: p.selected })}
      </span>
      {p.estimate && (
        <span
          className="muted grid-estimate"
          data-testid="grid-precision"
          title={t('gridBar.ofTheDecidedImagesWhose', { minProb: p.estimate.minProb })}
        >
          {estimateText(p.estimate)}
        </span>
      )}
      <button
        type="button"
        className="primary"
        aria-label={t('gridBar.acceptSelectedTheirZeroShot')}
        aria-keyshortcuts="A"
        disabled={p.busy || p.selected === 0}
        onClick={p.accept}
      >
        {t('gridBar.acceptZeroShotTop1')}
      </button>
      <button
        type="button"
        aria-label={t('gridBar.correctSelected')}
        aria-keyshortcuts="C"
        disabled={p.busy || p.selected === 0}
        onClick={p.correct}
      >
        {t('gridBar.correctC')}
      </button>
      <button
        type="button"
        aria-label={t('gridBar.undoLastAction')}
        aria-keyshortcuts="Control+Z"
        onClick={p.undo}
      >
        {t('gridBar.undo')}
      </button>
      <button
        type="button"
        aria-label={t('gridBar.redo')}
        aria-keyshortcuts="Control+Shift+Z"
        onClick={p.redo}
      >
        {t('gridBar.redo')}
      </button>
      <button
        type="button"
        aria-label={t('gridBar.keyboardShortcuts')}
        aria-keyshortcuts="?"
        onClick={p.help}
      >
        ?
      </button>
    </div>
  )
}
