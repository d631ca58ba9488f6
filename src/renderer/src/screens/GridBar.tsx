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

/** What selecting p >= x would get right, judged on decided images, and how much it covers. */
function estimateText(e: ThresholdEstimate): string {
  const covers = `covers ${pct(e.coverage)} of ${e.total}`
  if (e.precision === null)
    return `expected precision: too few decisions (${e.decided} of ${MIN_PRECISION_DECISIONS} needed) · ${covers}`
  return `expected precision ${pct(e.precision)} (${e.correct} of ${e.decided} decided images right) · ${covers}`
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
  const count = (id: number): string => (p.counts ? ` (${p.counts.get(id) ?? 0})` : '')
  const allCount = p.counts ? ` (${[...p.counts.values()].reduce((a, b) => a + b, 0)})` : ''
  return (
    <div className="review-bar" role="toolbar" aria-label="Grid controls">
      <label>
        Top-1 label{' '}
        <select
          aria-label="Label"
          value={p.labelId ?? ''}
          onChange={(e) => p.setLabelId(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">All labels{allCount}</option>
          {p.labels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
              {count(l.id)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Show{' '}
        <select
          aria-label="Grid status filter"
          value={p.status}
          onChange={(e) => p.setStatus(e.target.value as ReviewStatus)}
        >
          {REVIEW_STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <span className="counter" data-testid="grid-total">
        {p.total} images
      </span>
      <span className="muted grid-legend" data-testid="grid-legend">
        sorted by zero-shot top-1
        {p.adaptOn && (
          <>
            {' · '}
            <span className="tile-src-adapted">adapted</span>: what Review suggests
          </>
        )}
      </span>
      <span className="grow" />
      <label>
        p ≥{' '}
        <input
          aria-label="Probability threshold"
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
      <button
        type="button"
        aria-label="Select all with probability at least the threshold"
        onClick={p.selectAbove}
      >
        Select p ≥ x
      </button>
      <button type="button" aria-label="Select all" onClick={p.selectAll}>
        All
      </button>
      <button type="button" aria-label="Clear selection" onClick={p.selectNone}>
        None
      </button>
      <span className={`counter${p.selected ? ' sel-count' : ''}`} data-testid="grid-selected">
        {p.selected} selected
      </span>
      {p.estimate && (
        <span
          className="muted grid-estimate"
          data-testid="grid-precision"
          title={`Of the decided images whose zero-shot top-1 has p ≥ ${p.estimate.minProb}, the share decided as that label (accepts in bulk do not count); and the share of the images shown that the threshold selects.`}
        >
          {estimateText(p.estimate)}
        </span>
      )}
      <button
        type="button"
        className="primary"
        aria-label="Accept selected: their zero-shot top-1"
        aria-keyshortcuts="A"
        disabled={p.busy || p.selected === 0}
        onClick={p.accept}
      >
        Accept zero-shot top-1 (A)
      </button>
      <button
        type="button"
        aria-label="Correct selected"
        aria-keyshortcuts="C"
        disabled={p.busy || p.selected === 0}
        onClick={p.correct}
      >
        Correct… (C)
      </button>
      <button type="button" aria-label="Undo last action" aria-keyshortcuts="Control+Z" onClick={p.undo}>
        Undo
      </button>
      <button type="button" aria-label="Redo" aria-keyshortcuts="Control+Shift+Z" onClick={p.redo}>
        Redo
      </button>
      <button type="button" aria-label="Keyboard shortcuts" aria-keyshortcuts="?" onClick={p.help}>
        ?
      </button>
    </div>
  )
}
