// A tags project's review: the tag panel and its keys as a source mode of the review view. Each
// tag's key toggles it on the image shown (Shift+key: unsure), Enter sends the image's tags as one
// decision (checked: present, unsure: unsure, every other tag absent) through the queue's decision
// chain, so the order of sends, kept keys in bursts and one request per image hold as they do for
// one-label decisions. A key pressed while the next image is on its way is kept and acts on that
// image once it is shown (queue.whenShown), so toggles and Enter never land on the wrong image.
import { createElement, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Label, TagInfo, TagState, TagView, TagsSummary } from '../../../shared/contract'
import { call } from '../api'
import { useApp } from '../context'
import { isTypingTarget } from '../lib/keys'
import { STALE, useLatest } from '../lib/latest'
import { assignTagKeys, pressedTagKey } from '../lib/tag-keys'
import type { SourceMode } from './ReviewView'
import type { ReviewQueue } from './useReviewQueue'
import { TagPanel } from './TagPanel'
import { i18n } from '../i18n'

/** A tag's state as the panel shows it before any toggle: decided, else checked or not. */
function shownState(t: TagView): TagState {
  if (t.state === 'unsure') return 'unsure'
  return t.checked ? 'present' : 'absent'
}

/** Toggle: present ↔ absent (unsure → present); with Shift: unsure ↔ absent. */
function toggled(s: TagState, unsure: boolean): TagState {
  if (unsure) return s === 'unsure' ? 'absent' : 'unsure'
  return s === 'present' ? 'absent' : 'present'
}

/** `on`: a tags project (the hook does nothing, and asks nothing, in a one-label project). */
export function useTagReview(queue: ReviewQueue, labels: Label[], on: boolean): SourceMode {
  const { api, notify, openSettings, go } = useApp()
  const { item, whenShown, current, decide } = queue
  // the toggles of each image not yet sent (by image id, then tag id)
  const overrides = useRef(new Map<number, Map<number, TagState>>())
  const [, setVersion] = useState(0)
  const bump = useCallback(() => setVersion((v) => v + 1), [])
  const [summary, setSummary] = useState<TagsSummary | null>(null)
  const searchRef = useRef<HTMLInputElement | null>(null)

  const active = useMemo(() => labels.filter((l) => !l.archived), [labels])
  const keys = useMemo(() => assignTagKeys(active.map((l) => ({ labelId: l.id, key: l.hotkey }))), [active])
  const byKey = useMemo(() => new Map([...keys].map(([id, k]) => [k, id])), [keys])
  const info = useMemo(
    () => new Map<number, TagInfo>(summary?.tags.map((t) => [t.labelId, t]) ?? []),
    [summary]
  )

  // the summary says what each tag's number rests on; read again only when the image shown says a
  // tag's source changed (a tag just calibrated), not per image: a decision stays one request
  const calibratedShown = (item?.tags ?? [])
    .filter((t) => t.source !== 'coldstart')
    .map((t) => t.labelId)
    .join(',')
  const calibratedKnown = (summary?.tags ?? [])
    .filter((t) => t.calibration.kind === 'calibrated')
    .map((t) => t.labelId)
  const stale =
    summary === null || calibratedShown.split(',').some((id) => id && !calibratedKnown.includes(Number(id)))
  const labelStamp = active.map((l) => `${l.id}:${l.hotkey ?? ''}`).join(',')
  const asked = useRef('')
  const summaryReq = useLatest()
  const lookedAt = useRef(0)
  const askSummary = useCallback(() => {
    summaryReq
      .run(() => call(api, 'tags.summary', {}))
      .then(
        (s) => s !== STALE && setSummary(s),
        () => undefined
      )
  }, [api, summaryReq])
  useEffect(() => {
    if (!on) return
    const key = `${labelStamp}|${stale ? calibratedShown : ''}`
    // asked for these labels already and nothing new is calibrated: the summary stands
    if (asked.current === key || (!stale && asked.current.startsWith(`${labelStamp}|`))) return
    asked.current = key
    askSummary()
  }, [on, labelStamp, stale, calibratedShown, askSummary])
  // the pointer over the tags (to read a tooltip): the counts behind each tag, read again at most
  // every few seconds; keys never ask, so a decision stays one request
  const look = useCallback(() => {
    if (!on || Date.now() - lookedAt.current < 5_000) return
    lookedAt.current = Date.now()
    askSummary()
  }, [on, askSummary])

  const stateIn = useCallback((imageId: number, t: TagView): TagState => {
    return overrides.current.get(imageId)?.get(t.labelId) ?? shownState(t)
  }, [])

  const toggle = useCallback(
    (labelId: number, unsure: boolean) =>
      whenShown(() => {
        const cur = current()
        const t = cur?.tags?.find((x) => x.labelId === labelId)
        if (!cur || !t) return
        const mine = overrides.current.get(cur.image.id) ?? new Map<number, TagState>()
        mine.set(labelId, toggled(stateIn(cur.image.id, t), unsure))
        overrides.current.set(cur.image.id, mine)
        bump()
      }),
    [whenShown, current, stateIn, bump]
  )

  const clearAll = useCallback(
    () =>
      whenShown(() => {
        const cur = current()
        if (!cur?.tags) return
        overrides.current.set(cur.image.id, new Map(cur.tags.map((t) => [t.labelId, 'absent' as const])))
        bump()
      }),
    [whenShown, current, bump]
  )

  const accept = useCallback(
    () =>
      whenShown(() => {
        const cur = current()
        if (!cur) return
        if (!cur.tags?.length) {
          notify(i18n.t('tags:useTagReview.thisProjectHasNoTags'))
          return
        }
        const present: number[] = []
        const unsure: number[] = []
        for (const t of cur.tags) {
          const s = stateIn(cur.image.id, t)
          if (s === 'present') present.push(t.labelId)
          else if (s === 'unsure') unsure.push(t.labelId)
        }
        // the image comes back (undo, ←) as the server has it, not as it was toggled
        overrides.current.delete(cur.image.id)
        decide('accepted', { tags: { present, unsure } })
      }),
    [whenShown, current, notify, stateIn, decide]
  )

  const done = useCallback(() => document.querySelector<HTMLElement>('[data-testid="stage"]')?.focus(), [])

  const keyDown = useCallback(
    (e: KeyboardEvent): boolean => {
      const plain = !e.ctrlKey && !e.metaKey && !e.altKey
      if (!plain) return false
      if (e.key === 'Enter' && !e.shiftKey) {
        // a focused button outside the panel (Skip, Undo) keeps its own Enter
        const el = e.target as HTMLElement | null
        if (el?.tagName === 'BUTTON' && !el.closest('.tag-panel')) return false
        accept()
        return true
      }
      if (isTypingTarget(e.target)) return false
      if (e.key === '/') {
        searchRef.current?.focus()
        return true
      }
      const p = pressedTagKey(e)
      if (!p) return false
      if (!p.shift && (p.key === '0' || p.key === 'x')) {
        clearAll()
        return true
      }
      if (!p.shift && p.key === 'n') {
        notify(i18n.t('tags:useTagReview.inATagsProjectA'), 'info')
        return true
      }
      const id = byKey.get(p.key)
      if (id === undefined) return false
      toggle(id, p.shift)
      return true
    },
    [accept, byKey, clearAll, notify, toggle]
  )

  const tags = item?.tags ?? []
  const shownId = item?.image.id
  const stateOf = useCallback(
    (t: TagView) => (shownId === undefined ? shownState(t) : stateIn(shownId, t)),
    [shownId, stateIn]
  )
  const keyList = useMemo((): [string, string][] => {
    const name = new Map(active.map((l) => [l.id, l.name]))
    return [
      ...[...keys].map(([id, k]): [string, string] => [
        i18n.t('tags:useTagReview.shift', { toUpperCase: k.toUpperCase() }),
        i18n.t('tags:useTagReview.toggle', { name: name.get(id) ?? i18n.t('tags:useTagReview.tagN', { id }) })
      ])
    ]
  }, [keys, active])

  const panel = item
    ? createElement(TagPanel, {
        tags,
        stateOf,
        keys,
        info,
        labels,
        toggle,
        accept,
        done,
        searchRef,
        look,
        openLabels: () => (openSettings ? openSettings('labels') : go('settings'))
      })
    : null
  return { tags: true, keyDown, keys: keyList, panel }
}
