// Where the review screen's images come from: the filtered queue of all images, or a list —
// possible mistakes (reviewed labels the model doubts), a text search, near-duplicate groups, or a
// list another screen opened (a compare cell). The picker sits at the left of the review bar with
// the controls of the chosen source (the search box, the duplicates' similarity).
import { useEffect, useRef, useState } from 'react'
import type { ReviewList } from '../context'

export type ReviewSource =
  | { kind: 'queue' }
  | { kind: 'mistakes' }
  | { kind: 'search'; text: string }
  | { kind: 'duplicates'; threshold: number }
  | { kind: 'list'; list: ReviewList }

const DUPLICATE_THRESHOLDS = [0.9, 0.95, 0.98, 0.99] as const

const CHOICES: { kind: ReviewSource['kind']; label: string }[] = [
  { kind: 'queue', label: 'All images (filters)' },
  { kind: 'mistakes', label: 'Possible mistakes' },
  { kind: 'search', label: 'Search by text' },
  { kind: 'duplicates', label: 'Near-duplicates' }
]

function fresh(kind: ReviewSource['kind']): ReviewSource {
  switch (kind) {
    case 'search':
      return { kind, text: '' }
    case 'duplicates':
      return { kind, threshold: 0.95 }
    case 'mistakes':
      return { kind }
    default:
      return { kind: 'queue' }
  }
}

export function SourcePicker(props: {
  source: ReviewSource
  onChange(source: ReviewSource): void
}): React.JSX.Element {
  const { source, onChange } = props
  const [text, setText] = useState(source.kind === 'search' ? source.text : '')
  const box = useRef<HTMLInputElement>(null)
  // choosing "Search by text" puts the cursor in the box
  useEffect(() => {
    if (source.kind === 'search' && source.text === '') box.current?.focus()
  }, [source])

  return (
    <>
      <label>
        Review{' '}
        <select
          aria-label="Queue source"
          value={source.kind}
          onChange={(e) => onChange(fresh(e.target.value as ReviewSource['kind']))}
        >
          {CHOICES.map((c) => (
            <option key={c.kind} value={c.kind}>
              {c.label}
            </option>
          ))}
          {source.kind === 'list' && <option value="list">{source.list.title}</option>}
        </select>
      </label>
      {source.kind === 'search' && (
        <form
          role="search"
          className="review-search"
          onSubmit={(e) => {
            e.preventDefault()
            if (text.trim()) onChange({ kind: 'search', text: text.trim() })
          }}
        >
          <input
            ref={box}
            type="search"
            aria-label="Search text"
            placeholder="a red car at night"
            value={text}
            maxLength={500}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" disabled={!text.trim()}>
            Search
          </button>
        </form>
      )}
      {source.kind === 'duplicates' && (
        <label>
          Similarity ≥{' '}
          <select
            aria-label="Duplicate similarity"
            value={source.threshold}
            onChange={(e) => onChange({ kind: 'duplicates', threshold: Number(e.target.value) })}
          >
            {DUPLICATE_THRESHOLDS.map((t) => (
              <option key={t} value={t}>
                {t.toFixed(2)}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  )
}
