// Review over a list: loads the list of the chosen source (possible mistakes, search results,
// near-duplicate groups, or a list another screen opened) and reviews it like any queue. Possible
// mistakes show the model's label next to yours (A accepts it, K keeps yours); a duplicate group
// is shown as thumbnails and labelled as a whole (1–5 or 0), one step that one undo reverts.
import { useEffect, useState } from 'react'
import type { InvokeOutput, Label } from '../../../shared/contract'
import { phrased } from '../../../shared/remedies'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { pct } from '../lib/format'
import { STALE, useLatest } from '../lib/latest'
import type { ReviewSource } from './ReviewSources'
import { ReviewView, type SourceMode } from './ReviewView'
import { useListQueue, type ListQueue } from './useListQueue'
import './ReviewLists.css'

type Mistake = InvokeOutput<'review.mistakes'>[number]
type Group = InvokeOutput<'review.duplicateGroups'>[number]

/** group thumbnails shown before "+N more" */
const GROUP_THUMBS = 24

interface Loaded {
  ids: number[]
  focus?: number
  mistakes?: Map<number, Mistake>
  /** a group by its first image, the one the queue shows */
  groups?: Map<number, Group>
  scores?: Map<number, number>
  /** the empty stage's text: why the list is empty */
  none: string
}

type ListSource = Exclude<ReviewSource, { kind: 'queue' }>

async function load(api: ReturnType<typeof useApp>['api'], source: ListSource): Promise<Loaded> {
  switch (source.kind) {
    case 'list':
      return { ids: source.list.imageIds, focus: source.list.focus, none: 'This list is empty.' }
    case 'mistakes': {
      const list = await call(api, 'review.mistakes', { limit: 500 })
      return {
        ids: list.map((m) => m.imageId),
        mistakes: new Map(list.map((m) => [m.imageId, m])),
        none: 'No possible mistakes: the model agrees with your reviewed labels (or too few are reviewed yet).'
      }
    }
    case 'search': {
      if (!source.text) return { ids: [], none: 'Type what the images show above, then press Enter.' }
      const hits = await call(api, 'search.text', { query: source.text, limit: 100 })
      return {
        ids: hits.map((h) => h.imageId),
        scores: new Map(hits.map((h) => [h.imageId, h.score])),
        none: `No image matches “${source.text}”.`
      }
    }
    case 'duplicates': {
      const groups = (await call(api, 'review.duplicateGroups', { threshold: source.threshold })).filter(
        (g) => g.unreviewed > 0
      )
      return {
        ids: groups.map((g) => g.imageIds[0]!),
        groups: new Map(groups.map((g) => [g.imageIds[0]!, g])),
        none: `No near-duplicate groups left to label at similarity ≥ ${source.threshold.toFixed(2)}.`
      }
    }
  }
}

export function ListReview(props: {
  source: ListSource
  labels: Label[]
  picker: React.ReactNode
}): React.JSX.Element {
  const { api, notify, project } = useApp()
  const { source, labels } = props
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const req = useLatest()
  const unembedded = (project?.counts.prelabeled ?? 1) === 0 && source.kind !== 'list'

  useEffect(() => {
    setLoaded(null)
    setFailed(null)
    if (unembedded) {
      req.cancel()
      setLoaded({ ids: [], none: 'Pre-label the images first: open the Pre-label screen and click Start.' })
      return
    }
    req
      .run(() => load(api, source))
      .then(
        (l) => l !== STALE && setLoaded(l),
        (e) => {
          const err = toAppError(e)
          setFailed(phrased(err, 'gui'))
          setLoaded({ ids: [], none: '' })
        }
      )
  }, [api, source, req, unembedded])

  const queue = useListQueue(api, labels, notify, loaded?.ids ?? null, loaded?.focus)
  const mode = useSourceMode(source, loaded, queue, labels)
  const title =
    source.kind === 'list'
      ? source.list.title
      : source.kind === 'search'
        ? `Search: ${source.text}`
        : source.kind === 'mistakes'
          ? 'Possible mistakes'
          : 'Near-duplicates'

  return (
    <ReviewView
      queue={queue}
      labels={labels}
      filters={props.picker}
      focusKey={source.kind === 'search' && !source.text ? null : source}
      mode={mode}
      empty={
        failed ? (
          <p className="error" role="alert" data-testid="source-error">
            {failed}
          </p>
        ) : (
          <>
            <h2>{queue.index > 0 ? `End of “${title}”` : 'Nothing here'}</h2>
            <p className="muted">{queue.index > 0 ? 'Every image of this list was shown.' : loaded?.none}</p>
          </>
        )
      }
    />
  )
}

function useSourceMode(
  source: ListSource,
  loaded: Loaded | null,
  queue: ListQueue,
  labels: Label[]
): SourceMode | undefined {
  const { api } = useApp()
  const id = queue.item?.image.id
  const mistake = id === undefined ? undefined : loaded?.mistakes?.get(id)
  const group = id === undefined ? undefined : loaded?.groups?.get(id)
  const score = id === undefined ? undefined : loaded?.scores?.get(id)
  const [allThumbs, setAllThumbs] = useState(false)
  useEffect(() => setAllThumbs(false), [id])

  {
    if (mistake) {
      const accept = (): void => queue.decide('corrected', { labelId: mistake.suggestedId })
      return {
        key: (k) => (k === 'a' ? (accept(), true) : k === 'k' ? (queue.keep(), true) : false),
        keys: [
          ['A', 'possible mistake: take the model’s label'],
          ['K', 'possible mistake: keep your label (it stops being listed)']
        ],
        panel: (
          <div className="mistake" data-testid="mistake-panel">
            <div>
              Your label: <strong>{mistake.label}</strong>
            </div>
            <div>
              Model suggests: <strong>{mistake.suggested}</strong>{' '}
              <span className="muted small">{pct(mistake.prob, 1)}</span>
            </div>
            <div className="row wrap">
              <button type="button" className="primary" onClick={accept}>
                <kbd>A</kbd> Accept {mistake.suggested}
              </button>
              <button type="button" onClick={() => queue.keep()}>
                <kbd>K</kbd> Keep {mistake.label}
              </button>
            </div>
          </div>
        )
      }
    }
    if (group) {
      const n = group.imageIds.length
      const labelAll = (label: Label | undefined): void => {
        if (label) queue.decideGroup(group.imageIds, label)
      }
      const shown = allThumbs ? group.imageIds : group.imageIds.slice(0, GROUP_THUMBS)
      return {
        accept: (rank) => {
          const s = queue.current()?.suggestions.find((x) => x.rank === rank)
          labelAll(labels.find((l) => l.id === s?.labelId))
        },
        correct: labelAll,
        correctTitle: `Which label for all ${n} images of this group?`,
        keys: [['1 – 5 / 0', 'near-duplicates: label the whole group (one step, U undoes it)']],
        panel: (
          <div className="dup-group" data-testid="duplicate-group">
            <div className="small">
              Group of <strong>{n}</strong> near-duplicates ({group.unreviewed} unreviewed when listed). 1–5
              or 0 labels all of them in one step; U undoes it.
            </div>
            <div className="dup-thumbs">
              {shown.map((x, k) => (
                <img
                  key={x}
                  src={api.imageUrl(x, { thumb: true })}
                  alt={group.relPaths[k]}
                  title={group.relPaths[k]}
                  className={x === id ? 'current-thumb' : undefined}
                  loading="lazy"
                  width={64}
                  height={64}
                />
              ))}
              {shown.length < n && (
                <button type="button" onClick={() => setAllThumbs(true)}>
                  +{n - shown.length} more
                </button>
              )}
            </div>
          </div>
        )
      }
    }
    if (score !== undefined)
      return {
        panel: (
          <div className="muted small" data-testid="search-score">
            match {score.toFixed(3)} for “{source.kind === 'search' ? source.text : ''}”
          </div>
        )
      }
    if (source.kind === 'list') return { panel: <div className="muted small">{source.list.title}</div> }
    return undefined
  }
}
