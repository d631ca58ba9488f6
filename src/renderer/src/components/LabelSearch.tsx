// The correction panel opened by 0/X: type to fuzzy-search labels, ↑/↓ to move, Enter confirms,
// Shift+Enter rejects without a label, Esc cancels.
import { useMemo, useState } from 'react'
import type { Label } from '../../../shared/contract'
import { createLabelSearch } from '../lib/fuzzy'

export function LabelSearch(props: {
  labels: Label[]
  onPick(label: Label): void
  /** absent: no "reject without a label" option (e.g. bulk correction) */
  onRejectOnly?: () => void
  onCancel(): void
  title?: string
}): React.JSX.Element {
  const search = useMemo(() => createLabelSearch(props.labels), [props.labels])
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const results = useMemo(() => search.search(query, 10), [search, query])
  const index = Math.min(active, Math.max(0, results.length - 1))

  return (
    <div
      className="label-search"
      role="dialog"
      aria-modal="true"
      aria-label={props.title ?? 'Correct the label'}
    >
      <h2>{props.title ?? 'None of these: which label is it?'}</h2>
      <input
        autoFocus
        aria-label="Search labels"
        role="combobox"
        aria-expanded="true"
        aria-controls="label-results"
        aria-activedescendant={results[index] ? `label-opt-${results[index].id}` : undefined}
        value={query}
        placeholder="type a label…"
        onChange={(e) => {
          setQuery(e.target.value)
          setActive(0)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setActive(Math.min(index + 1, results.length - 1))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive(Math.max(index - 1, 0))
          } else if (e.key === 'Enter') {
            e.preventDefault()
            if (e.shiftKey) props.onRejectOnly?.()
            else if (results[index]) props.onPick(results[index])
          } else if (e.key === 'Escape') {
            e.preventDefault()
            e.stopPropagation()
            props.onCancel()
          }
          // keep the review screen's global keys away while typing here
          e.stopPropagation()
        }}
      />
      <ul id="label-results" role="listbox" aria-label="Matching labels">
        {results.map((l, i) => (
          <li
            key={l.id}
            id={`label-opt-${l.id}`}
            role="option"
            aria-selected={i === index}
            className={i === index ? 'active' : ''}
            onMouseDown={(e) => {
              e.preventDefault()
              props.onPick(l)
            }}
          >
            <span className="swatch" style={{ background: l.color }} />
            {l.name}
            {l.descriptions[0] && <span className="muted small"> — {l.descriptions[0]}</span>}
          </li>
        ))}
        {results.length === 0 && <li className="muted">No label matches “{query}”.</li>}
      </ul>
      <div className="row end small muted">
        <span>
          Enter: correct{props.onRejectOnly ? ' · Shift+Enter: reject without a label' : ''} · Esc: cancel
        </span>
        {props.onRejectOnly && (
          <button type="button" aria-label="Reject without a label" onClick={props.onRejectOnly}>
            Reject only
          </button>
        )}
        <button type="button" aria-label="Cancel correction" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  )
}
