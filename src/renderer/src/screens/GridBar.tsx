// The grid's toolbar: which images (label with its count, status), threshold selection, and the
// bulk actions. Stateless: the grid screen owns every value.
import { REVIEW_STATUSES, type Label, type ReviewStatus } from '../../../shared/contract'

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
      <button
        type="button"
        className="primary"
        aria-label="Accept selected"
        aria-keyshortcuts="A"
        disabled={p.busy || p.selected === 0}
        onClick={p.accept}
      >
        Accept (A)
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
