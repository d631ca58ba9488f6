// Review operations over a project, shared by the services (UI) and the CLI (`zebra review`, `zebra accept`).
import type { DecisionKind, ReviewItem, ReviewStats } from '../../shared/contract'
import { DECISION_KINDS } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { appendDecisions, appendInTransaction, currentLabel, type DecideInput } from './decisions'
import { imageInfo } from './images'
import { suggestionsOf } from './predictions'
import type { Project } from './project'
import { projectKind } from './tag-state'
import { ruleMatches } from './grid'
import type { QueueQuery } from './queues'
import { nextWithLater, positionWithLater } from './skipped-tail'

export function reviewItem(project: Project, q: QueueQuery, imageId: number): ReviewItem {
  const db = project.db
  const { position, total } = positionWithLater(db, q, imageId)
  return {
    image: imageInfo(db, imageId),
    // names of the k suggested labels only: the answer must not grow with the label set
    suggestions: projectKind(db) === 'tags' ? [] : suggestionsOf(db, imageId),
    current: currentLabel(db, imageId),
    position,
    total
  }
}

export function nextItem(
  project: Project,
  q: QueueQuery,
  from?: number,
  direction: 'next' | 'prev' = 'next'
): ReviewItem | null {
  const id = nextWithLater(project.db, q, from, direction)
  return id === null ? null : reviewItem(project, q, id)
}

export function decide(project: Project, input: DecideInput, annotator: string): number {
  refuseUnreadable(project, input.imageId)
  return appendDecisions(project.db, [input], annotator, 'decide')[0]!
}

/** A tags project's decision on one image: one row per tag, one undoable action; the last row's id. */
export function decideTags(
  project: Project,
  imageId: number,
  items: DecideInput[],
  annotator: string
): number {
  refuseUnreadable(project, imageId)
  const ids = appendDecisions(project.db, items, annotator, 'decide')
  return ids[ids.length - 1]!
}

/**
 * A file that could not be read has no picture to judge: a decision on it (a correction typed
 * from a script, an accept by id) would count as reviewed while nobody saw the image.
 */
function refuseUnreadable(project: Project, imageId: number): void {
  const img = imageInfo(project.db, imageId)
  if (img.state !== 'unreadable') return
  throw new AppError(
    'image_unreadable',
    `Image ${imageId} (${img.relPath}) is unreadable${img.reason ? ` (${img.reason})` : ''}: it cannot be decided. Replace or repair the file and scan again.`,
    { imageId }
  )
}

/**
 * Bulk rule: accept the top-1 of every unreviewed image whose top-1 is `labelId` (any) with
 * p >= minProb. One undoable step. The select and the write are ONE immediate transaction, so a
 * decision another process commits meanwhile is never overwritten. `afterSelect` runs between the
 * two, inside the transaction (the race test uses it to try a second connection's write there).
 */
export function acceptRule(
  project: Project,
  minProb: number,
  annotator: string,
  labelId?: number,
  afterSelect?: (ids: number[]) => void
): number {
  if (labelId !== undefined) project.label(labelId)
  const db = project.db
  return db
    .transaction(() => {
      const ids = ruleMatches(db, minProb, labelId)
      afterSelect?.(ids)
      appendInTransaction(
        db,
        ids.map((imageId) => ({ imageId, kind: 'accepted', rank: 1 })),
        annotator,
        'bulk'
      )
      return ids.length
    })
    .immediate()
}

/** Grid selection: accept each image's top-1, or correct all to one label. One undoable step. */
export function bulkDecide(
  project: Project,
  imageIds: number[],
  action: 'accept' | 'correct',
  annotator: string,
  labelId?: number
): number {
  if (action === 'correct') {
    if (labelId === undefined)
      throw new AppError('invalid_input', 'Choose the label to correct the selection to.')
    project.label(labelId)
  }
  const unique = [...new Set(imageIds)]
  const items: DecideInput[] = unique.map((imageId) =>
    action === 'accept' ? { imageId, kind: 'accepted', rank: 1 } : { imageId, kind: 'corrected', labelId }
  )
  appendDecisions(project.db, items, annotator, 'bulk')
  return items.length
}

export function reviewStats(project: Project): ReviewStats {
  const c = project.counts()
  const byKind = c.byKind
  const judged = byKind.accepted + byKind.corrected + byKind.rejected
  return {
    total: c.images - c.missing - c.unreadable,
    reviewed: c.reviewed,
    byKind: Object.fromEntries(DECISION_KINDS.map((k) => [k, byKind[k]])) as Record<DecisionKind, number>,
    acceptRate: judged > 0 ? byKind.accepted / judged : 0
  }
}
