// The tag pass of a tags project: one tag at a time, its images most probable first (pages joined
// as the grid scrolls), picked by click or by "p ≥ x", marked present or absent in one undoable
// batch; beside it what the tag's numbers rest on, its threshold and its negative prompts.
import { useCallback, useState } from 'react'
import type { TagPassItem } from '../../../shared/contract'
import { useApp } from '../context'
import { probPct } from '../lib/format'
import { Thumb } from './GridTile'
import { TagPassBar } from './TagPassBar'
import { TagPassSide } from './TagPassSide'
import { useTagPass } from './useTagPass'
import { i18n, useTranslation } from '../i18n'

/** px from the bottom of the grid at which the next page is asked for */
const NEAR_END = 400

function PassTile(props: {
  it: TagPassItem
  url: string
  selected: boolean
  onClick(): void
  onOpen(): void
}): React.JSX.Element {
  const { t } = useTranslation(['tags', 'common'])
  const { it, selected } = props
  const state = it.state ?? 'undecided'
  return (
    <div
      role="gridcell"
      aria-selected={selected}
      aria-label={i18n.t('tags:tagPass.text', { relPath: it.relPath, probPct: probPct(it.prob), state })}
      title={t('tagPass.clickSelectsDoubleClickOpens', { relPath: it.relPath })}
      className={`tile tile-state-${state}${selected ? ' selected' : ''}`}
      data-testid="pass-tile"
      onClick={props.onClick}
      onDoubleClick={props.onOpen}
    >
      <Thumb url={props.url} />
      <span className="tile-caption" aria-hidden="true">
        <span className="tile-top">
          <span className="tile-prob">{probPct(it.prob)}</span>
        </span>
      </span>
      {it.state && <span className={`tile-kind kind-${it.state}`}>{it.state}</span>}
      {selected && (
        <span className="tile-check" aria-hidden="true">
          ✓
        </span>
      )}
    </div>
  )
}

export function TagPassScreen(): React.JSX.Element {
  const { t } = useTranslation(['tags', 'common'])
  const { api, openInReview } = useApp()
  const pass = useTagPass()
  const [visit] = useState(() => Date.now().toString(36))
  const url = useCallback(
    (id: number) => {
      const u = api.imageUrl(id, { thumb: true })
      return `${u}${u.includes('?') ? '&' : '?'}v=${visit}`
    },
    [api, visit]
  )
  const { summary, loadMore } = pass
  const tag = summary?.tags.find((t) => t.labelId === pass.labelId) ?? null
  const onScroll = (e: React.UIEvent<HTMLDivElement>): void => {
    const el = e.currentTarget
    if (el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_END) loadMore()
  }

  if (summary && summary.tags.length === 0)
    return (
      <main className="screen" aria-label={t('tagPass.tagPass')}>
        <h1>{t('tagPass.tagPass')}</h1>
        <p data-testid="no-tags">{t('tagPass.thisProjectHasNoTags')}</p>
      </main>
    )
  return (
    <main className="screen tag-pass" aria-label={t('tagPass.tagPass')}>
      <TagPassBar pass={pass} />
      <div className="tag-pass-body">
        <div
          className="tag-pass-grid"
          role="grid"
          aria-label={t('tagPass.imagesOfTheTag')}
          onScroll={onScroll}
        >
          {pass.items.map((it) => (
            <PassTile
              key={it.imageId}
              it={it}
              url={url(it.imageId)}
              selected={pass.isSelected(it)}
              onClick={() => pass.click(it)}
              onOpen={() => openInReview?.(it.imageId)}
            />
          ))}
          {!pass.loading && pass.items.length === 0 && (
            <p className="muted" data-testid="pass-empty">
              {t('tagPass.noImageOfThisTag')} {pass.filter === 'all' ? t('tagPass.scoredYet') : pass.filter}.
            </p>
          )}
          {pass.more && (
            <button type="button" disabled={pass.loading} onClick={loadMore}>
              {pass.loading ? t('tagPass.loading') : t('tagPass.loadMore')}
            </button>
          )}
        </div>
        {summary && tag && <TagPassSide summary={summary} tag={tag} onSaved={pass.saved} />}
      </div>
    </main>
  )
}
