// The review queue without its view: which item is shown, the items after it, the counters, and
// the decisions. A key press is one request: a decision's answer carries the queue's next items and
// the counters (review.decide with `then`), a move or a filter change one window (review.window).
// The screen moves on at once to the next item it already has; the decisions are sent in order,
// and keys pressed faster than the answers are kept and applied in order (DecisionChain). Every
// user action begins a "latest" ticket, so a slow answer never replaces the item the user moved to.
import { useCallback, useContext, useEffect, useRef, useState } from 'react'
import type {
  DecisionKind,
  InvokeInput,
  Label,
  ReviewItem,
  ReviewQuery,
  ReviewStats,
  ZebraApi
} from '../../../shared/contract'
import { call, toAppError } from '../api'
import { AppContext } from '../context'
import { CLIENT_ID } from '../lib/client-id'
import { DecisionChain } from '../lib/decision-chain'
import { useLatest, type Ticket } from '../lib/latest'
import { useQueueBasics } from './useQueueBasics'
import { i18n } from '../i18n'
import * as say from '../lib/queue-text'

/** items the screen keeps after the one shown */
const AHEAD = 5

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
  decide(kind: DecisionKind, extra: DecisionExtra): void
  undoRedo(which: 'review.undo' | 'review.redo'): void
  move(direction: 'next' | 'prev'): void
  /**
   * Runs `action` on the image shown now, or, while the next one is still on its way (keys faster
   * than the answers), keeps it in line with the kept decisions to run once it is shown.
   */
  whenShown(action: () => void): void
}

/** What a decision carries besides its kind (a tags project's: the tags present and unsure). */
export interface DecisionExtra {
  rank?: number
  labelId?: number
  labelName?: string
  tags?: { present: number[]; unsure: number[] }
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
  const nav = useLatest()
  const ahead = useRef<ReviewItem[]>([])
  const images = useRef(new Map<number, HTMLImageElement>())
  const chain = useRef(new DecisionChain()).current
  // set on show, not on render: a key kept during a burst acts on the item just shown
  const itemRef = useRef<ReviewItem | null>(null)
  const loadingRef = useRef(true)
  // the image of this session's last decision: ← from the head of the queue shows it again
  const lastDecided = useRef<number | null>(null)
  const { stats, setStats, refreshStats, now, setNow, urlOf } = useQueueBasics(api)

  /** Warms the images of the items kept ahead (and lets the others go). */
  const warm = useCallback(
    (shown: number | undefined) => {
      const want = new Set(ahead.current.map((it) => it.image.id))
      for (const id of want) {
        if (images.current.has(id)) continue
        const img = new Image()
        img.decoding = 'async'
        img.src = urlOf(id)
        images.current.set(id, img)
      }
      for (const id of images.current.keys()) if (id !== shown && !want.has(id)) images.current.delete(id)
    },
    [urlOf]
  )

  const decideRef = useRef<ReviewQueue['decide']>(() => undefined)
  const show = useCallback(
    (it: ReviewItem | null, next?: ReviewItem[]) => {
      if (next) ahead.current = next.filter((n) => !chain.pending(n.image.id))
      itemRef.current = it
      loadingRef.current = false
      setItem(it)
      setLoading(false)
      warm(it?.image.id)
      chain.drain(() => itemRef.current !== null && !loadingRef.current)
    },
    [chain, warm]
  )

  const loading_ = useCallback(() => {
    itemRef.current = null
    loadingRef.current = true
    setItem(null)
    setLoading(true)
  }, [])

  /** Shows a window's answer (an item, the ones after it, the counters) if still the latest. */
  const openWindow = useCallback(
    (t: Ticket, input: Omit<InvokeInput<'review.window'>, 'ahead'>) =>
      call(api, 'review.window', { ...input, ahead: AHEAD }).then(
        (w) => {
          if (!t.current()) return
          setStats(w.stats)
          show(w.item, w.ahead)
        },
        (e) => {
          if (!t.current()) return
          loadingRef.current = false
          setLoading(false)
          notify(toAppError(e).message)
        }
      ),
    [api, notify, setStats, show]
  )

  // (re)load the queue when the filter or order changes
  useEffect(() => {
    ahead.current = []
    chain.drop()
    loading_()
    const t = nav.begin()
    const f = focus.current
    focus.current = null
    void openWindow(t, f !== null ? { ...query, at: f } : query)
  }, [query, nav, chain, loading_, openWindow])

  /** The next item the screen already has after `current` (none with a decision on its way). */
  const takeAhead = useCallback(
    (current: ReviewItem): ReviewItem | null => {
      const list = ahead.current
      const i = list.findIndex((it) => it.image.id !== current.image.id && !chain.pending(it.image.id))
      if (i < 0) return null
      ahead.current = list.slice(i + 1)
      return list[i]!
    },
    [chain]
  )

  /** A decision's answer: fresh counters and next items; the screen follows it if nothing newer came. */
  const settle = useCallback(
    (t: Ticket, next: ReviewItem[]) => {
      const fresh = next.filter((it) => !chain.pending(it.image.id))
      const shown = itemRef.current
      const at = shown ? fresh.findIndex((it) => it.image.id === shown.image.id) : -1
      if (at >= 0) {
        // the item shown is the server's next too: take its fresh counter and what follows it
        if (t.current()) {
          itemRef.current = fresh[at]!
          setItem(fresh[at]!)
        }
        if (t.current() || fresh.length - at - 1 > ahead.current.length) ahead.current = fresh.slice(at + 1)
        warm(shown!.image.id)
      } else if (t.current()) {
        show(fresh[0] ?? null, fresh.slice(1))
      }
    },
    [chain, show, warm]
  )

  const decide = useCallback(
    (kind: DecisionKind, decision: DecisionExtra) => {
      const current = itemRef.current
      if (!current) {
        // faster than the answers: kept, and applied to the next image as soon as it is shown
        if (loadingRef.current) chain.hold(() => decideRef.current(kind, decision))
        return
      }
      // a kept key whose rank the image it landed on does not have: nothing to accept
      if (kind === 'accepted' && !decision.tags && !current.suggestions.some((s) => s.rank === decision.rank))
        return
      // labelName: a label the screen has not seen yet (just added from the correction panel)
      const { labelName, ...extra } = decision
      const label = extra.tags
        ? tagNames(current, extra.tags)
        : kind === 'accepted'
          ? current.suggestions.find((s) => s.rank === extra.rank)?.label
          : kind === 'corrected' || kind === 'unsure'
            ? (labelName ?? labels.find((l) => l.id === extra.labelId)?.name)
            : undefined
      setLastAction(say.decidedLine(kind, label, current.image.relPath))
      lastDecided.current = current.image.id
      setSession((s) => ({ ...s, decisions: s.decisions + 1 }))
      setNow(Date.now())
      const t = nav.begin()
      const send = chain.send(() =>
        call(api, 'review.decide', {
          imageId: current.image.id,
          kind,
          ...extra,
          then: { query, ahead: AHEAD },
          origin: CLIENT_ID
        })
      )
      void chain.track(current.image.id, send).then(
        (step) => {
          setStats(step.stats)
          settle(t, step.next)
        },
        (err) => {
          // the status line must not keep saying what did not happen; kept keys are dropped with it
          const text = say.notSavedText(current.image.relPath, err)
          setLastAction(text.line)
          notify(text.message)
          setSession((s) => ({ ...s, decisions: Math.max(0, s.decisions - 1) }))
          chain.drop()
          nav.begin() // the unsaved image comes back, over anything still on its way
          show(current, [])
        }
      )
      // optimistic: the next item the screen has now, the server catches up behind us
      const next = takeAhead(current)
      if (next) show(next)
      else loading_()
    },
    [api, chain, labels, loading_, nav, notify, query, setNow, setStats, settle, show, takeAhead]
  )
  decideRef.current = decide

  const undoRedo = useCallback(
    (which: 'review.undo' | 'review.redo') => {
      const t = nav.begin() // at the key press: a later key wins over this undo's answer
      chain.drop()
      void chain
        .send(() => call(api, which, { query, origin: CLIENT_ID }))
        .then(
          (r) => {
            setStats(r.stats)
            if (r.imageId === null) {
              notify(say.nothingToText(which), 'info')
              return
            }
            setSession((s) => ({
              ...s,
              decisions: Math.max(0, s.decisions + (which === 'review.undo' ? -1 : 1))
            }))
            const what = say.imageText(r.imageId, r.item)
            setLastAction(say.undoText(which, what))
            if (t.current()) show(r.item, [])
          },
          (err) => notify(toAppError(err).message)
        )
    },
    [api, chain, notify, query, setStats, show, nav]
  )

  /**
   * ← at the head of the queue (or past its end): the image decided just before, with its label
   * shown; the item we came from goes first in line again, so → (or a key) returns to it.
   */
  const peekLast = useCallback(
    (t: Ticket, from: ReviewItem | null) => {
      const id = lastDecided.current
      if (id === null || id === from?.image.id) return
      void call(api, 'review.window', { ...query, at: id, ahead: 0 }).then(
        (w) => {
          if (!t.current() || !w.item) return
          if (from) ahead.current = [from, ...ahead.current.filter((it) => it.image.id !== from.image.id)]
          setStats(w.stats)
          show(w.item)
          setLastAction(
            i18n.t('review:useReviewQueue.lastDecidedGoesBackTo', { relPath: w.item.image.relPath })
          )
        },
        (e) => t.current() && notify(toAppError(e).message)
      )
    },
    [api, notify, query, setStats, show]
  )

  const move = useCallback(
    (direction: 'next' | 'prev') => {
      const current = itemRef.current
      const t = nav.begin()
      if (!current) {
        if (direction === 'prev' && !loadingRef.current && lastDecided.current !== null) peekLast(t, null)
        else void openWindow(t, query)
        return
      }
      // the next item is shown at once when the screen has it; the window brings its fresh counter
      const cached = direction === 'next' ? takeAhead(current) : null
      if (cached) show(cached)
      const input = cached
        ? { ...query, at: cached.image.id }
        : { ...query, from: current.image.id, direction }
      void call(api, 'review.window', { ...input, ahead: AHEAD }).then(
        (w) => {
          if (!t.current()) return
          setStats(w.stats)
          // past either end nothing changes (the current item stays), but ← at the head shows
          // the decision just made
          if (w.item) show(w.item, w.ahead)
          else if (direction === 'prev') peekLast(t, current)
        },
        (e) => t.current() && notify(toAppError(e).message)
      )
    },
    [api, notify, query, show, nav, openWindow, peekLast, setStats, takeAhead]
  )

  // Another window, tab, the CLI or the grid changed decisions (this screen's own answers already
  // brought theirs): the counters, the image on screen and the ones kept ahead are read again in
  // one window, and a decision someone else made on the image on screen is said, so the next key
  // is not a second decision made unknowingly.
  const refreshShown = useCallback(() => {
    const shown = itemRef.current
    if (!shown || loadingRef.current) return refreshStats()
    void call(api, 'review.window', { ...query, at: shown.image.id, ahead: AHEAD }).then(
      (w) => {
        setStats(w.stats)
        const fresh = w.item
        if (!fresh || itemRef.current?.image.id !== fresh.image.id) return
        const was = shown.current
        const now = fresh.current
        if (now && (now.at !== was?.at || now.annotator !== was?.annotator))
          notify(say.justDecidedText(fresh.image.relPath, now), 'info')
        itemRef.current = fresh
        setItem(fresh)
        ahead.current = w.ahead.filter((n) => !chain.pending(n.image.id))
        warm(fresh.image.id)
      },
      () => refreshStats()
    )
  }, [api, chain, notify, query, refreshStats, setStats, warm])
  useEffect(
    () =>
      api.on('project.changed', (e) => {
        if (e.origin === CLIENT_ID) return
        // a team replica's sync brought others' decisions or new leases: an empty queue may have
        // work again
        if (e.reason === 'team' && !itemRef.current && !loadingRef.current)
          void openWindow(nav.begin(), query)
        else if (e.reason === 'decision' || e.reason === 'team') refreshShown()
        else refreshStats()
      }),
    [api, nav, openWindow, query, refreshShown, refreshStats]
  )

  const whenShown = useCallback(
    (action: () => void) => {
      if (itemRef.current) action()
      else if (loadingRef.current) chain.hold(action)
    },
    [chain]
  )

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
    move,
    whenShown
  }
}

/** A tags decision as the status line says it: the tags present, then the unsure ones. */
function tagNames(item: ReviewItem, tags: { present: number[]; unsure: number[] }): string {
  const name = (id: number): string => item.tags?.find((t) => t.labelId === id)?.label ?? `#${id}`
  const present = tags.present.map(name).join(', ') || i18n.t('review:useReviewQueue.noTag')
  return tags.unsure.length
    ? i18n.t('review:useReviewQueue.unsure', { present, join: tags.unsure.map(name).join(', ') })
    : present
}
