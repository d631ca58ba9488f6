// One grid tile: thumbnail, exact top-1 probability, current decision, and an obvious check mark
// when selected. Click selects (Shift: a range), double-click opens the image in review.
import { useState } from 'react'
import type { GridRow } from '../../../shared/contract'
import { probPct } from '../lib/format'

/** A thumbnail that turns into a small warning tile when it cannot be loaded (missing, damaged). */
function Thumb(props: { url: string }): React.JSX.Element {
  const [broken, setBroken] = useState(false)
  if (broken) {
    return (
      <span className="thumb-broken" title="This image cannot be shown (missing or unreadable)">
        ⚠
      </span>
    )
  }
  return <img src={props.url} alt="" loading="lazy" onError={() => setBroken(true)} />
}

export function GridTile(props: {
  row: GridRow | undefined
  url(imageId: number): string
  selected: boolean
  cursor: boolean
  onClick(shift: boolean): void
  onOpen(): void
}): React.JSX.Element {
  const { row: r, selected } = props
  return (
    <div
      role="gridcell"
      aria-selected={selected}
      aria-label={r ? `${r.relPath}, ${probPct(r.prob)}` : 'loading'}
      title={r ? `${r.relPath} — double-click or Enter opens it in review` : undefined}
      className={`tile${selected ? ' selected' : ''}${props.cursor ? ' cursor' : ''}`}
      data-testid="grid-tile"
      onClick={(e) => props.onClick(e.shiftKey)}
      onDoubleClick={props.onOpen}
    >
      {r ? (
        <>
          <Thumb url={props.url(r.imageId)} />
          <span className="tile-prob">{probPct(r.prob)}</span>
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
