// The tag pass's bar: which tag (a dropdown, or a search by name for projects with many tags), the
// filter on its state, the "select p ≥ x" slider with the count it selects, and the bulk actions:
// mark the selection present or absent (one undoable batch), undo, and on to the next tag.
import { useMemo, useState } from 'react'
import { TAG_PASS_FILTERS, type Label, type TagPassFilter } from '../../../shared/contract'
import { createLabelSearch } from '../lib/fuzzy'
import { pct } from '../lib/format'
import type { TagPass } from './useTagPass'
import { useTranslation } from '../i18n'

export function TagPassBar(props: { pass: TagPass }): React.JSX.Element {
  const { t } = useTranslation(['tags', 'common'])
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
  const selected = count
    ? t(count.atLeast ? 'tagPassBar.selectedAtLeast' : 'tagPassBar.selected', { n: count.n })
    : t('tagPassBar.counting')
  const nothing = pass.sel.kind === 'ids' && pass.sel.ids.size === 0
  return (
    <div className="tag-pass-bar" role="toolbar" aria-label={t('tagPassBar.tagPass')}>
      <label>
        {t('tagPassBar.tag')}{' '}
        <select
          aria-label={t('tagPassBar.tag')}
          value={pass.labelId ?? ''}
          onChange={(e) => pass.setLabelId(Number(e.target.value))}
        >
          {tags.map((tag) => (
            <option key={tag.labelId} value={tag.labelId}>
              {t('tagPassBar.presentAbsent', { label: tag.label, present: tag.present, absent: tag.absent })}
            </option>
          ))}
        </select>
      </label>
      <input
        aria-label={t('tagPassBar.findATagByName')}
        placeholder={t('tagPassBar.findATag')}
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
        {t('tagPassBar.show')}{' '}
        <select
          aria-label={t('tagPassBar.tagStateFilter')}
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
        {t('tagPassBar.p')}
        <input
          type="range"
          aria-label={t('tagPassBar.probabilityThreshold')}
          min={0}
          max={1}
          step={0.01}
          value={x}
          onChange={(e) => setX(Number(e.target.value))}
        />
        <span className="mono">{x.toFixed(2)}</span>
      </label>
      <button type="button" onClick={() => pass.selectAbove(x)}>
        {t('tagPassBar.selectP', { toFixed: x.toFixed(2) })}
      </button>
      <span className="counter" data-testid="tag-pass-selected" aria-live="polite">
        {pass.sel.kind === 'above'
          ? t('tagPassBar.p2', { selected, pct: pct(pass.sel.minProb, 0), filter: pass.filter })
          : `${selected}`}
      </span>
      <button type="button" disabled={nothing} onClick={pass.clear}>
        {t('tagPassBar.clear')}
      </button>
      <span className="grow" />
      <button
        type="button"
        className="primary"
        disabled={pass.busy || nothing}
        onClick={() => void pass.mark('present')}
      >
        {t('tagPassBar.markPresent')}
      </button>
      <button type="button" disabled={pass.busy || nothing} onClick={() => void pass.mark('absent')}>
        {t('tagPassBar.markAbsent')}
      </button>
      <button type="button" disabled={pass.busy} onClick={() => void pass.undo()}>
        {t('tagPassBar.undo')}
      </button>
      <button type="button" disabled={tags.length < 2} onClick={pass.nextTag}>
        {t('tagPassBar.nextTag')}
      </button>
    </div>
  )
}
