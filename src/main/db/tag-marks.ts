// A tag pass's bulk mark: one tag set present, absent or unsure on many images as ONE undoable
// action. With a score bound, the selection and the write are one immediate transaction, so an
// image another process decides meanwhile is never overwritten.
import { AppError } from '../../shared/errors'
import { appendInTransaction } from './decisions'
import type { Db } from './open'
import { tagPassSelect, type TagPassFilter } from './tag-scores'
import { TAG_DECISION_KIND, projectKind, type TagState } from './tag-state'
import { stmt } from './stmt'

export function markTag(
  db: Db,
  labelId: number,
  state: TagState,
  which: { imageIds: number[] } | { minS: number; filter: TagPassFilter },
  annotator: string
): number {
  return db
    .transaction(() => {
      if (projectKind(db) !== 'tags')
        throw new AppError('invalid_input', 'Marking a tag on many images needs a tags project.')
      const live = stmt(
        db,
        'SELECT 1 FROM labels WHERE id = ? AND archived = 0 AND merged_into IS NULL',
        'pluck'
      ).get(labelId)
      if (live === undefined)
        throw new AppError('not_found', `No tag with id ${labelId} in this project (or it is archived).`)
      const ids = 'imageIds' in which ? which.imageIds : tagPassSelect(db, labelId, which.minS, which.filter)
      const kind = TAG_DECISION_KIND[state]
      appendInTransaction(
        db,
        ids.map((imageId) => ({ imageId, kind, labelId })),
        annotator,
        'bulk'
      )
      return ids.length
    })
    .immediate()
}
