// The tag pass's bar: which tag (a dropdown, or a search by name for projects with many tags), the
// filter on its state, the "select p ≥ x" slider with the count it selects, and the bulk actions:
// mark the selection present or absent (one undoable batch), undo, and on to the next tag.
import { useMemo, useState } from 'react'
import { TAG_PASS_FILTERS, type Label, type TagPassFilter } from '../../../shared/contract'
import { createLabelSearch } from '../lib/fuzzy'
import { pct } from '../lib/format'
import type { TagPass } from './useTagPass'

export function TagPassBar(props: { pass: TagPass }): React.JSX.Element {
  const { pass } = props
  const tags = useMemo(() => pass.summary?.tags ?? [], [pass.summary])
  const [find, setFind] = useState('')
  const [x, setX] = useState(0.9)
  const search = useMemo(
    () =>
      createLabelSearch(
        tags.map((t): Label => ({
          id: t.labelId,
          name: t.label,
          descriptions: [],
          color: t.color,
          hotkey: t.key,
          archived: false
        }))
      ),
    [tags]
  )
  const count = pass.selCount
  const selected = count ? `${count.atLeast ? 'at least ' : ''}${count.n} selected` : 'counting…'
  const nothing = pass.sel.kind === 'ids' && pass.sel.ids.size === 0
  return (
    <div className="tag-pass-bar" role="toolbar" aria-label="Tag pass">
      <label>
        Tag{' '}
        <select
          aria-label="Tag"
          value={pass.labelId ?? ''}
          onChange={(e) => pass.setLabelId(Number(e.target.value))}
        >
          {tags.map((t) => (
            <option key={t.labelId} value={t.labelId}>
              {t.label} ({t.present} present, {t.absent} absent)
            </option>
          ))}
        </select>
      </label>
      <input
        aria-label="Find a tag by name"
        placeholder="find a tag…"
        value={find}
        onChange={(e) => setFind(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return
          e.preventDefault()
          const hit = search.search(find, 1)[0]
          if (hit) {
            pass.setLabelId(hit.id)
            setFind('')
          }
        }}
      />
      <label>
        Show{' '}
        <select
          aria-label="Tag state filter"
          value={pass.filter}
          onChange={(e) => pass.setFilter(e.target.value as TagPassFilter)}
        >
          {TAG_PASS_FILTERS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <label className="row">
        p ≥
        <input
          type="range"
          aria-label="Probability threshold"
          min={0}
          max={1}
          step={0.01}
          value={x}
          onChange={(e) => setX(Number(e.target.value))}
        />
        <span className="mono">{x.toFixed(2)}</span>
      </label>
      <button type="button" onClick={() => pass.selectAbove(x)}>
        Select p ≥ {x.toFixed(2)}
      </button>
      <span className="counter" data-testid="tag-pass-selected" aria-live="polite">
        {pass.sel.kind === 'above'
          ? `${selected} (p ≥ ${pct(pass.sel.minProb, 0)}, ${pass.filter})`
          : `${selected}`}
      </span>
      <button type="button" disabled={nothing} onClick={pass.clear}>
        Clear
      </button>
      <span className="grow" />
      <button
        type="button"
        className="primary"
        disabled={pass.busy || nothing}
        onClick={() => void pass.mark('present')}
      >
        Mark present
      </button>
      <button type="button" disabled={pass.busy || nothing} onClick={() => void pass.mark('absent')}>
        Mark absent
      </button>
      <button type="button" disabled={pass.busy} onClick={() => void pass.undo()}>
        Undo
      </button>
      <button type="button" disabled={tags.length < 2} onClick={pass.nextTag}>
        Next tag →
      </button>
    </div>
  )
}
