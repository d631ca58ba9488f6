// The tag panel of a tags project's review screen: every tag of the image with its probability (a
// bar), where that number comes from (cold start or calibrated, and on how many decisions), its key
// and whether it is checked (present), unchecked (absent) or unsure. A click toggles a tag,
// Shift+click marks it unsure; a search box finds any tag by name. A long list (hundreds of tags)
// is virtualised, so only the rows on screen are rendered.
import { useMemo, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { Label, TagInfo, TagState, TagView } from '../../../shared/contract'
import { pct } from '../lib/format'
import { createLabelSearch } from '../lib/fuzzy'
import { i18n, useTranslation } from '../i18n'

/** rows rendered as they are up to this many tags; longer lists are virtualised */
const PLAIN_ROWS = 100
const ROW_HEIGHT = 34

export interface TagPanelProps {
  tags: TagView[]
  /** the state each tag has on screen now (the server's, or as toggled) */
  stateOf(t: TagView): TagState
  keys: Map<number, string>
  /** the per-tag summary (calibration, decisions), when it has come */
  info: Map<number, TagInfo>
  /** the project's labels, for the search (names and descriptions) */
  labels: Label[]
  toggle(labelId: number, unsure: boolean): void
  accept(): void
  /** hands the keys back to the stage (after a search) */
  done(): void
  searchRef: React.RefObject<HTMLInputElement | null>
  /** the pointer came over the tags (their tooltips say what each number rests on) */
  look(): void
}

/** What a tag's number rests on, said in a tooltip and a small line. */
function sourceNote(t: TagView, info: TagInfo | undefined): string {
  if (t.source === 'adapted') return i18n.t('tags:tagPanel.blendedWithYourReviewedExamples')
  const cal = info?.calibration
  if (t.source === 'calibrated' || cal?.kind === 'calibrated') {
    const n = cal ? cal.present + cal.absent : null
    return n === null
      ? i18n.t('tags:tagPanel.calibratedOnYourDecisions')
      : i18n.t('tags:tagPanel.calibratedOnDecisionsPresentAbsent', {
          n,
          present: cal!.present,
          absent: cal!.absent
        })
  }
  if (cal?.kind === 'coldstart' && cal.needs.present === 0 && cal.needs.absent === 0)
    return i18n.t('tags:tagPanel.coldStartZeroShotFor', { value: cal.present + cal.absent })
  if (cal?.kind === 'coldstart')
    return i18n.t('tags:tagPanel.coldStartZeroShotNeeds', {
      present: cal.needs.present,
      absent: cal.needs.absent
    })
  return i18n.t('tags:tagPanel.coldStartZeroShot')
}

const MARK: Record<TagState, string> = { present: '✓', absent: '', unsure: '?' }

function TagRow(props: {
  t: TagView
  state: TagState
  k: string | undefined
  info: TagInfo | undefined
  toggle(labelId: number, unsure: boolean): void
  style?: React.CSSProperties
}): React.JSX.Element {
  const { t } = useTranslation(['tags', 'common'])
  const { t: tag, state, k } = props
  const note = sourceNote(tag, props.info)
  return (
    <li style={props.style} className={`tag-row tag-${state}`} data-testid="tag-row">
      <button
        type="button"
        className="tag-toggle"
        aria-pressed={state === 'present'}
        aria-label={t(k ? 'tagPanel.rowKey' : 'tagPanel.row', {
          label: tag.label,
          state: t(`state.${state}`),
          prob: pct(tag.prob, 1),
          k
        })}
        title={t('tagPanel.clickTogglesShiftClickMarks', { note })}
        onClick={(e) => props.toggle(tag.labelId, e.shiftKey)}
      >
        <kbd className={k ? '' : 'nokey'}>{k ?? '·'}</kbd>
        <span className="tag-mark" aria-hidden="true">
          {MARK[state]}
        </span>
        <span className="s-label" style={{ borderLeftColor: tag.color }}>
          {tag.label}
        </span>
        <span className="s-prob">{pct(tag.prob, 1)}</span>
        <span className={`s-source source-${tag.source}`} data-testid="tag-source">
          {tag.source === 'coldstart' ? t('tagPanel.coldStart') : tag.source}
          {tag.state !== null && <span className="muted"> {t('tagPanel.decided')}</span>}
        </span>
        <span className="bar" aria-hidden="true">
          <span style={{ width: `${Math.max(1, tag.prob * 100)}%` }} />
        </span>
      </button>
    </li>
  )
}

function TagRows(props: TagPanelProps): React.JSX.Element {
  const { t } = useTranslation(['tags', 'common'])
  const { tags } = props
  const scroller = useRef<HTMLDivElement>(null)
  const big = tags.length > PLAIN_ROWS
  const virt = useVirtualizer({
    count: big ? tags.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8
  })
  const row = (t: TagView, style?: React.CSSProperties): React.JSX.Element => (
    <TagRow
      key={t.labelId}
      t={t}
      state={props.stateOf(t)}
      k={props.keys.get(t.labelId)}
      info={props.info.get(t.labelId)}
      toggle={props.toggle}
      style={style}
    />
  )
  return (
    <div className="tag-list-scroll" ref={scroller} onMouseEnter={props.look}>
      {big ? (
        <ul
          className="tag-list"
          aria-label={t('tagPanel.tags')}
          style={{ height: virt.getTotalSize(), position: 'relative' }}
        >
          {virt.getVirtualItems().map((v) =>
            row(tags[v.index]!, {
              position: 'absolute',
              top: 0,
              left: 0,
              right: 0,
              height: ROW_HEIGHT,
              transform: `translateY(${v.start}px)`
            })
          )}
        </ul>
      ) : (
        <ul className="tag-list" aria-label={t('tagPanel.tags')}>
          {tags.map((t) => row(t))}
        </ul>
      )}
    </div>
  )
}

function TagFind(props: TagPanelProps): React.JSX.Element {
  const { t } = useTranslation(['tags', 'common'])
  const ids = useMemo(() => new Set(props.tags.map((t) => t.labelId)), [props.tags])
  const search = useMemo(() => {
    const known = new Map(props.labels.map((l) => [l.id, l]))
    // the project's labels when known (descriptions find a tag too), else the tag as shown
    const list = props.tags.map(
      (t): Label =>
        known.get(t.labelId) ?? {
          id: t.labelId,
          name: t.label,
          descriptions: [],
          color: t.color,
          hotkey: t.key,
          archived: false
        }
    )
    return createLabelSearch(list)
  }, [props.labels, props.tags])
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const results = useMemo(
    () => (query.trim() ? search.search(query, 8).filter((l) => ids.has(l.id)) : []),
    [search, query, ids]
  )
  const index = Math.min(active, Math.max(0, results.length - 1))
  const byId = new Map(props.tags.map((t) => [t.labelId, t]))
  const pick = (id: number, unsure: boolean): void => {
    props.toggle(id, unsure)
    setQuery('')
    setActive(0)
    props.done()
  }
  return (
    <div className="tag-find">
      <input
        ref={props.searchRef}
        aria-label={t('tagPanel.findATag')}
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls="tag-find-results"
        placeholder={t('tagPanel.findATag2')}
        value={query}
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
            const hit = results[index]
            if (hit) pick(hit.id, e.shiftKey)
          } else if (e.key === 'Escape') {
            e.preventDefault()
            setQuery('')
            props.done()
          }
        }}
      />
      {results.length > 0 && (
        <ul
          id="tag-find-results"
          role="listbox"
          aria-label={t('tagPanel.tagsFound')}
          className="tag-find-results"
        >
          {results.map((l, i) => {
            const t = byId.get(l.id)!
            return (
              <li
                key={l.id}
                role="option"
                aria-selected={i === index}
                className={i === index ? 'active' : ''}
                onMouseDown={(e) => {
                  e.preventDefault()
                  pick(l.id, e.shiftKey)
                }}
              >
                {l.name} <span className="muted small">{props.stateOf(t)}</span>
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}

export function TagPanel(props: TagPanelProps & { openLabels(): void }): React.JSX.Element {
  const { t } = useTranslation(['tags', 'common'])
  const { tags } = props
  if (tags.length === 0)
    return (
      <div className="tag-panel empty-tags" data-testid="no-tags">
        <p>
          <strong>{t('tagPanel.thisProjectHasNoTags')}</strong> {t('tagPanel.addTheTagsYouWant')}
        </p>
        <button type="button" onClick={props.openLabels}>
          {t('tagPanel.addTags')}
        </button>
      </div>
    )
  const present = tags.filter((t) => props.stateOf(t) === 'present').length
  const unsure = tags.filter((t) => props.stateOf(t) === 'unsure').length
  const calibrated = tags.filter((t) => t.source !== 'coldstart').length
  return (
    <div className="tag-panel" data-testid="tag-panel">
      <div className="muted small" data-testid="tag-counts">
        {t('tagPanel.ofTagsChecked', { present, length: tags.length })}
        {unsure ? t('tagPanel.unsure', { unsure }) : ''} {t('tagPanel.calibrated', { calibrated })}
      </div>
      <TagFind {...props} />
      <TagRows {...props} />
      <button
        type="button"
        className="primary"
        aria-label={t('tagPanel.acceptTheTagsShownKey')}
        onClick={props.accept}
      >
        <kbd>{t('tagPanel.enter')}</kbd> {t('tagPanel.acceptTags')}
      </button>
    </div>
  )
}
