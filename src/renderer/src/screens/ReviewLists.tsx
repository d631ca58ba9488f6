// Review over a list: loads the list of the chosen source (possible mistakes, search results,
// near-duplicate groups, or a list another screen opened) and reviews it like any queue. Possible
// mistakes show the model's label next to yours (A accepts it, K keeps yours); a duplicate group
// is shown as thumbnails and labelled as a whole (DuplicateGroupMode.tsx). Disagreements and a
// sample of one annotator's decisions show each annotator's label beside the image; a decision
// there is the reviewer's adjudicated label (AnnotatorLabels.tsx).
import { useEffect, useState } from 'react'
import { thresholdText, type DuplicateGroups, type InvokeOutput, type Label } from '../../../shared/contract'
import { phrased } from '../../../shared/remedies'
import { call, toAppError } from '../api'
import { useApp } from '../context'
import { pct } from '../lib/format'
import { STALE, useLatest } from '../lib/latest'
import type { AnnotatedImage } from '../../../shared/adjudication'
import { AnnotatorLabels } from './AnnotatorLabels'
import { useDuplicateGroupMode } from './DuplicateGroupMode'
import type { ReviewSource } from './ReviewSources'
import { ReviewView, type SourceMode } from './ReviewView'
import { useListQueue, type ListQueue } from './useListQueue'
import './ReviewLists.css'
import { i18n, useTranslation } from '../i18n'

type Mistake = InvokeOutput<'review.mistakes'>[number]
type Group = DuplicateGroups['groups'][number]

interface Loaded {
  ids: number[]
  focus?: number
  mistakes?: Map<number, Mistake>
  /** a group by its first image, the one the queue shows */
  groups?: Map<number, Group>
  /** the duplicates' level and the threshold used (chosen for the model when none was picked) */
  level?: Omit<DuplicateGroups, 'groups'>
  scores?: Map<number, number>
  /** a reviewer's list: each image's annotators' labels; a decision there is adjudicated */
  annotated?: Map<number, AnnotatedImage>
  annotators?: string[]
  /** the empty stage's text: why the list is empty */
  none: string
}

type ListSource = Exclude<ReviewSource, { kind: 'queue' }>

async function load(api: ReturnType<typeof useApp>['api'], source: ListSource): Promise<Loaded> {
  switch (source.kind) {
    case 'list':
      return {
        ids: source.list.imageIds,
        focus: source.list.focus,
        none: i18n.t('review:reviewLists.thisListIsEmpty')
      }
    case 'mistakes': {
      const list = await call(api, 'review.mistakes', { limit: 500 })
      return {
        ids: list.map((m) => m.imageId),
        mistakes: new Map(list.map((m) => [m.imageId, m])),
        none: i18n.t('review:reviewLists.noPossibleMistakesTheModel')
      }
    }
    case 'search': {
      if (!source.text) return { ids: [], none: i18n.t('review:reviewLists.typeWhatTheImagesShow') }
      const hits = await call(api, 'search.text', { query: source.text, limit: 100 })
      return {
        ids: hits.map((h) => h.imageId),
        scores: new Map(hits.map((h) => [h.imageId, h.score])),
        none: i18n.t('review:reviewLists.noImageMatches', { text: source.text })
      }
    }
    case 'disagreements': {
      const r = await call(api, 'review.disagreements', { limit: 1000 })
      return {
        ids: r.items.map((d) => d.imageId),
        annotated: new Map(r.items.map((d) => [d.imageId, d])),
        annotators: r.annotators,
        none:
          r.annotators.length < 2
            ? i18n.t('review:reviewLists.disagreementsNeedTwoAnnotatorsThis')
            : i18n.t('review:reviewLists.noDisagreementsLeftTheAnnotators')
      }
    }
    case 'sample': {
      const r = await call(api, 'review.sample', { annotator: source.annotator ?? undefined, size: 20 })
      return {
        ids: r.items.map((d) => d.imageId),
        annotated: new Map(r.items.map((d) => [d.imageId, d])),
        annotators: r.annotators,
        none: i18n.t('review:reviewLists.hasLabelledNoImageYet', { annotator: r.annotator })
      }
    }
    case 'duplicates': {
      const { groups: all, ...level } = await call(api, 'review.duplicateGroups', {
        level: source.level,
        threshold: source.threshold ?? undefined
      })
      const groups = all.filter((g) => g.unreviewed > 0)
      return {
        ids: groups.map((g) => g.imageIds[0]!),
        groups: new Map(groups.map((g) => [g.imageIds[0]!, g])),
        level,
        none:
          level.level === 'identical'
            ? i18n.t('review:reviewLists.noIdenticalFilesLeftTo')
            : i18n.t('review:reviewLists.noNearDuplicateGroupsLeft', { thresholdText: thresholdText(level) })
      }
    }
  }
}

export function ListReview(props: {
  source: ListSource
  labels: Label[]
  picker: React.ReactNode
  /** the annotators a reviewer's list found (for the sample's picker) */
  onAnnotators?(names: string[]): void
}): React.JSX.Element {
  const { t } = useTranslation(['review', 'common'])
  const { api, notify, project } = useApp()
  const { source, labels, onAnnotators } = props
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const req = useLatest()
  // identical files are known from the scan alone; every other source needs embeddings
  const unembedded =
    (project?.counts.prelabeled ?? 1) === 0 &&
    source.kind !== 'list' &&
    source.kind !== 'disagreements' &&
    source.kind !== 'sample' &&
    !(source.kind === 'duplicates' && source.level === 'identical')

  useEffect(() => {
    setLoaded(null)
    setFailed(null)
    if (unembedded) {
      req.cancel()
      setLoaded({ ids: [], none: i18n.t('review:reviewLists.preLabelTheImagesFirst') })
      return
    }
    req
      .run(() => load(api, source))
      .then(
        (l) => {
          if (l === STALE) return
          setLoaded(l)
          if (l.annotators) onAnnotators?.(l.annotators)
        },
        (e) => {
          const err = toAppError(e)
          setFailed(phrased(err, 'gui'))
          setLoaded({ ids: [], none: '' })
        }
      )
  }, [api, source, req, unembedded, onAnnotators])

  const reviewer = source.kind === 'disagreements' || source.kind === 'sample'
  const queue = useListQueue(api, labels, notify, loaded?.ids ?? null, loaded?.focus, reviewer)
  const mode = useSourceMode(source, loaded, queue, labels)
  const title =
    source.kind === 'list'
      ? source.list.title
      : source.kind === 'search'
        ? i18n.t('review:reviewLists.search', { text: source.text })
        : source.kind === 'mistakes'
          ? i18n.t('review:reviewLists.possibleMistakes')
          : source.kind === 'disagreements'
            ? i18n.t('review:reviewLists.disagreements')
            : source.kind === 'sample'
              ? (source.annotator ?? loaded?.annotators?.[0])
                ? i18n.t('review:reviewLists.sampleOf', { name: source.annotator ?? loaded?.annotators?.[0] })
                : i18n.t('review:reviewLists.sampleOfAnyone')
              : i18n.t('review:reviewLists.duplicates')
  const chosen =
    source.kind === 'duplicates' && loaded?.level?.auto ? (
      <span className="muted small" data-testid="duplicate-threshold">
        ≥ {thresholdText(loaded.level)}
      </span>
    ) : null

  return (
    <ReviewView
      queue={queue}
      labels={labels}
      filters={
        <>
          {props.picker}
          {chosen}
        </>
      }
      focusKey={source.kind === 'search' && !source.text ? null : source}
      mode={mode}
      empty={
        failed ? (
          <p className="error" role="alert" data-testid="source-error">
            {failed}
          </p>
        ) : (
          <>
            <h2>{queue.index > 0 ? t('reviewLists.endOf', { title }) : t('reviewLists.nothingHere')}</h2>
            <p className="muted">{queue.index > 0 ? t('reviewLists.everyImageOfThisList') : loaded?.none}</p>
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
  const { t } = useTranslation(['review', 'common'])
  const id = queue.item?.image.id
  const mistake = id === undefined ? undefined : loaded?.mistakes?.get(id)
  const group = id === undefined ? undefined : loaded?.groups?.get(id)
  const score = id === undefined ? undefined : loaded?.scores?.get(id)
  const annotated = id === undefined ? undefined : loaded?.annotated?.get(id)
  const groupMode = useDuplicateGroupMode(group, loaded?.level, queue, labels)

  {
    if (mistake) {
      const accept = (): void => queue.decide('corrected', { labelId: mistake.suggestedId })
      return {
        key: (k) => (k === 'a' ? (accept(), true) : k === 'k' ? (queue.keep(), true) : false),
        keys: [
          ['A', i18n.t('review:reviewLists.possibleMistakeTakeTheModel')],
          ['K', i18n.t('review:reviewLists.possibleMistakeKeepYourLabel')]
        ],
        panel: (
          <div className="mistake" data-testid="mistake-panel">
            <div>
              {t('reviewLists.yourLabel')} <strong>{mistake.label}</strong>
            </div>
            <div>
              {t('reviewLists.modelSuggests')} <strong>{mistake.suggested}</strong>{' '}
              <span className="muted small">{pct(mistake.prob, 1)}</span>
            </div>
            <div className="row wrap">
              <button type="button" className="primary" onClick={accept}>
                <kbd>{t('reviewLists.a')}</kbd> {t('reviewLists.accept', { suggested: mistake.suggested })}
              </button>
              <button type="button" onClick={() => queue.keep()}>
                <kbd>{t('reviewLists.k')}</kbd> {t('reviewLists.keep', { label: mistake.label })}
              </button>
            </div>
          </div>
        )
      }
    }
    if (groupMode) return groupMode
    if (annotated) return { panel: <AnnotatorLabels image={annotated} /> }
    if (score !== undefined)
      return {
        panel: (
          <div className="muted small" data-testid="search-score">
            {t('reviewLists.matchFor', { toFixed: score.toFixed(3) })}
            {source.kind === 'search' ? source.text : ''}”
          </div>
        )
      }
    if (source.kind === 'list') return { panel: <div className="muted small">{source.list.title}</div> }
    return undefined
  }
}
