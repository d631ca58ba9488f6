// A review queue over a fixed list of images (possible mistakes, search results, duplicate groups,
// a compare cell), with the view of useReviewQueue: the list is walked in order, a decision moves
// on at once to the next item the screen already has, and its answer brings the next items of the
// list and the counters (one request per key press); decisions are sent in order on a
// DecisionChain, and keys pressed faster than the answers are applied in order as images show.
// Undo comes back to the image it reverted when that image is in the list. Every move begins a
// "latest" ticket, so a slow answer never replaces the item the user moved to.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { DecisionKind, Label, ReviewItem, ReviewStats, ZebraApi } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { CLIENT_ID } from '../lib/client-id'
import { DecisionChain } from '../lib/decision-chain'
import { useLatest } from '../lib/latest'
import type { QueueView } from './ReviewView'
import { useQueueBasics } from './useQueueBasics'
import { i18n } from '../i18n'
import { decisionText, imageText, notSavedText, nothingToText, undoText } from '../lib/queue-text'

/** items fetched ahead of the one shown */
const AHEAD = 3

/** An item with its position in the list, not in the filtered queue it was read from. */
function placed(it: ReviewItem, i: number, total: number): ReviewItem {
  return { ...it, position: i + 1, total }
}

export interface ListQueue extends QueueView {
  /** index of the shown item in the list (list length when past its end) */
  index: number
  /** one label for several images, one undoable step; then the next item */
  decideGroup(imageIds: number[], label: Label): void
  /** "the label stands" for a possible mistake; then the next item */
  keep(): void
}

export function useListQueue(
  api: ZebraApi,
  labels: Label[],
  notify: (message: string, kind?: 'error' | 'info') => void,
  /** null while the list is loading */
  ids: number[] | null,
  focus?: number,
  /** a reviewer's list (disagreements, an annotator's sample): each decision is adjudicated */
  adjudicate = false
): ListQueue {
  const [index, setIndex] = useState(0)
  const [item, setItem] = useState<ReviewItem | null>(null)
  const [loading, setLoading] = useState(true)
  const [session, setSession] = useState({ decisions: 0, start: Date.now() })
  const [lastAction, setLastAction] = useState('')
  const nav = useLatest()
  const cache = useRef(new Map<number, ReviewItem>())
  const images = useRef(new Map<number, HTMLImageElement>())
  const chain = useRef(new DecisionChain()).current
  // set on show, not on render: a key kept during a burst acts on the item just shown
  const itemRef = useRef<ReviewItem | null>(null)
  const indexRef = useRef(0)
  const list = useRef<number[]>([])
  const { stats, setStats, refreshStats, now, setNow, urlOf } = useQueueBasics(api)

  /** the list's ids after position i that the screen keeps ahead */
  const aheadOf = useCallback((i: number) => list.current.slice(i + 1, i + 1 + AHEAD), [])

  const keep = useCallback((items: ReviewItem[]) => {
    for (const it of items) cache.current.set(it.image.id, it)
  }, [])

  const setShown = useCallback(
    (it: ReviewItem | null, busy: boolean) => {
      itemRef.current = it
      setItem(it)
      setLoading(busy)
      if (it) chain.drain(() => itemRef.current !== null)
    },
    [chain]
  )

  /**
   * Shows item i of the list (nothing past its end): the copy the screen has at once, else the
   * list's next images in one request.
   */
  const go = useCallback(
    (i: number) => {
      const ids = list.current
      const at = Math.max(0, Math.min(i, ids.length))
      indexRef.current = at
      setIndex(at)
      const t = nav.begin()
      for (const next of aheadOf(at)) {
        if (images.current.has(next)) continue
        const img = new Image()
        img.decoding = 'async'
        img.src = urlOf(next)
        images.current.set(next, img)
      }
      if (at >= ids.length) return setShown(null, false)
      const id = ids[at]!
      const cached = cache.current.get(id)
      if (cached) return setShown(placed(cached, at, ids.length), false)
      setShown(null, true)
      const want = [id, ...aheadOf(at).filter((x) => !cache.current.has(x))]
      call(api, 'review.items', { imageIds: want }).then(
        (items) => {
          keep(items)
          if (t.current()) setShown(placed(items[0]!, at, ids.length), false)
        },
        (e) => {
          if (!t.current()) return
          setLoading(false)
          notify(toAppError(e).message)
        }
      )
    },
    [aheadOf, api, keep, nav, notify, setShown, urlOf]
  )

  // a new list starts at its focus image (or its first)
  useEffect(() => {
    cache.current.clear()
    chain.drop()
    if (ids === null) {
      nav.cancel()
      list.current = []
      setShown(null, true)
      return
    }
    list.current = ids
    const f = focus === undefined ? -1 : ids.indexOf(focus)
    go(f >= 0 ? f : 0)
    refreshStats()
  }, [ids, focus, go, nav, refreshStats, chain, setShown])

  /**
   * Moves on at once and sends `save` in order; its answer brings the list's next items and the
   * counters. On failure the unsaved item comes back.
   */
  const saveAndNext = useCallback(
    (
      what: string,
      save: (then: { ids: number[] }) => Promise<{ next: ReviewItem[]; stats: ReviewStats }>
    ) => {
      const cur = itemRef.current
      if (!cur) return false
      const at = indexRef.current
      cache.current.delete(cur.image.id)
      setLastAction(i18n.t('review:useListQueue.text', { what, relPath: cur.image.relPath }))
      setSession((s) => ({ ...s, decisions: s.decisions + 1 }))
      setNow(Date.now())
      const then = { ids: list.current.slice(at + 1, at + 2 + AHEAD) }
      const sent = chain.track(
        cur.image.id,
        chain.send(() => save(then))
      )
      go(at + 1)
      void sent.then(
        (r) => {
          setStats(r.stats)
          keep(r.next)
          const shown = itemRef.current
          const fresh = shown && r.next.find((it) => it.image.id === shown.image.id)
          if (fresh) setShown(placed(fresh, indexRef.current, list.current.length), false)
        },
        (err) => {
          const text = notSavedText(cur.image.relPath, err)
          setLastAction(text.line)
          notify(text.message)
          setSession((s) => ({ ...s, decisions: Math.max(0, s.decisions - 1) }))
          chain.drop()
          go(at)
        }
      )
      return true
    },
    [chain, go, keep, notify, setNow, setShown, setStats]
  )

  const holdOr = useCallback(
    (act: () => boolean | undefined) => {
      if (act()) return
      // no image shown yet (faster than the answers): kept for the next one
      if (indexRef.current < list.current.length) chain.hold(() => void act())
    },
    [chain]
  )

  const decide = useCallback(
    (kind: DecisionKind, extra: { rank?: number; labelId?: number }) =>
      holdOr(() => {
        const cur = itemRef.current
        if (!cur) return false
        // a kept key whose rank the image it landed on does not have: nothing to accept
        if (kind === 'accepted' && !cur.suggestions.some((s) => s.rank === extra.rank)) return true
        const label =
          kind === 'accepted'
            ? cur.suggestions.find((s) => s.rank === extra.rank)?.label
            : labels.find((l) => l.id === extra.labelId)?.name
        return saveAndNext(decisionText(kind, kind !== 'skipped' ? label : null), (then) =>
          call(api, 'review.decide', {
            imageId: cur.image.id,
            kind,
            ...extra,
            ...(adjudicate ? { adjudicate } : {}),
            then,
            origin: CLIENT_ID
          })
        )
      }),
    [adjudicate, api, holdOr, labels, saveAndNext]
  )

  const decideGroup = useCallback(
    (imageIds: number[], label: Label) => {
      for (const id of imageIds) cache.current.delete(id)
      saveAndNext(
        i18n.t('review:useListQueue.groupOf', { length: imageIds.length, name: label.name }),
        (then) => call(api, 'review.decideGroup', { imageIds, labelId: label.id, then, origin: CLIENT_ID })
      )
    },
    [api, saveAndNext]
  )

  const keepLabel = useCallback(
    () =>
      holdOr(() => {
        const cur = itemRef.current
        if (!cur) return false
        return saveAndNext(decisionText('kept', cur.current?.label), (then) =>
          call(api, 'review.keepLabel', { imageId: cur.image.id, then, origin: CLIENT_ID })
        )
      }),
    [api, holdOr, saveAndNext]
  )

  const undoRedo = useCallback(
    (which: 'review.undo' | 'review.redo') => {
      const t = nav.begin() // at the key press: a later key wins over this undo's answer
      chain.drop()
      void chain
        .send(() => call(api, which, { origin: CLIENT_ID }))
        .then(
          (r) => {
            setStats(r.stats)
            if (r.imageId === null) {
              notify(nothingToText(which), 'info')
              return
            }
            cache.current.clear()
            if (r.item) keep([r.item])
            setSession((s) => ({
              ...s,
              decisions: Math.max(0, s.decisions + (which === 'review.undo' ? -1 : 1))
            }))
            const what = r.item?.image.relPath ?? imageText(r.imageId, null)
            setLastAction(undoText(which, what))
            if (!t.current()) return
            const j = list.current.indexOf(r.imageId)
            // undo comes back to the image; redo moves past it again
            if (j >= 0) go(which === 'review.undo' ? j : j + 1)
            else {
              notify(
                i18n.t(
                  which === 'review.undo' ? 'review:queue.undoneOutside' : 'review:queue.redoneOutside',
                  { what }
                ),
                'info'
              )
              go(indexRef.current)
            }
          },
          (err) => notify(toAppError(err).message)
        )
    },
    [api, chain, go, keep, nav, notify, setStats]
  )

  const move = useCallback(
    (direction: 'next' | 'prev') => go(indexRef.current + (direction === 'next' ? 1 : -1)),
    [go]
  )

  useEffect(
    () =>
      api.on('project.changed', (e) => {
        if (e.origin !== CLIENT_ID) refreshStats()
      }),
    [api, refreshStats]
  )

  const current = useCallback(() => itemRef.current, [])
  return {
    index,
    item,
    current,
    loading,
    stats,
    session,
    now,
    lastAction,
    urlOf,
    decide,
    decideGroup,
    keep: keepLabel,
    undoRedo,
    move
  }
}
