// Review, the main screen. One key per accepted suggestion (1-5); the next items and their images
// are fetched ahead so the screen advances at once (optimistically) after each decision, while the
// decisions themselves are sent in order on a promise chain.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import {
  REVIEW_ORDERS,
  REVIEW_STATUSES,
  type Label,
  type ReviewItem,
  type ReviewOrder,
  type ReviewQuery,
  type ReviewStats,
  type ReviewStatus
} from '../../../shared/contract'
import { call, toApiError } from '../api'
import { Dialog } from '../components/Dialog'
import { ImageView } from '../components/ImageView'
import { LabelSearch } from '../components/LabelSearch'
import { DEMO_NOTE } from '../components/ModelChoices'
import { useApp } from '../context'
import { pct, perMinute } from '../lib/format'
import { STALE, useLatest, type Ticket } from '../lib/latest'
import { REVIEW_KEYS, isTypingTarget, reviewKeyAction, type ReviewAction } from '../lib/keys'

const AHEAD = 5

export function ReviewScreen(): React.JSX.Element {
  const { api, project, model, notify, refreshProject } = useApp()
  const labels: Label[] = useMemo(() => project?.labels ?? [], [project])
  const [query, setQuery] = useState<ReviewQuery>({ order: 'file', status: 'unreviewed' })
  const [item, setItem] = useState<ReviewItem | null>(null)
  const [loading, setLoading] = useState(true)
  const [searchOpen, setSearchOpen] = useState(false)
  const [helpOpen, setHelpOpen] = useState(false)
  const [stats, setStats] = useState<ReviewStats | null>(null)
  const [session, setSession] = useState({ decisions: 0, start: Date.now() })
  const [now, setNow] = useState(Date.now())
  const [lastAction, setLastAction] = useState<string>('')

  const cache = useRef(new Map<number, ReviewItem>())
  // Latest request wins: `nav` decides which item is shown (every user action begins a ticket, so
  // a slow answer to an earlier one never replaces what the user moved to); `statsReq` keeps the
  // newest counters; `epoch` drops prefetched items of a queue that was cleared meanwhile.
  const nav = useLatest()
  const statsReq = useLatest()
  const epochs = useLatest()
  const epoch = useRef<Ticket | null>(null)
  epoch.current ??= epochs.begin() // once, not on every render
  const clearCache = useCallback(() => {
    cache.current.clear()
    epoch.current = epochs.begin()
  }, [epochs])
  const ahead = useRef<number[]>([])
  const images = useRef(new Map<number, HTMLImageElement>())
  const chain = useRef<Promise<unknown>>(Promise.resolve())
  const itemRef = useRef<ReviewItem | null>(null)
  itemRef.current = item
  // Browsers reuse a decoded image for the same URL within a page, whatever the HTTP cache says:
  // a per-visit suffix makes a file that changed since the last visit load again, while the
  // preloaded images of this visit (same suffix) are reused.
  const [visit] = useState(() => Date.now().toString(36))
  const urlOf = useCallback(
    (id: number) => {
      const u = api.imageUrl(id)
      return `${u}${u.includes('?') ? '&' : '?'}v=${visit}`
    },
    [api, visit]
  )

  const refreshStats = useCallback(() => {
    statsReq
      .run(() => call(api, 'review.stats', {}))
      .then(
        (s) => s !== STALE && setStats(s),
        () => undefined
      )
  }, [api, statsReq])

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5_000)
    return () => clearInterval(t)
  }, [])

  /** Fetches the next items of the queue and warms their images. */
  const prefetch = useCallback(
    async (from: number) => {
      try {
        const ids = (await call(api, 'review.queue', { ...query, from, limit: AHEAD + 1 })).filter(
          (id) => id !== from
        )
        if (itemRef.current?.image.id !== from) return
        ahead.current = ids
        for (const id of ids) {
          if (!images.current.has(id)) {
            const img = new Image()
            img.decoding = 'async'
            img.src = urlOf(id)
            images.current.set(id, img)
          }
          if (!cache.current.has(id)) {
            const e = epoch.current!
            call(api, 'review.get', { ...query, imageId: id }).then(
              (it) => e.current() && cache.current.set(id, it),
              () => undefined
            )
          }
        }
        // keep the warm set small
        for (const id of images.current.keys())
          if (id !== from && !ids.includes(id)) images.current.delete(id)
      } catch {
        ahead.current = []
      }
    },
    [api, query, urlOf]
  )

  const show = useCallback(
    (it: ReviewItem | null) => {
      setItem(it)
      setLoading(false)
      if (it) void prefetch(it.image.id)
      else ahead.current = []
    },
    [prefetch]
  )

  // (re)load the queue when the filter or order changes
  useEffect(() => {
    clearCache()
    ahead.current = []
    setLoading(true)
    const t = nav.begin()
    call(api, 'review.next', query).then(
      (it) => t.current() && show(it),
      (e) => {
        if (!t.current()) return
        setLoading(false)
        notify(toApiError(e).message)
      }
    )
    refreshStats()
  }, [api, query, show, notify, refreshStats, nav, clearCache])

  /** Runs calls one after another so undo always sees the decisions before it. */
  const enqueue = useCallback(<T,>(f: () => Promise<T>): Promise<T> => {
    const p = chain.current.then(f, f)
    chain.current = p.catch(() => undefined)
    return p
  }, [])

  const advanceFrom = useCallback(
    (current: ReviewItem, decided: boolean): (() => Promise<void>) => {
      const nextId = ahead.current.find((id) => id !== current.image.id)
      const cached = nextId !== undefined ? cache.current.get(nextId) : undefined
      const t = nav.begin()
      if (cached) {
        // optimistic: show the prefetched item now, the server catches up behind us
        show(cached)
        return async () => undefined
      }
      setLoading(true)
      setItem(null)
      return async () => {
        const next = await call(api, 'review.next', { ...query, from: current.image.id, direction: 'next' })
        if (t.current()) show(next && next.image.id === current.image.id && decided ? null : next)
      }
    },
    [api, query, show, nav]
  )

  const decide = useCallback(
    (
      kind: 'accepted' | 'corrected' | 'rejected' | 'skipped' | 'unsure',
      extra: { rank?: number; labelId?: number }
    ) => {
      const current = itemRef.current
      if (!current) return
      cache.current.delete(current.image.id)
      const label =
        kind === 'accepted'
          ? current.suggestions.find((s) => s.rank === extra.rank)?.label
          : kind === 'corrected' || kind === 'unsure'
            ? labels.find((l) => l.id === extra.labelId)?.name
            : undefined
      setLastAction(`${kind}${label ? `: ${label}` : ''} — ${current.image.relPath}`)
      const finish = advanceFrom(current, true)
      setSession((s) => ({ ...s, decisions: s.decisions + 1 }))
      setNow(Date.now())
      void enqueue(async () => {
        await call(api, 'review.decide', { imageId: current.image.id, kind, ...extra })
        await finish()
      }).then(refreshStats, (err) => {
        notify(`Could not save the decision for ${current.image.relPath}: ${toApiError(err).message}`)
        setSession((s) => ({ ...s, decisions: Math.max(0, s.decisions - 1) }))
        nav.begin() // the unsaved image comes back, over anything still on its way
        show(current)
      })
    },
    [advanceFrom, api, enqueue, labels, notify, refreshStats, show, nav]
  )

  const undoRedo = useCallback(
    (which: 'review.undo' | 'review.redo') => {
      const t = nav.begin() // at the key press: a later key wins over this undo's answer
      void enqueue(async () => {
        const r = await call(api, which, {})
        if (r.imageId === null) {
          notify(which === 'review.undo' ? 'Nothing to undo.' : 'Nothing to redo.', 'info')
          return
        }
        clearCache()
        setSession((s) => ({
          ...s,
          decisions: Math.max(0, s.decisions + (which === 'review.undo' ? -1 : 1))
        }))
        setLastAction(`${which === 'review.undo' ? 'undone' : 'redone'}`)
        const it =
          which === 'review.undo'
            ? await call(api, 'review.get', { ...query, imageId: r.imageId })
            : await call(api, 'review.next', { ...query, from: r.imageId, direction: 'next' })
        if (t.current()) show(it)
      }).then(refreshStats, (err) => notify(toApiError(err).message))
    },
    [api, enqueue, notify, query, refreshStats, show, nav, clearCache]
  )

  const move = useCallback(
    (direction: 'next' | 'prev') => {
      const current = itemRef.current
      if (direction === 'next' && current) {
        const finish = advanceFrom(current, false)
        void finish().catch((e) => notify(toApiError(e).message))
        return
      }
      const input = current ? { ...query, from: current.image.id, direction } : query
      nav
        .run(() => call(api, 'review.next', input))
        .then(
          (it) => it !== STALE && (it || !current) && show(it),
          (e) => notify(toApiError(e).message)
        )
    },
    [advanceFrom, api, notify, query, show, nav]
  )

  const act = useCallback(
    (a: ReviewAction) => {
      switch (a.type) {
        case 'accept': {
          const cur = itemRef.current
          if (cur && cur.suggestions.some((s) => s.rank === a.rank)) decide('accepted', { rank: a.rank })
          return
        }
        case 'reject':
          if (itemRef.current) setSearchOpen(true)
          return
        case 'skip':
          decide('skipped', {})
          return
        case 'unsure': {
          // 'unsure' may carry a label: the top suggestion, as the hint a second reviewer sees
          const top = itemRef.current?.suggestions[0]
          decide('unsure', top ? { labelId: top.labelId } : {})
          return
        }
        case 'undo':
          undoRedo('review.undo')
          return
        case 'redo':
          undoRedo('review.redo')
          return
        case 'next':
        case 'prev':
          move(a.type)
          return
        case 'help':
          setHelpOpen((h) => !h)
          return
      }
    },
    [decide, move, undoRedo]
  )

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (searchOpen || e.defaultPrevented || isTypingTarget(e.target)) return
      // another modal (export, folder picker) owns the keyboard while it is open
      if (!helpOpen && document.querySelector('dialog[open]')) return
      if (helpOpen) {
        if (e.key === '?' || e.key === 'Escape') {
          e.preventDefault()
          setHelpOpen(false)
        }
        return
      }
      // Focused buttons keep Enter/Space; our keys are letters, digits and arrows only
      const a = reviewKeyAction(e)
      if (!a) return
      e.preventDefault()
      act(a)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [act, helpOpen, searchOpen])

  // other windows/tabs or the grid change decisions: refresh the counters
  useEffect(() => api.on('project.changed', () => refreshStats()), [api, refreshStats])
  useEffect(() => () => void refreshProject(), [refreshProject])

  const setQ = (patch: Partial<ReviewQuery>): void => setQuery((q) => ({ ...q, ...patch }))

  return (
    <main className="screen review" aria-label="Review">
      <div className="review-bar" role="toolbar" aria-label="Review filters and counters">
        <label>
          Show{' '}
          <select
            aria-label="Status filter"
            value={query.status}
            onChange={(e) => setQ({ status: e.target.value as ReviewStatus })}
          >
            {REVIEW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Order{' '}
          <select
            aria-label="Order"
            value={query.order}
            onChange={(e) => setQ({ order: e.target.value as ReviewOrder })}
          >
            {REVIEW_ORDERS.map((o) => (
              <option key={o} value={o}>
                {o.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
        <label>
          Suggested{' '}
          <select
            aria-label="Suggested label filter"
            value={query.labelId ?? ''}
            onChange={(e) =>
              // a suggested-label filter is the by-label queue (most confident first)
              e.target.value === ''
                ? setQ({ labelId: undefined, order: query.order === 'by_label' ? 'file' : query.order })
                : setQ({ labelId: Number(e.target.value), order: 'by_label' })
            }
          >
            <option value="">any label</option>
            {labels.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <span className="grow" />
        <span className="counter" data-testid="counter-reviewed" aria-label="Reviewed of total">
          {stats ? `${stats.reviewed} / ${stats.total} reviewed` : '…'}
        </span>
        <span className="counter" aria-label="Accept rate">
          accept {stats ? pct(stats.acceptRate) : '–'}
        </span>
        <span className="counter" aria-label="Images per minute this session">
          {perMinute(session.decisions, session.start, now).toFixed(1)} img/min
        </span>
        <button type="button" aria-label="Show keyboard shortcuts" onClick={() => setHelpOpen(true)}>
          ?
        </button>
      </div>

      <div className="review-body">
        <div className="stage" aria-live="polite">
          {loading && !item && <p className="muted">Loading…</p>}
          {!loading && !item && (
            <div className="empty" data-testid="review-empty">
              <h2>Nothing left here</h2>
              <p className="muted">No image matches “{query.status}”. Change the filter above, or export.</p>
            </div>
          )}
          {item && <ImageView key={item.image.id} image={item.image} url={urlOf(item.image.id)} />}
        </div>
        <aside className="side" aria-label="Suggestions">
          {item && (
            <>
              <div className="file mono small" data-testid="review-file" title={item.image.relPath}>
                {item.image.relPath}
              </div>
              <div className="muted small">
                {item.position} of {item.total} in this queue
              </div>
              {item.current && (
                <div className={`current kind-${item.current.kind}`} data-testid="current-decision">
                  {item.current.kind}
                  {item.current.label ? `: ${item.current.label}` : ''}{' '}
                  <span className="muted small">by {item.current.annotator}</span>
                </div>
              )}
              <ol className="suggestions">
                {item.suggestions.slice(0, 5).map((s) => (
                  <li key={s.rank}>
                    <button
                      type="button"
                      className="suggestion"
                      aria-label={`Accept ${s.label}, ${pct(s.prob, 1)} (key ${s.rank})`}
                      onClick={() => act({ type: 'accept', rank: s.rank })}
                    >
                      <kbd>{s.rank}</kbd>
                      <span className="s-label">{s.label}</span>
                      <span className="s-prob">{pct(s.prob, 1)}</span>
                      <span
                        className={`s-source source-${s.source}`}
                        title={
                          s.source === 'adapted'
                            ? 'blended with your reviewed examples'
                            : 'zero-shot text prompts'
                        }
                      >
                        {s.source === 'adapted' ? 'adapted' : 'zero-shot'}
                      </span>
                      <span className="bar" aria-hidden="true">
                        <span style={{ width: `${Math.max(1, s.prob * 100)}%` }} />
                      </span>
                    </button>
                  </li>
                ))}
                {item.suggestions.length === 0 && (
                  <li className="muted">No suggestions (not pre-labelled or unreadable).</li>
                )}
              </ol>
              {model?.demo && (
                <p className="warn small" data-testid="demo-note">
                  Demo model: {DEMO_NOTE}.
                </p>
              )}
              <div className="row wrap">
                <button
                  type="button"
                  aria-label="Reject and correct (key 0 or X)"
                  onClick={() => act({ type: 'reject' })}
                >
                  <kbd>0</kbd> Correct…
                </button>
                <button type="button" aria-label="Skip (key S)" onClick={() => act({ type: 'skip' })}>
                  <kbd>S</kbd> Skip
                </button>
                <button type="button" aria-label="Not sure (key N)" onClick={() => act({ type: 'unsure' })}>
                  <kbd>N</kbd> Not sure
                </button>
                <button type="button" aria-label="Undo (key U)" onClick={() => act({ type: 'undo' })}>
                  <kbd>U</kbd> Undo
                </button>
                <button type="button" aria-label="Previous image" onClick={() => act({ type: 'prev' })}>
                  ←
                </button>
                <button type="button" aria-label="Next image" onClick={() => act({ type: 'next' })}>
                  →
                </button>
              </div>
            </>
          )}
          <p className="muted small" data-testid="last-action" aria-live="polite">
            {lastAction}
          </p>
        </aside>
      </div>

      {searchOpen && item && (
        <LabelSearch
          labels={labels}
          onCancel={() => setSearchOpen(false)}
          onRejectOnly={() => {
            setSearchOpen(false)
            decide('rejected', {})
          }}
          onPick={(l) => {
            setSearchOpen(false)
            decide('corrected', { labelId: l.id })
          }}
        />
      )}
      {helpOpen && (
        <Dialog title="Keyboard shortcuts" onClose={() => setHelpOpen(false)} testId="keys-overlay">
          <table className="keys">
            <tbody>
              {REVIEW_KEYS.map(([k, what]) => (
                <tr key={k}>
                  <th scope="row">
                    <kbd>{k}</kbd>
                  </th>
                  <td>{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Dialog>
      )}
    </main>
  )
}
