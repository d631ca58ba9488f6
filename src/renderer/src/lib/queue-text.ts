// What the review queues tell a person after a key, in the interface language: the decision just
// made ("accepted: cat"), an undo or redo, and that there was nothing to undo.
import type { DecisionKind } from '../../../shared/domain'
import { toAppError } from '../../../shared/errors'
import { i18n } from '../i18n'

type Which = 'review.undo' | 'review.redo'

/** "accepted: cat", or "skipped" when the decision carries no label. */
export function decisionText(kind: DecisionKind | 'kept', label?: string | null): string {
  const k = kind === 'kept' ? i18n.t('review:queue.kept') : i18n.t(`review:status.${kind}`)
  return label ? i18n.t('review:queue.kindLabel', { kind: k, label }) : k
}

/** "undone — a.jpg" / "redone — a.jpg" */
export function undoText(which: Which, what: string): string {
  return i18n.t(which === 'review.undo' ? 'review:queue.undone' : 'review:queue.redone', { what })
}

export function nothingToText(which: Which): string {
  return i18n.t(which === 'review.undo' ? 'review:queue.nothingToUndo' : 'review:queue.nothingToRedo')
}

/** A decision that was not saved: the status line, and the message with why. */
export function notSavedText(relPath: string, err: unknown): { line: string; message: string } {
  return {
    line: i18n.t('review:queue.notSaved', { relPath }),
    message: i18n.t('review:queue.couldNotSave', { relPath, message: toAppError(err).message })
  }
}

/** Someone else decided the image shown (a team replica): who, and what. */
export function justDecidedText(
  path: string,
  now: { annotator: string; kind: string; label?: string | null }
): string {
  const what = now.label ? `${now.kind} ${now.label}` : now.kind
  return i18n.t('review:queue.justDecided', { path, annotator: now.annotator, what })
}

/** The status line after a decision: "accepted: cat — a.jpg". */
export function decidedLine(kind: DecisionKind, label: string | null | undefined, path: string): string {
  return i18n.t('review:queue.decided', { what: decisionText(kind, label), path })
}

/** What an undo touched: the image's path, or "image 12" when the answer does not carry it. */
export function imageText(imageId: number, item?: { image: { id: number; relPath: string } } | null): string {
  return item?.image.id === imageId ? item.image.relPath : i18n.t('review:queue.image', { imageId })
}
