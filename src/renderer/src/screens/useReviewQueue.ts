// The review queue without its view: which item is shown, what is prefetched, the counters, and
// the decisions, sent in order on a promise chain. Each user action begins a "latest" ticket, so a
// slow answer to an earlier action never replaces the item the user moved to.
import { useCallback, useContext, useEffect, useRef, useState } from 'react'
import type { Label, ReviewItem, ReviewQuery, ReviewStats, ZebraApi } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { AppContext } from '../context'
import { STALE, useLatest, type Ticket } from '../lib/latest'
import { useQueueBasics } from './useQueueBasics'

/** items fetched ahead of the one shown */
const AHEAD = 5

export type ReviewDecision = 'accepted' | 'corrected' | 'rejected' | 'skipped' | 'unsure'

export interface ReviewQueue {
  query: ReviewQuery
  setQuery: React.Dispatch<React.SetStateAction<ReviewQuery>>
  item: ReviewItem | null
  /** the item shown now, for key handlers that must not wait for a render */
  current(): ReviewItem | null
  loading: boolean
  stats: ReviewStats | null
  session: { decisions: number; start: number }
  now: number
  lastAction: string
  urlOf(id: number): string
  decide(kind: ReviewDecision, extra: { rank?: number; labelId?: number; labelName?: string }): void
  undoRedo(which: 'review.undo' | 'review.redo'): void
  move(direction: 'next' | 'prev'): void
}

export function useReviewQueue(
  api: ZebraApi,
  labels: Label[],
  notify: (message: string, kind?: 'error' | 'info') => void
): ReviewQueue {
  const [query, setQuery] = useState<ReviewQuery>({ order: 'file', status: 'unreviewed' })
  const [item, setItem] = useState<ReviewItem | null>(null)
  const [loading, setLoading] = useState(true)
  const [session, setSession] = useState({ decisions: 0, start: Date.now() })
  const [lastAction, setLastAction] = useState<string>('')

  // an image another screen asked to open (the grid's Enter): shown first, once
  const app = useContext(AppContext)
  const focus = useRef(app?.reviewFocus ?? null)
  const clearFocus = app?.clearReviewFocus
  useEffect(() => clearFocus?.(), [clearFocus])
  const cache = useRef(new Map<number, ReviewItem>())
  // Latest request wins: `nav` decides which item is shown (every user action begins a ticket, so
  // a slow answer to an earlier one never replaces what the user moved to); `epoch` drops
  // prefetched items of a queue that was cleared meanwhile (the counters: useQueueBasics).
  const nav = useLatest()
  const epochs = useLatest()
  const epoch = useRef<Ticket | null>(null)
  epoch.current ??= epochs.begin() // once, not on every render
  const clearCache = useCallback(() => {
    cache.current.clear()
    epoch.current = epochs.begin()
  }, [epochs])
  const ahead = useRef<number[]>([])
  // images whose decision is sent but not yet saved: a queue read meanwhile may still hold them
  // (a skipped image wraps round to the tail), so they are never taken from it
  const pending = useRef(new Set<number>())
  const images = useRef(new Map<number, HTMLImageElement>())
  const chain = useRef<Promise<unknown>>(Promise.resolve())
  const itemRef = useRef<ReviewItem | null>(null)
  itemRef.current = item
  const { stats, refreshStats, now, setNow, urlOf } = useQueueBasics(api)

  /** Fetches the next items of the queue and warms their images. */
  const prefetch = useCallback(
    async (from: number) => {
      try {
        const unsaved = new Set(pending.current)
        const ids = (await call(api, 'review.queue', { ...query, from, limit: AHEAD + 1 })).filter(
          (id) => id !== from && !unsaved.has(id)
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
    const f = focus.current
    focus.current = null
    ;(f !== null ? call(api, 'review.get', { ...query, imageId: f }) : call(api, 'review.next', query)).then(
      (it) => t.current() && show(it),
      (e) => {
        if (!t.current()) return
        setLoading(false)
        notify(toAppError(e).message)
      }
    )
    refreshStats()
  }, [api, query, show, notify, refreshStats, nav, clearCache])

  /** Runs calls one after another so undo always sees the decisions before it. */
  const enqueue = useCallback(<T>(f: () => Promise<T>): Promise<T> => {
    const p = chain.current.then(f, f)
    chain.current = p.catch(() => undefined)
    return p
  }, [])

  const advanceFrom = useCallback(
    (current: ReviewItem, decided: boolean): (() => Promise<void>) => {
      const nextId = ahead.current.find((id) => id !== current.image.id && !pending.current.has(id))
      const cached = nextId !== undefined ? cache.current.get(nextId) : undefined
      const t = nav.begin()
      if (cached) {
        // optimistic: show the prefetched item now, the server catches up behind us
        show(cached)
        // its counter was read before this decision: read it again once the decision is saved
        return async () => {
          const fresh = await call(api, 'review.get', { ...query, imageId: cached.image.id })
          if (t.current() && itemRef.current?.image.id === fresh.image.id) {
            cache.current.set(fresh.image.id, fresh)
            setItem(fresh)
          }
        }
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
    (kind: ReviewDecision, decision: { rank?: number; labelId?: number; labelName?: string }) => {
      // labelName: a label the screen has not seen yet (just added from the correction panel)
      const { labelName, ...extra } = decision
      const current = itemRef.current
      if (!current) return
      cache.current.delete(current.image.id)
      pending.current.add(current.image.id)
      const label =
        kind === 'accepted'
          ? current.suggestions.find((s) => s.rank === extra.rank)?.label
          : kind === 'corrected' || kind === 'unsure'
            ? (labelName ?? labels.find((l) => l.id === extra.labelId)?.name)
            : undefined
      setLastAction(`${kind}${label ? `: ${label}` : ''} — ${current.image.relPath}`)
      const finish = advanceFrom(current, true)
      setSession((s) => ({ ...s, decisions: s.decisions + 1 }))
      setNow(Date.now())
      void enqueue(async () => {
        try {
          await call(api, 'review.decide', { imageId: current.image.id, kind, ...extra })
        } finally {
          pending.current.delete(current.image.id)
        }
        refreshStats() // the reviewed count follows the saved decision, not the next image
        await finish()
      }).then(undefined, (err) => {
        // the status line must not keep saying what did not happen
        setLastAction(`not saved — ${current.image.relPath}`)
        notify(`Could not save the decision for ${current.image.relPath}: ${toAppError(err).message}`)
        setSession((s) => ({ ...s, decisions: Math.max(0, s.decisions - 1) }))
        nav.begin() // the unsaved image comes back, over anything still on its way
        show(current)
      })
    },
    [advanceFrom, api, enqueue, labels, notify, refreshStats, setNow, show, nav]
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
      }).then(refreshStats, (err) => notify(toAppError(err).message))
    },
    [api, enqueue, notify, query, refreshStats, show, nav, clearCache]
  )

  const move = useCallback(
    (direction: 'next' | 'prev') => {
      const current = itemRef.current
      if (direction === 'next' && current) {
        const finish = advanceFrom(current, false)
        void finish().catch((e) => notify(toAppError(e).message))
        return
      }
      const input = current ? { ...query, from: current.image.id, direction } : query
      nav
        .run(() => call(api, 'review.next', input))
        .then(
          (it) => it !== STALE && (it || !current) && show(it),
          (e) => notify(toAppError(e).message)
        )
    },
    [advanceFrom, api, notify, query, show, nav]
  )

  // other windows/tabs or the grid change decisions: refresh the counters
  useEffect(() => api.on('project.changed', () => refreshStats()), [api, refreshStats])

  const current = useCallback(() => itemRef.current, [])
  return {
    query,
    setQuery,
    item,
    current,
    loading,
    stats,
    session,
    now,
    lastAction,
    urlOf,
    decide,
    undoRedo,
    move
  }
}
