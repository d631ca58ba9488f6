// Grid: thumbnails of the images whose top-1 suggestion is one label, most confident first.
// Virtualised rows (@tanstack/react-virtual) and pages fetched on demand, so 100k images cost
// only what is on screen. Accept or correct many at once: one grid.bulk call, one undo step.
import { useCallback, useEffect, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { REVIEW_STATUSES, type GridRow, type Label, type ReviewStatus } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { LabelSearch } from '../components/LabelSearch'
import { useApp } from '../context'
import { pct } from '../lib/format'
import { STALE, useLatest, type Ticket } from '../lib/latest'
import { clickSelect, emptySelection, pagesFor, selectPrefix, type Selection } from '../lib/selection'

const PAGE = 200
/** pages fetched per request when an action needs ids that were never on screen (1000 rows) */
const BULK_PAGES = 5
const TILE = 168

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

export function GridScreen(): React.JSX.Element {
  const { api, project, notify } = useApp()
  const labels: Label[] = (project?.labels ?? []).filter((l) => !l.archived)
  const [labelId, setLabelId] = useState<number | null>(labels[0]?.id ?? null)
  const [status, setStatus] = useState<ReviewStatus>('unreviewed')
  const [total, setTotal] = useState(0)
  const [version, setVersion] = useState(0)
  const [, setTick] = useState(0)
  const [sel, setSel] = useState<Selection>(emptySelection)
  const [cursor, setCursor] = useState(0)
  const [threshold, setThreshold] = useState('0.5')
  const [correcting, setCorrecting] = useState(false)
  const [busy, setBusy] = useState(false)
  const pages = useRef(new Map<number, GridRow[]>())
  const loadingPages = useRef(new Set<number>())
  const scroller = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(800)

  useEffect(() => {
    if (labelId === null && labels[0]) setLabelId(labels[0].id)
  }, [labelId, labels])

  useEffect(() => {
    const el = scroller.current
    if (!el) return
    const ro = new ResizeObserver(() => setWidth(el.clientWidth))
    ro.observe(el)
    setWidth(el.clientWidth || 800)
    return () => ro.disconnect()
  }, [])

  const cols = Math.max(1, Math.floor((width - 8) / TILE))
  const rowCount = Math.ceil(total / cols)

  // one ticket per label/status/bulk action: pages of an older one are dropped when they arrive
  const view = useLatest()
  const viewTicket = useRef<Ticket | null>(null)
  viewTicket.current ??= view.begin() // once: begin() on every render would make each ticket stale
  // "select all with p >= x": only the latest threshold's count selects (and none after a reset)
  const above = useLatest()

  const loadPage = useCallback(
    async (page: number, t: Ticket): Promise<GridRow[] | undefined> => {
      if (labelId === null) return
      const have = pages.current.get(page)
      if (have) return have
      const loading = loadingPages.current // this view's set: a stale load must not clear the next's
      loading.add(page)
      try {
        const r = await call(api, 'grid.page', { labelId, status, offset: page * PAGE, limit: PAGE })
        if (!t.current()) return
        pages.current.set(page, r.rows)
        setTotal(r.total)
        setTick((t) => t + 1)
        return r.rows
      } finally {
        loading.delete(page)
      }
    },
    [api, labelId, status]
  )

  // new label/status or after a bulk action: start over
  useEffect(() => {
    const t = (viewTicket.current = view.begin())
    above.cancel()
    pages.current.clear()
    loadingPages.current = new Set()
    setSel(emptySelection())
    setCursor(0)
    setTotal(0)
    void loadPage(0, t).catch((e) => t.current() && notify(toAppError(e).message))
  }, [loadPage, version, notify, view, above])

  const virt = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => TILE,
    overscan: 3
  })
  const vrows = virt.getVirtualItems()

  // fetch the pages the visible rows need
  useEffect(() => {
    if (!vrows.length) return
    const first = vrows[0]!.index * cols
    const last = Math.min(total - 1, (vrows[vrows.length - 1]!.index + 1) * cols - 1)
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) {
      if (!pages.current.has(p) && !loadingPages.current.has(p)) {
        void loadPage(p, viewTicket.current!).catch(() => undefined)
      }
    }
  })

  const rowAt = (i: number): GridRow | undefined => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE]

  /** Ids of the selected positions; missing pages are fetched BULK_PAGES at a time (1000 rows). */
  const selectedIds = async (): Promise<number[]> => {
    if (labelId === null) return []
    const t = viewTicket.current!
    const missing = pagesFor(sel.indices, PAGE).filter((p) => !pages.current.has(p))
    for (let i = 0; i < missing.length;) {
      // one request per run of up to BULK_PAGES consecutive missing pages
      let n = 1
      while (n < BULK_PAGES && missing[i + n] === missing[i]! + n) n++
      const r = await call(api, 'grid.page', { labelId, status, offset: missing[i]! * PAGE, limit: n * PAGE })
      if (!t.current()) return [] // the label or status changed meanwhile: act on nothing
      for (let k = 0; k < n; k++) pages.current.set(missing[i]! + k, r.rows.slice(k * PAGE, (k + 1) * PAGE))
      i += n
    }
    return [...sel.indices]
      .sort((a, b) => a - b)
      .map((i) => rowAt(i)?.imageId)
      .filter((x): x is number => x !== undefined)
  }

  const bulk = async (action: 'accept' | 'correct', target?: number): Promise<void> => {
    setBusy(true)
    try {
      const ids = await selectedIds()
      if (!ids.length) return
      const r = await call(api, 'grid.bulk', { imageIds: ids, action, labelId: target })
      notify(`${action === 'accept' ? 'Accepted' : 'Corrected'} ${r.count} images (Ctrl+Z undoes)`, 'info')
      setVersion((x) => x + 1)
    } catch (err) {
      notify(toAppError(err).message)
    } finally {
      setBusy(false)
    }
  }

  const selectAbove = async (): Promise<void> => {
    const x = Number(threshold)
    if (labelId === null || !(x >= 0 && x <= 1)) {
      notify('The threshold is a probability between 0 and 1.')
      return
    }
    try {
      const r = await above.run(() =>
        call(api, 'grid.page', { labelId, status, minProb: x, offset: 0, limit: 1 })
      )
      if (r !== STALE) setSel(selectPrefix(r.total))
    } catch (err) {
      notify(toAppError(err).message)
    }
  }

  const undo = async (): Promise<void> => {
    try {
      const r = await call(api, 'review.undo', {})
      if (r.imageId === null) notify('Nothing to undo.', 'info')
      setVersion((x) => x + 1)
    } catch (err) {
      notify(toAppError(err).message)
    }
  }

  const onKey = (e: React.KeyboardEvent): void => {
    if (correcting) return
    const mod = e.ctrlKey || e.metaKey
    let next = cursor
    if (e.key === 'ArrowRight') next = cursor + 1
    else if (e.key === 'ArrowLeft') next = cursor - 1
    else if (e.key === 'ArrowDown') next = cursor + cols
    else if (e.key === 'ArrowUp') next = cursor - cols
    else if (e.key === ' ') {
      e.preventDefault()
      setSel((s) => clickSelect(s, cursor, e.shiftKey))
      return
    } else if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault()
      setSel(selectPrefix(total))
      return
    } else if (mod && e.key.toLowerCase() === 'z') {
      e.preventDefault()
      void undo()
      return
    } else if (!mod && e.key.toLowerCase() === 'a' && sel.indices.size) {
      e.preventDefault()
      void bulk('accept')
      return
    } else if (!mod && e.key.toLowerCase() === 'c' && sel.indices.size) {
      e.preventDefault()
      setCorrecting(true)
      return
    } else if (e.key === 'Escape') {
      setSel(emptySelection())
      return
    } else return
    e.preventDefault()
    next = Math.max(0, Math.min(total - 1, next))
    if (e.shiftKey) setSel((s) => clickSelect({ ...s, anchor: s.anchor ?? cursor }, next, true))
    setCursor(next)
    virt.scrollToIndex(Math.floor(next / cols))
  }

  return (
    <main className="screen grid-screen" aria-label="Grid">
      <div className="review-bar" role="toolbar" aria-label="Grid controls">
        <label>
          Top-1 label{' '}
          <select
            aria-label="Label"
            value={labelId ?? ''}
            onChange={(e) => setLabelId(e.target.value === '' ? null : Number(e.target.value))}
          >
            {labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Show{' '}
          <select
            aria-label="Grid status filter"
            value={status}
            onChange={(e) => setStatus(e.target.value as ReviewStatus)}
          >
            {REVIEW_STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <span className="counter" data-testid="grid-total">
          {total} images
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
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
          />
        </label>
        <button
          type="button"
          aria-label="Select all with probability at least the threshold"
          onClick={() => void selectAbove()}
        >
          Select p ≥ x
        </button>
        <button type="button" aria-label="Select all" onClick={() => setSel(selectPrefix(total))}>
          All
        </button>
        <button type="button" aria-label="Clear selection" onClick={() => setSel(emptySelection())}>
          None
        </button>
        <span className="counter" data-testid="grid-selected">
          {sel.indices.size} selected
        </span>
        <button
          type="button"
          className="primary"
          aria-label="Accept selected"
          disabled={busy || sel.indices.size === 0}
          onClick={() => void bulk('accept')}
        >
          Accept (A)
        </button>
        <button
          type="button"
          aria-label="Correct selected"
          disabled={busy || sel.indices.size === 0}
          onClick={() => setCorrecting(true)}
        >
          Correct… (C)
        </button>
        <button type="button" aria-label="Undo last action" onClick={() => void undo()}>
          Undo
        </button>
      </div>
      <div
        ref={scroller}
        className="grid-scroll"
        tabIndex={0}
        role="grid"
        aria-label="Thumbnails: arrows move, Space selects, Shift extends, A accepts, C corrects"
        aria-rowcount={rowCount}
        onKeyDown={onKey}
      >
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {vrows.map((vr) => (
            <div
              key={vr.key}
              role="row"
              className="grid-row"
              style={{ transform: `translateY(${vr.start}px)`, height: TILE }}
            >
              {Array.from({ length: cols }, (_, c) => {
                const i = vr.index * cols + c
                if (i >= total) return null
                const r = rowAt(i)
                const selected = sel.indices.has(i)
                return (
                  <div
                    key={i}
                    role="gridcell"
                    aria-selected={selected}
                    aria-label={r ? `${r.relPath}, ${pct(r.prob, 1)}` : 'loading'}
                    className={`tile${selected ? ' selected' : ''}${i === cursor ? ' cursor' : ''}`}
                    data-testid="grid-tile"
                    onClick={(e) => {
                      setCursor(i)
                      setSel((s) => clickSelect(s, i, e.shiftKey))
                    }}
                  >
                    {r ? (
                      <>
                        <Thumb url={api.imageUrl(r.imageId, { thumb: true })} />
                        <span className="tile-prob">{pct(r.prob, 0)}</span>
                        {r.current && (
                          <span className={`tile-kind kind-${r.current.kind}`}>{r.current.kind}</span>
                        )}
                      </>
                    ) : (
                      <span className="muted">…</span>
                    )}
                  </div>
                )
              })}
            </div>
          ))}
        </div>
        {total === 0 && (
          <p className="muted pad">No image has this label as its top suggestion (with this filter).</p>
        )}
      </div>
      {correcting && (
        <LabelSearch
          title={`Correct ${sel.indices.size} images to…`}
          labels={labels}
          onCancel={() => setCorrecting(false)}
          onPick={(l) => {
            setCorrecting(false)
            void bulk('correct', l.id)
          }}
        />
      )}
    </main>
  )
}
