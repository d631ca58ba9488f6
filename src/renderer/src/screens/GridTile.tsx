// One grid tile: thumbnail, its zero-shot top-1 label with the exact probability (what the grid
// sorts by and Accept records), the adapted top-1 that review suggests when adaptation is on (named,
// so the two are never confused), the current decision, and an obvious check mark when selected.
// Click selects (Shift: a range), double-click opens the image in review.
import { useState } from 'react'
import type { GridAdapted, GridRow } from '../../../shared/contract'
import { probPct } from '../lib/format'
import { i18n, useTranslation } from '../i18n'

export type AdaptedTop1 = GridAdapted['rows'][number]

/** A thumbnail that turns into a small warning tile when it cannot be loaded (missing, damaged). */
export function Thumb(props: { url: string }): React.JSX.Element {
  const { t } = useTranslation(['grid', 'common'])
  const [broken, setBroken] = useState(false)
  if (broken) {
    return (
      <span className="thumb-broken" title={t('gridTile.thisImageCannotBeShown')}>
        ⚠
      </span>
    )
  }
  return <img src={props.url} alt="" loading="lazy" onError={() => setBroken(true)} />
}

/** The tile's accessible name: file, zero-shot top-1, and the adapted one when shown. */
function tileName(r: GridRow, adapted?: AdaptedTop1): string {
  const zs = i18n.t('grid:gridTile.zeroShot', {
    relPath: r.relPath,
    label: r.label,
    probPct: probPct(r.prob)
  })
  return adapted
    ? i18n.t('grid:gridTile.adapted', { zs, label: adapted.label, probPct: probPct(adapted.prob) })
    : zs
}

function Top1(props: { source: 'zero-shot' | 'adapted'; label: string; prob: number }): React.JSX.Element {
  const cls = props.source === 'adapted' ? 'adapted' : 'zeroshot'
  return (
    <span className={`tile-top tile-${cls}`} data-testid={`tile-${cls}`}>
      <span className="tile-src">
        {i18n.t(props.source === 'adapted' ? 'review:source.adapted' : 'review:source.zeroShot')}
      </span>
      <span className="tile-label">{props.label}</span>
      <span className="tile-prob">{probPct(props.prob)}</span>
    </span>
  )
}

export function GridTile(props: {
  row: GridRow | undefined
  /** the adapted top-1 review shows for this image, when adaptation is on and has learnt */
  adapted?: AdaptedTop1
  url(imageId: number): string
  selected: boolean
  cursor: boolean
  onClick(shift: boolean): void
  onOpen(): void
}): React.JSX.Element {
  const { t } = useTranslation(['grid', 'common'])
  const { row: r, selected, adapted } = props
  return (
    <div
      role="gridcell"
      aria-selected={selected}
      aria-label={r ? tileName(r, adapted) : 'loading'}
      title={r ? t('gridTile.doubleClickOrEnterOpens', { relPath: r.relPath }) : undefined}
      className={`tile${selected ? ' selected' : ''}${props.cursor ? ' cursor' : ''}`}
      data-testid="grid-tile"
      onClick={(e) => props.onClick(e.shiftKey)}
      onDoubleClick={props.onOpen}
    >
      {r ? (
        <>
          <Thumb url={props.url(r.imageId)} />
          <span className="tile-caption" aria-hidden="true">
            <Top1 source="zero-shot" label={r.label} prob={r.prob} />
            {adapted && <Top1 source="adapted" label={adapted.label} prob={adapted.prob} />}
          </span>
          {r.current && <span className={`tile-kind kind-${r.current.kind}`}>{r.current.kind}</span>}
          {selected && (
            <span className="tile-check" aria-hidden="true">
              ✓
            </span>
          )}
        </>
      ) : (
        <span className="muted">…</span>
      )}
    </div>
  )
}
