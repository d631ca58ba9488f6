// Grid: thumbnails of all images, or of those whose top-1 suggestion is one label, most confident first.
// Virtualised rows (@tanstack/react-virtual) and pages fetched on demand, so 100k images cost
// only what is on screen. Accept or correct many at once: one grid.bulk call, one undo step.
// The grid sorts, filters and accepts by the stored zero-shot top-1 (indexed: fast at 1M images);
// with adaptation on, each page also asks for the adapted top-1 review shows, and tiles name both.
import { useCallback, useEffect, useRef, useState } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { GridRow, Label, ReviewStatus, ThresholdEstimate } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { KeysDialog } from '../components/KeysDialog'
import { LabelSearch } from '../components/LabelSearch'
import { useApp } from '../context'
import { STALE, useLatest, type Ticket } from '../lib/latest'
import { clickSelect, emptySelection, pagesFor, selectPrefix, type Selection } from '../lib/selection'
import { GridBar } from './GridBar'
import { GridTile, type AdaptedTop1 } from './GridTile'
import { GRID_KEYS, gridKeyAction, keyTarget } from './gridKeys'
import { i18n, useTranslation } from '../i18n'

const PAGE = 200
/** pages fetched per request when an action needs ids that were never on screen (1000 rows) */
const BULK_PAGES = 5
const TILE = 168

export function GridScreen(): React.JSX.Element {
  const { t } = useTranslation(['grid', 'common'])
  const { api, project, notify, openInReview } = useApp()
  const labels: Label[] = (project?.labels ?? []).filter((l) => !l.archived)
  const adaptOn = project?.settings?.adapt ?? false
  // null: all images (never an empty first label); the toolbar shows each label's count
  const [labelId, setLabelId] = useState<number | null>(null)
  const [counts, setCounts] = useState<Map<number, number> | null>(null)
  const [helpOpen, setHelpOpen] = useState(false)
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
  /** adapted top-1 by image id, for the pages shown (only once the adapter has learnt) */
  const adapted = useRef(new Map<number, AdaptedTop1>())
  /** the estimate of the threshold that made `sel` (shown while the selection is that one) */
  const [estimate, setEstimate] = useState<{ e: ThresholdEstimate; sel: Selection } | null>(null)
  const loadingPages = useRef(new Set<number>())
  const scroller = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(800)

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
  const estimateReq = useLatest()

  const label = labelId ?? undefined
  const countsReq = useLatest()
  /** The adapted top-1 of a page's images: a hint, so a failure leaves the zero-shot view. */
  const loadAdapted = useCallback(
    async (rows: GridRow[], t: Ticket): Promise<void> => {
      if (!rows.length) return
      const a = await call(api, 'grid.adapted', { imageIds: rows.map((r) => r.imageId) }).catch(() => null)
      if (!a || !t.current() || a.source !== 'adapted') return
      for (const x of a.rows) adapted.current.set(x.imageId, x)
      setTick((n) => n + 1)
    },
    [api]
  )
  const loadPage = useCallback(
    async (page: number, t: Ticket): Promise<GridRow[] | undefined> => {
      const have = pages.current.get(page)
      if (have) return have
      const loading = loadingPages.current // this view's set: a stale load must not clear the next's
      loading.add(page)
      try {
        const r = await call(api, 'grid.page', { labelId: label, status, offset: page * PAGE, limit: PAGE })
        if (!t.current()) return
        pages.current.set(page, r.rows)
        setTotal(r.total)
        setTick((t) => t + 1)
        if (adaptOn) void loadAdapted(r.rows, t)
        return r.rows
      } finally {
        loading.delete(page)
      }
    },
    [api, label, status, adaptOn, loadAdapted]
  )

  // new label/status or after a bulk action: start over
  useEffect(() => {
    const t = (viewTicket.current = view.begin())
    above.cancel()
    estimateReq.cancel()
    pages.current.clear()
    adapted.current.clear() // decisions refit the adapter: ask again
    loadingPages.current = new Set()
    setSel(emptySelection())
    setCursor(0)
    setTotal(0)
    void loadPage(0, t).catch((e) => t.current() && notify(toAppError(e).message))
    void countsReq
      .run(() => call(api, 'grid.counts', { status }))
      .then((r) => r !== STALE && setCounts(new Map(r.counts.map((c) => [c.labelId, c.count]))))
      .catch(() => undefined) // the counts are a hint; the page above reports errors
  }, [loadPage, version, notify, view, above, estimateReq, api, status, countsReq])

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
    const t = viewTicket.current!
    const missing = pagesFor(sel.indices, PAGE).filter((p) => !pages.current.has(p))
    for (let i = 0; i < missing.length;) {
      // one request per run of up to BULK_PAGES consecutive missing pages
      let n = 1
      while (n < BULK_PAGES && missing[i + n] === missing[i]! + n) n++
      const r = await call(api, 'grid.page', {
        labelId: label,
        status,
        offset: missing[i]! * PAGE,
        limit: n * PAGE
      })
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
      const what =
        action === 'accept'
          ? i18n.t('grid:grid.acceptedImagesAsTheirZero', { count: r.count })
          : i18n.t('grid:grid.correctedImages', { count: r.count })
      notify(i18n.t('grid:grid.ctrlZUndoes', { what }), 'info')
      setVersion((x) => x + 1)
    } catch (err) {
      notify(toAppError(err).message)
    } finally {
      setBusy(false)
      scroller.current?.focus() // the clicked button is disabled now: keep the keys in the grid
    }
  }

  const selectAbove = async (): Promise<void> => {
    const x = Number(threshold)
    if (threshold.trim() === '' || !(x >= 0 && x <= 1)) {
      notify(i18n.t('grid:grid.theThresholdIsAProbability'))
      return
    }
    // the estimate is a hint beside the selection: it never holds the selection up
    const est = estimateReq
      .run(() => call(api, 'grid.threshold', { minProb: x, labelId: label, status }))
      .catch((): typeof STALE => STALE)
    try {
      const r = await above.run(() =>
        call(api, 'grid.page', { labelId: label, status, minProb: x, offset: 0, limit: 1 })
      )
      if (r === STALE) return
      const s = selectPrefix(r.total)
      setSel(s)
      void est.then((e) => e !== STALE && setEstimate({ e, sel: s }))
      if (r.total === 0) notify(i18n.t('grid:grid.noImageHereHasP', { x }), 'info')
      scroller.current?.focus() // from the field or the button: A now accepts the selection
    } catch (err) {
      notify(toAppError(err).message)
    }
  }

  const undoRedo = async (which: 'review.undo' | 'review.redo'): Promise<void> => {
    try {
      const r = await call(api, which, {})
      if (r.imageId === null)
        notify(
          which === 'review.undo' ? i18n.t('grid:grid.nothingToUndo') : i18n.t('grid:grid.nothingToRedo'),
          'info'
        )
      else notify(which === 'review.undo' ? i18n.t('grid:grid.undone') : i18n.t('grid:grid.redone'), 'info')
      setVersion((x) => x + 1)
    } catch (err) {
      notify(toAppError(err).message)
    }
  }

  const openAt = (i: number): void => {
    const r = rowAt(i)
    if (r && openInReview) openInReview(r.imageId)
  }

  // on the whole screen: keys work after a toolbar button too (not while a dialog is open)
  const onKey = (e: React.KeyboardEvent): void => {
    if (correcting || helpOpen) return
    const a = gridKeyAction(e, keyTarget(e.target))
    if (!a) return
    e.preventDefault()
    if (a.kind === 'move') {
      const d = { left: -1, right: 1, up: -cols, down: cols }[a.delta]
      const next = Math.max(0, Math.min(total - 1, cursor + d))
      if (a.extend) setSel((s) => clickSelect({ ...s, anchor: s.anchor ?? cursor }, next, true))
      setCursor(next)
      virt.scrollToIndex(Math.floor(next / cols))
      scroller.current?.focus()
    } else if (a.kind === 'toggle') setSel((s) => clickSelect(s, cursor, a.extend))
    else if (a.kind === 'all') setSel(selectPrefix(total))
    else if (a.kind === 'none') setSel(emptySelection())
    else if (a.kind === 'accept') {
      if (sel.indices.size && !busy) void bulk('accept')
    } else if (a.kind === 'correct') {
      if (sel.indices.size) setCorrecting(true)
    } else if (a.kind === 'open') openAt(cursor)
    else if (a.kind === 'undo') void undoRedo('review.undo')
    else if (a.kind === 'redo') void undoRedo('review.redo')
    else setHelpOpen(true)
  }

  return (
    <main className="screen grid-screen" aria-label={t('grid.grid')} onKeyDown={onKey}>
      <GridBar
        labels={labels}
        counts={counts}
        labelId={labelId}
        setLabelId={setLabelId}
        status={status}
        setStatus={setStatus}
        total={total}
        threshold={threshold}
        setThreshold={setThreshold}
        selectAbove={() => void selectAbove()}
        selectAll={() => setSel(selectPrefix(total))}
        selectNone={() => setSel(emptySelection())}
        selected={sel.indices.size}
        estimate={estimate?.sel === sel ? estimate.e : null}
        adaptOn={adaptOn && adapted.current.size > 0}
        busy={busy}
        accept={() => void bulk('accept')}
        correct={() => setCorrecting(true)}
        undo={() => void undoRedo('review.undo')}
        redo={() => void undoRedo('review.redo')}
        help={() => setHelpOpen(true)}
      />
      <div
        ref={scroller}
        className="grid-scroll"
        tabIndex={0}
        role="grid"
        aria-label={t('grid.thumbnailsPressForTheKeys')}
        aria-multiselectable
        aria-rowcount={rowCount}
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
                return (
                  <GridTile
                    key={i}
                    row={rowAt(i)}
                    adapted={adaptOn ? adapted.current.get(rowAt(i)?.imageId ?? -1) : undefined}
                    url={(id) => api.imageUrl(id, { thumb: true })}
                    selected={sel.indices.has(i)}
                    cursor={i === cursor}
                    onClick={(shift) => {
                      setCursor(i)
                      setSel((s) => clickSelect(s, i, shift))
                    }}
                    onOpen={() => openAt(i)}
                  />
                )
              })}
            </div>
          ))}
        </div>
        {total === 0 && (
          <p className="muted pad">
            {labelId === null ? t('grid.noImageMatchesThisFilter') : t('grid.noImageHasThisLabel')}
          </p>
        )}
      </div>
      {correcting && (
        <LabelSearch
          title={t('grid.correctImagesTo', { size: sel.indices.size })}
          labels={labels}
          onCancel={() => setCorrecting(false)}
          onPick={(l) => {
            setCorrecting(false)
            void bulk('correct', l.id)
          }}
        />
      )}
      {helpOpen && (
        <KeysDialog
          title={t('grid.gridKeyboardShortcuts')}
          keys={GRID_KEYS()}
          onClose={() => setHelpOpen(false)}
          testId="grid-keys-overlay"
        />
      )}
    </main>
  )
}
