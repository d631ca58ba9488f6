// A review queue over a fixed list of images (possible mistakes, search results, duplicate groups,
// a compare cell), with the view of useReviewQueue: the list is walked in order, a decision moves
// on at once (the next items are fetched ahead) while the decisions are sent in order on a promise
// chain; undo comes back to the image it reverted when that image is in the list. Every move
// begins a "latest" ticket, so a slow answer never replaces the item the user moved to.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Label, ReviewItem, ZebraApi } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { useLatest } from '../lib/latest'
import type { QueueView } from './ReviewView'
import { useQueueBasics } from './useQueueBasics'
import type { ReviewDecision } from './useReviewQueue'

/** items fetched ahead of the one shown */
const AHEAD = 3

/** An item with its position in the list, not in the filtered queue review.get counted it in. */
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
  focus?: number
): ListQueue {
  const [index, setIndex] = useState(0)
  const [item, setItem] = useState<ReviewItem | null>(null)
  const [loading, setLoading] = useState(true)
  const [session, setSession] = useState({ decisions: 0, start: Date.now() })
  const [lastAction, setLastAction] = useState('')
  const nav = useLatest()
  const cache = useRef(new Map<number, ReviewItem>())
  const images = useRef(new Map<number, HTMLImageElement>())
  const chain = useRef<Promise<unknown>>(Promise.resolve())
  const itemRef = useRef<ReviewItem | null>(null)
  itemRef.current = item
  const indexRef = useRef(0)
  const list = useRef<number[]>([])
  const { stats, refreshStats, now, setNow, urlOf } = useQueueBasics(api)

  const fetchItem = useCallback(
    (id: number) => call(api, 'review.get', { order: 'file', status: 'all', imageId: id }),
    [api]
  )

  /** Shows item i of the list (nothing past its end), the cached copy first, then a fresh one. */
  const go = useCallback(
    (i: number) => {
      const ids = list.current
      const at = Math.max(0, Math.min(i, ids.length))
      indexRef.current = at
      setIndex(at)
      const t = nav.begin()
      if (at >= ids.length) {
        setItem(null)
        setLoading(false)
        return
      }
      const id = ids[at]!
      const cached = cache.current.get(id)
      if (cached) setItem(placed(cached, at, ids.length))
      else {
        setItem(null)
        setLoading(true)
      }
      fetchItem(id).then(
        (it) => {
          cache.current.set(id, it)
          if (!t.current()) return
          setItem(placed(it, at, ids.length))
          setLoading(false)
        },
        (e) => {
          if (!t.current()) return
          setLoading(false)
          notify(toAppError(e).message)
        }
      )
      for (const next of ids.slice(at + 1, at + 1 + AHEAD)) {
        if (!images.current.has(next)) {
          const img = new Image()
          img.decoding = 'async'
          img.src = urlOf(next)
          images.current.set(next, img)
        }
        if (!cache.current.has(next))
          fetchItem(next).then(
            (it) => cache.current.set(next, it),
            () => undefined
          )
      }
    },
    [fetchItem, nav, notify, urlOf]
  )

  // a new list starts at its focus image (or its first)
  useEffect(() => {
    cache.current.clear()
    if (ids === null) {
      nav.cancel()
      list.current = []
      setItem(null)
      setLoading(true)
      return
    }
    list.current = ids
    const f = focus === undefined ? -1 : ids.indexOf(focus)
    go(f >= 0 ? f : 0)
    refreshStats()
  }, [ids, focus, go, nav, refreshStats])

  const enqueue = useCallback(<T>(f: () => Promise<T>): Promise<T> => {
    const p = chain.current.then(f, f)
    chain.current = p.catch(() => undefined)
    return p
  }, [])

  /** Moves on at once, sends `save` in order; on failure the unsaved item comes back. */
  const saveAndNext = useCallback(
    (what: string, save: () => Promise<unknown>) => {
      const cur = itemRef.current
      if (!cur) return
      const at = indexRef.current
      cache.current.delete(cur.image.id)
      setLastAction(`${what} — ${cur.image.relPath}`)
      setSession((s) => ({ ...s, decisions: s.decisions + 1 }))
      setNow(Date.now())
      go(at + 1)
      void enqueue(save).then(refreshStats, (err) => {
        setLastAction(`not saved — ${cur.image.relPath}`)
        notify(`Could not save the decision for ${cur.image.relPath}: ${toAppError(err).message}`)
        setSession((s) => ({ ...s, decisions: Math.max(0, s.decisions - 1) }))
        go(at)
      })
    },
    [enqueue, go, notify, refreshStats, setNow]
  )

  const decide = useCallback(
    (kind: ReviewDecision, extra: { rank?: number; labelId?: number }) => {
      const cur = itemRef.current
      if (!cur) return
      const label =
        kind === 'accepted'
          ? cur.suggestions.find((s) => s.rank === extra.rank)?.label
          : labels.find((l) => l.id === extra.labelId)?.name
      saveAndNext(`${kind}${label && kind !== 'skipped' ? `: ${label}` : ''}`, () =>
        call(api, 'review.decide', { imageId: cur.image.id, kind, ...extra })
      )
    },
    [api, labels, saveAndNext]
  )

  const decideGroup = useCallback(
    (imageIds: number[], label: Label) => {
      for (const id of imageIds) cache.current.delete(id)
      saveAndNext(`group of ${imageIds.length}: ${label.name}`, () =>
        call(api, 'review.decideGroup', { imageIds, labelId: label.id })
      )
    },
    [api, saveAndNext]
  )

  const keep = useCallback(() => {
    const cur = itemRef.current
    if (!cur) return
    saveAndNext(`kept${cur.current?.label ? `: ${cur.current.label}` : ''}`, () =>
      call(api, 'review.keepLabel', { imageId: cur.image.id })
    )
  }, [api, saveAndNext])

  const undoRedo = useCallback(
    (which: 'review.undo' | 'review.redo') => {
      const t = nav.begin() // at the key press: a later key wins over this undo's answer
      void enqueue(async () => {
        const r = await call(api, which, {})
        if (r.imageId === null) {
          notify(which === 'review.undo' ? 'Nothing to undo.' : 'Nothing to redo.', 'info')
          return
        }
        cache.current.clear()
        setSession((s) => ({
          ...s,
          decisions: Math.max(0, s.decisions + (which === 'review.undo' ? -1 : 1))
        }))
        setLastAction(which === 'review.undo' ? 'undone' : 'redone')
        if (!t.current()) return
        const j = list.current.indexOf(r.imageId)
        // undo comes back to the image; redo moves past it again
        if (j >= 0) go(which === 'review.undo' ? j : j + 1)
        else {
          notify(
            `${which === 'review.undo' ? 'Undone' : 'Redone'} outside this list (image ${r.imageId}).`,
            'info'
          )
          go(indexRef.current)
        }
      }).then(refreshStats, (err) => notify(toAppError(err).message))
    },
    [api, enqueue, go, nav, notify, refreshStats]
  )

  const move = useCallback(
    (direction: 'next' | 'prev') => go(indexRef.current + (direction === 'next' ? 1 : -1)),
    [go]
  )

  useEffect(() => api.on('project.changed', () => refreshStats()), [api, refreshStats])

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
    keep,
    undoRedo,
    move
  }
}
