// How the review screen labels a duplicate group: its members as thumbnails, and 1–5 (or 0 and a
// label) label all of them in one step that one U undoes. A group whose members disagree (their
// labels now differ: the model's top-1 or decisions already made) says so, and its first key only
// proposes the label: the same key again, Y or the button labels them all. One key must not
// silently turn 3 striped squares into crosses.
import { useEffect, useState } from 'react'
import {
  labelCountsText,
  thresholdText,
  type DuplicateGroup,
  type DuplicateGroups,
  type Label
} from '../../../shared/contract'
import { useApp } from '../context'
import type { SourceMode } from './ReviewView'
import type { ListQueue } from './useListQueue'
import { i18n, useTranslation } from '../i18n'

/** group thumbnails shown before "+N more" */
const GROUP_THUMBS = 24

export function useDuplicateGroupMode(
  group: DuplicateGroup | undefined,
  level: Omit<DuplicateGroups, 'groups'> | undefined,
  queue: ListQueue,
  labels: Label[]
): SourceMode | undefined {
  const { t } = useTranslation(['review', 'common'])
  const { api } = useApp()
  const id = queue.item?.image.id
  const [allThumbs, setAllThumbs] = useState(false)
  // the label a mixed group's first key proposed, waiting for the second
  const [pending, setPending] = useState<Label | null>(null)
  useEffect(() => {
    setAllThumbs(false)
    setPending(null)
  }, [id])
  if (!group || !level) return undefined

  const n = group.imageIds.length
  const labelAll = (label: Label | undefined): void => {
    if (!label) return
    if (group.mixed && pending?.id !== label.id) {
      setPending(label)
      return
    }
    setPending(null)
    queue.decideGroup(group.imageIds, label)
  }
  const changed = pending ? n - (group.labels.find((l) => l.labelId === pending.id)?.count ?? 0) : 0
  const shown = allThumbs ? group.imageIds : group.imageIds.slice(0, GROUP_THUMBS)
  const what =
    level.level === 'identical' ? i18n.t('review:duplicateGroupMode.identicalFiles') : 'near-duplicates'
  return {
    accept: (rank) => {
      const s = queue.current()?.suggestions.find((x) => x.rank === rank)
      labelAll(labels.find((l) => l.id === s?.labelId))
    },
    correct: labelAll,
    key: (k) => (k === 'y' && pending ? (labelAll(pending), true) : false),
    correctTitle: i18n.t('review:duplicateGroupMode.whichLabelForAllImages', { n }),
    keys: [
      ['1 – 5 / 0', i18n.t('review:duplicateGroupMode.duplicatesLabelTheWholeGroup')],
      ['Y', i18n.t('review:duplicateGroupMode.aMixedGroupLabelAll')]
    ],
    panel: (
      <div className="dup-group" data-testid="duplicate-group">
        <div className="small">
          {t('duplicateGroupMode.groupOf')} <strong>{n}</strong> {what}
          {level.level === 'similar' && (
            <> {t('duplicateGroupMode.atSimilarity', { thresholdText: thresholdText(level) })}</>
          )}{' '}
          {t('duplicateGroupMode.unreviewedWhenListed15', { unreviewed: group.unreviewed })}
        </div>
        {group.mixed && (
          <p className="warn small" role="alert" data-testid="group-mixed">
            {t('duplicateGroupMode.mixedTheirLabelsDifferLook', {
              labelCountsText: labelCountsText(group.labels)
            })}
          </p>
        )}
        {pending && (
          <div className="dup-confirm" data-testid="group-confirm">
            <span>
              {t('duplicateGroupMode.labelAllAs', { n })} <strong>{pending.name}</strong>
              {t('duplicateGroupMode.othersChanged', { count: changed })}
            </span>
            <div className="row wrap">
              <button type="button" className="primary" onClick={() => labelAll(pending)}>
                <kbd>{t('duplicateGroupMode.y')}</kbd>{' '}
                {t('duplicateGroupMode.labelAllAs2', { n, name: pending.name })}
              </button>
              <button type="button" onClick={() => setPending(null)}>
                {t('duplicateGroupMode.cancel')}
              </button>
            </div>
          </div>
        )}
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
              {t('duplicateGroupMode.more', { value: n - shown.length })}
            </button>
          )}
        </div>
      </div>
    )
  }
}
