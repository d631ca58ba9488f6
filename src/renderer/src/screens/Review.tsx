// Review, the main screen. One key per accepted suggestion (1-5); the next items and their images
// are fetched ahead so the screen advances at once (optimistically) after each decision, while the
// decisions themselves are sent in order on a promise chain (useReviewQueue / useListQueue). What
// is reviewed comes from a source: the filtered queue (status, order, suggested label), or a fixed
// list: possible mistakes, a text search, near-duplicate groups, or a compare cell (ReviewLists).
import { useEffect, useMemo, useState } from 'react'
import {
  REVIEW_ORDERS,
  REVIEW_STATUSES,
  type Label,
  type ReviewOrder,
  type ReviewQuery,
  type ReviewStatus
} from '../../../shared/contract'
import { useApp } from '../context'
import { ListReview } from './ReviewLists'
import { offersReviewerLists, SourcePicker, type ReviewSource } from './ReviewSources'
import { ReviewView } from './ReviewView'
import { useReviewQueue } from './useReviewQueue'
import { useTagReview } from './useTagReview'
import { useTranslation } from '../i18n'

export function ReviewScreen(): React.JSX.Element {
  const { project, refreshProject, reviewList, clearReviewList } = useApp()
  const labels: Label[] = useMemo(() => project?.labels ?? [], [project])
  const [source, setSource] = useState<ReviewSource>(() =>
    reviewList ? { kind: 'list', list: reviewList } : { kind: 'queue' }
  )
  // whose work a sample can be of: known once a reviewer's list has loaded
  const [annotators, setAnnotators] = useState<string[]>()
  // a list another screen asked to open (a compare cell): taken once
  useEffect(() => {
    if (!reviewList) return
    setSource({ kind: 'list', list: reviewList })
    clearReviewList?.()
  }, [reviewList, clearReviewList])

  useEffect(() => () => void refreshProject(), [refreshProject])

  // a team member who is no reviewer (or no longer one) is not offered the reviewer's lists
  const reviewer = offersReviewerLists(project?.team)
  useEffect(() => {
    if (!reviewer && (source.kind === 'disagreements' || source.kind === 'sample'))
      setSource({ kind: 'queue' })
  }, [reviewer, source.kind])

  // a tags project reviews its queue tag by tag; the lists (mistakes, search, duplicates) rank
  // one label per image and are not offered there
  if (project?.kind === 'tags') return <QueueReview labels={labels} picker={null} tags />
  const picker = (
    <SourcePicker source={source} onChange={setSource} annotators={annotators} reviewer={reviewer} />
  )
  return source.kind === 'queue' ? (
    <QueueReview labels={labels} picker={picker} />
  ) : (
    <ListReview source={source} labels={labels} picker={picker} onAnnotators={setAnnotators} />
  )
}

/** The filtered queue: status, order and suggested-label filters over every image. */
function QueueReview(props: { labels: Label[]; picker: React.ReactNode; tags?: boolean }): React.JSX.Element {
  const { t } = useTranslation(['review', 'common'])
  const { api, notify } = useApp()
  const { labels } = props
  const queue = useReviewQueue(api, labels, notify)
  const tagMode = useTagReview(queue, labels, !!props.tags)
  const { query, setQuery } = queue
  // a filter change hands the keyboard back to the stage (focusKey): a focused dropdown would eat the keys
  const setQ = (patch: Partial<ReviewQuery>): void => setQuery((q) => ({ ...q, ...patch }))

  const filters = (
    <>
      {props.picker}
      <label>
        {t('review.show')}{' '}
        <select
          aria-label={t('review.statusFilter')}
          value={query.status}
          onChange={(e) => setQ({ status: e.target.value as ReviewStatus })}
        >
          {REVIEW_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('review.order')}{' '}
        <select
          aria-label={t('review.order')}
          value={query.order}
          onChange={(e) => setQ({ order: e.target.value as ReviewOrder })}
        >
          {REVIEW_ORDERS.map((o) => (
            <option key={o} value={o}>
              {t(`order.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {props.tags ? t('review.likeliestTag') : t('review.suggested')}{' '}
        <select
          aria-label={t('review.suggestedLabelFilter')}
          value={query.labelId ?? ''}
          onChange={(e) =>
            // a suggested-label filter is the by-label queue (most confident first)
            e.target.value === ''
              ? setQ({ labelId: undefined, order: query.order === 'by_label' ? 'file' : query.order })
              : setQ({ labelId: Number(e.target.value), order: 'by_label' })
          }
        >
          <option value="">{t('review.anyLabel')}</option>
          {labels
            .filter((l) => !l.archived)
            .map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
        </select>
      </label>
    </>
  )
  return (
    <ReviewView
      queue={queue}
      labels={labels}
      filters={filters}
      focusKey={query}
      mode={props.tags ? tagMode : undefined}
      empty={
        <>
          <h2>{t('review.nothingLeftHere')}</h2>
          <p className="muted">{t('review.noImageMatchesChangeThe', { status: query.status })}</p>
        </>
      }
    />
  )
}
