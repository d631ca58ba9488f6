// The tag pass without its view: one tag's images by probability (tags.pass, pages joined by the
// keyset `after`), a filter on the tag's state, a selection (tiles picked one by one, or every image
// at or above a probability, counted), and the bulk marks of that selection (tags.mark: one
// undoable batch) with their undo (review.undo). Every answer is checked against a "latest" ticket,
// so a slow page of the tag before never lands in the tag shown now.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { TagPassFilter, TagPassItem, TagPassPage, TagState, TagsSummary } from '../../../shared/contract'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { CLIENT_ID } from '../lib/client-id'
import { STALE, useLatest, type Ticket } from '../lib/latest'
import { i18n } from '../i18n'

const PAGE = 100
/** pages of 500 the "p ≥ x" count reads at most; past that it says "at least" */
const COUNT_PAGES = 10

type PassSelection = { kind: 'ids'; ids: Set<number> } | { kind: 'above'; minProb: number }

export interface TagPass {
  summary: TagsSummary | null
  labelId: number | null
  setLabelId(id: number): void
  nextTag(): void
  filter: TagPassFilter
  setFilter(f: TagPassFilter): void
  items: TagPassItem[]
  page: Omit<TagPassPage, 'items'> | null
  loading: boolean
  more: boolean
  loadMore(): void
  sel: PassSelection
  isSelected(it: TagPassItem): boolean
  click(it: TagPassItem): void
  selectAbove(minProb: number): void
  clear(): void
  /** images the selection holds: exact, or a lower bound when `atLeast` */
  selCount: { n: number; atLeast: boolean } | null
  busy: boolean
  mark(state: TagState): Promise<void>
  undo(): Promise<void>
  /** new negative prompts were saved: the summary they answered, and the images scored anew */
  saved(s: TagsSummary): void
}

export function useTagPass(): TagPass {
  const { api, notify } = useApp()
  const [summary, setSummary] = useState<TagsSummary | null>(null)
  const [labelId, setLabel] = useState<number | null>(null)
  const [filter, setFilter] = useState<TagPassFilter>('undecided')
  const [items, setItems] = useState<TagPassItem[]>([])
  const [page, setPage] = useState<Omit<TagPassPage, 'items'> | null>(null)
  const [loading, setLoading] = useState(false)
  const [sel, setSel] = useState<PassSelection>({ kind: 'ids', ids: new Set() })
  const [aboveCount, setAboveCount] = useState<{ n: number; atLeast: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  const [version, setVersion] = useState(0)
  const view = useLatest()
  const counting = useLatest()
  const summaryReq = useLatest()
  const afterRef = useRef<TagPassPage['after']>(null)
  const loadingRef = useRef(false)
  /** the first page's ticket: the pages after it belong to the same view */
  const viewTicket = useRef<Ticket | null>(null)

  const refreshSummary = useCallback(() => {
    summaryReq
      .run(() => call(api, 'tags.summary', {}))
      .then(
        (s) => s !== STALE && setSummary(s),
        (e) => notify(toAppError(e).message)
      )
  }, [api, notify, summaryReq])
  useEffect(() => refreshSummary(), [refreshSummary])
  // the first tag once the summary is known (or again when the tag shown was archived)
  const first = summary?.tags[0]?.labelId ?? null
  const known = labelId !== null && !!summary?.tags.some((t) => t.labelId === labelId)
  const shown = known ? labelId : first

  // the first page of the tag and filter (again after a mark or an undo: version)
  useEffect(() => {
    if (shown === null) return
    const t = (viewTicket.current = view.begin())
    loadingRef.current = true
    setLoading(true)
    setItems([])
    afterRef.current = null
    call(api, 'tags.pass', { labelId: shown, filter, limit: PAGE }).then(
      ({ items: got, ...meta }) => {
        if (!t.current()) return
        afterRef.current = meta.after
        setItems(got)
        setPage(meta)
        loadingRef.current = false
        setLoading(false)
      },
      (e) => {
        if (!t.current()) return
        loadingRef.current = false
        setLoading(false)
        notify(toAppError(e).message)
      }
    )
  }, [api, notify, view, shown, filter, version])

  const loadMore = useCallback(() => {
    const after = afterRef.current
    if (shown === null || !after || loadingRef.current) return
    const t = viewTicket.current
    if (!t) return
    loadingRef.current = true
    setLoading(true)
    call(api, 'tags.pass', { labelId: shown, filter, limit: PAGE, after }).then(
      ({ items: got, ...meta }) => {
        if (!t.current()) return
        afterRef.current = meta.after
        setItems((all) => [...all, ...got])
        setPage(meta)
        loadingRef.current = false
        setLoading(false)
      },
      (e) => {
        if (!t.current()) return
        loadingRef.current = false
        setLoading(false)
        notify(toAppError(e).message)
      }
    )
  }, [api, notify, shown, filter])

  // how many images "p ≥ x" selects, with the filter: read in pages, stopped by a newer x
  const minProb = sel.kind === 'above' ? sel.minProb : null
  useEffect(() => {
    if (minProb === null || shown === null) return
    const t = counting.begin()
    void (async () => {
      let n = 0
      let after: TagPassPage['after'] = null
      for (let i = 0; i < COUNT_PAGES; i++) {
        const p: TagPassPage = await call(api, 'tags.pass', {
          labelId: shown,
          filter,
          limit: 500,
          minProb,
          after
        })
        if (!t.current()) return
        n += p.items.length
        after = p.after
        if (!after) break
      }
      setAboveCount({ n, atLeast: after !== null })
    })().catch((e: unknown) => t.current() && notify(toAppError(e).message))
  }, [api, notify, counting, minProb, shown, filter, version])

  const reset = useCallback(() => {
    setSel({ kind: 'ids', ids: new Set() })
    setAboveCount(null)
  }, [])
  const setLabelId = useCallback(
    (id: number) => {
      setLabel(id)
      reset()
    },
    [reset]
  )
  const nextTag = useCallback(() => {
    const tags = summary?.tags ?? []
    if (!tags.length) return
    const i = tags.findIndex((t) => t.labelId === shown)
    setLabelId(tags[(i + 1) % tags.length]!.labelId)
  }, [summary, shown, setLabelId])

  const isSelected = useCallback(
    (it: TagPassItem) => (sel.kind === 'ids' ? sel.ids.has(it.imageId) : it.prob >= sel.minProb),
    [sel]
  )
  const click = useCallback(
    (it: TagPassItem) => {
      // from "p ≥ x" to a hand-picked set: the tiles on screen it held, then this one toggled
      const ids = new Set(sel.kind === 'ids' ? sel.ids : items.filter(isSelected).map((x) => x.imageId))
      if (ids.has(it.imageId)) ids.delete(it.imageId)
      else ids.add(it.imageId)
      setSel({ kind: 'ids', ids })
      setAboveCount(null)
    },
    [sel, items, isSelected]
  )
  const selectAbove = useCallback((p: number) => {
    setAboveCount(null)
    setSel({ kind: 'above', minProb: p })
  }, [])

  const selCount = useMemo(
    () => (sel.kind === 'ids' ? { n: sel.ids.size, atLeast: false } : aboveCount),
    [sel, aboveCount]
  )

  const after = useCallback(() => {
    reset()
    setVersion((v) => v + 1)
    refreshSummary()
  }, [reset, refreshSummary])

  const mark = useCallback(
    async (state: TagState) => {
      if (shown === null) return
      const which = sel.kind === 'ids' ? { imageIds: [...sel.ids] } : { minProb: sel.minProb, filter: filter }
      if (sel.kind === 'ids' && sel.ids.size === 0)
        return notify(i18n.t('tags:useTagPass.selectImagesFirstClickOr'))
      setBusy(true)
      try {
        const r = await call(api, 'tags.mark', { labelId: shown, state, ...which, origin: CLIENT_ID })
        const name = summary?.tags.find((t) => t.labelId === shown)?.label ?? i18n.t('tags:useTagPass.theTag')
        notify(
          i18n.t('tags:useTagPass.marked', { name, count: r.count, state: i18n.t(`tags:state.${state}`) }),
          'info'
        )
        after()
      } catch (e) {
        notify(toAppError(e).message)
      } finally {
        setBusy(false)
      }
    },
    [api, notify, shown, sel, filter, summary, after]
  )
  const undo = useCallback(async () => {
    setBusy(true)
    try {
      const r = await call(api, 'review.undo', { origin: CLIENT_ID })
      notify(
        r.imageId === null
          ? i18n.t('tags:useTagPass.nothingToUndo')
          : i18n.t('tags:useTagPass.undoneImageS', { length: r.imageIds.length }),
        'info'
      )
      after()
    } catch (e) {
      notify(toAppError(e).message)
    } finally {
      setBusy(false)
    }
  }, [api, notify, after])

  return {
    summary,
    labelId: shown,
    setLabelId,
    nextTag,
    filter,
    setFilter: (f) => {
      setFilter(f)
      reset()
    },
    items,
    page,
    loading,
    more: page?.after != null,
    loadMore,
    sel,
    isSelected,
    click,
    selectAbove,
    clear: reset,
    selCount,
    busy,
    mark,
    undo,
    saved: (s) => {
      setSummary(s)
      setVersion((v) => v + 1)
    }
  }
}
