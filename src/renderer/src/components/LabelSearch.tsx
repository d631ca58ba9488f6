// The correction panel opened by 0/X: type to fuzzy-search labels, ↑/↓ to move, Enter confirms,
// Shift+Enter rejects without a label, Esc cancels. With onAdd, a name no label has is offered as
// a new label (the last option; Enter when nothing else matches); "name: description" is read as
// the new-project form reads it, so the description does not become part of the name.
import { useMemo, useState } from 'react'
import type { Label, LabelInput } from '../../../shared/contract'
import { parseLabelLine } from '../../../shared/label-text'
import { createLabelSearch } from '../lib/fuzzy'
import { useTranslation } from '../i18n'

export function LabelSearch(props: {
  labels: Label[]
  onPick(label: Label): void
  /** absent: no "reject without a label" option (e.g. bulk correction) */
  onRejectOnly?: () => void
  /** absent: no "add as a new label" option */
  onAdd?: (label: LabelInput) => void
  /** the name being added (the panel waits, keys and all, until it is saved) */
  adding?: string | null
  onCancel(): void
  title?: string
}): React.JSX.Element {
  const { t } = useTranslation('common')
  const search = useMemo(() => createLabelSearch(props.labels), [props.labels])
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const typed = parseLabelLine(query)
  const name = typed?.name ?? ''
  const description = typed?.descriptions?.[0] ?? ''
  // the name alone is searched: "ladybird: red" finds ladybird, not labels described as red; a
  // description without a name matches nothing (not every label, as an empty search does)
  const nameless = typed === null && query.trim() !== ''
  const results = useMemo(() => (nameless ? [] : search.search(name, 10)), [search, name, nameless])
  const canAdd =
    !!props.onAdd && typed !== null && name.length <= 200 && description.length <= 500 && !search.exact(name)
  const options = results.length + (canAdd ? 1 : 0)
  const index = Math.min(active, Math.max(0, options - 1))
  const busy = !!props.adding
  const choose = (i: number): void => {
    if (busy) return
    if (results[i]) props.onPick(results[i])
    else if (canAdd && i === results.length) props.onAdd!(typed!)
  }

  return (
    <div
      className="label-search"
      role="dialog"
      aria-modal="true"
      aria-label={props.title ?? t('labelSearch.correctTheLabel')}
    >
      <h2>{props.title ?? t('labelSearch.noneOfTheseWhichLabel')}</h2>
      <input
        autoFocus
        aria-label={t('labelSearch.searchLabels')}
        role="combobox"
        aria-expanded="true"
        aria-controls="label-results"
        aria-activedescendant={
          results[index] ? `label-opt-${results[index].id}` : canAdd ? 'label-opt-add' : undefined
        }
        value={query}
        readOnly={busy}
        placeholder={t('labelSearch.typeALabel')}
        onChange={(e) => {
          setQuery(e.target.value)
          setActive(0)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setActive(Math.min(index + 1, options - 1))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive(Math.max(index - 1, 0))
          } else if (e.key === 'Enter') {
            e.preventDefault()
            if (e.shiftKey) {
              if (!busy) props.onRejectOnly?.()
            } else choose(index)
          } else if (e.key === 'Escape') {
            e.preventDefault()
            e.stopPropagation()
            if (!busy) props.onCancel()
          }
          // keep the review screen's global keys away while typing here
          e.stopPropagation()
        }}
      />
      <ul id="label-results" role="listbox" aria-label={t('labelSearch.matchingLabels')}>
        {results.map((l, i) => (
          <li
            key={l.id}
            id={`label-opt-${l.id}`}
            role="option"
            aria-selected={i === index}
            className={i === index ? 'active' : ''}
            onMouseDown={(e) => {
              e.preventDefault()
              choose(i)
            }}
          >
            <span className="swatch" style={{ background: l.color }} />
            {l.name}
            {l.descriptions[0] && <span className="muted small"> — {l.descriptions[0]}</span>}
          </li>
        ))}
        {results.length === 0 && !canAdd && (
          <li className="muted">{t('labelSearch.noLabelMatches', { query })}</li>
        )}
        {canAdd && (
          <li
            id="label-opt-add"
            role="option"
            aria-selected={index === results.length}
            aria-label={t('labelSearch.addAsANewLabel', { name })}
            className={`add-option${index === results.length ? ' active' : ''}`}
            onMouseDown={(e) => {
              e.preventDefault()
              choose(results.length)
            }}
          >
            {busy
              ? t('labelSearch.adding', { adding: props.adding })
              : t('labelSearch.addAsANewLabel', { name })}
            {description && !busy && (
              <span className="muted small">{t('labelSearch.describedAs', { description })}</span>
            )}
            {results.length === 0 && !busy && (
              <span className="muted small"> {t('labelSearch.noLabelMatchesEnter')}</span>
            )}
          </li>
        )}
      </ul>
      <div className="row end small muted">
        <span>
          {t('labelSearch.enterCorrect')}
          {props.onRejectOnly ? t('labelSearch.shiftEnterRejectWithoutA') : ''} {t('labelSearch.escCancel')}
        </span>
        {props.onRejectOnly && (
          <button
            type="button"
            aria-label={t('labelSearch.rejectWithoutALabel')}
            disabled={busy}
            onClick={props.onRejectOnly}
          >
            {t('labelSearch.rejectOnly')}
          </button>
        )}
        <button
          type="button"
          aria-label={t('labelSearch.cancelCorrection')}
          disabled={busy}
          onClick={props.onCancel}
        >
          {t('labelSearch.cancel')}
        </button>
      </div>
    </div>
  )
}
