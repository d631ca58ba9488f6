// The review screen's key map, as a pure function so it can be tested without a DOM.
import { i18n } from '../i18n'
export type ReviewAction =
  | { type: 'accept'; rank: number }
  | { type: 'reject' }
  | { type: 'skip' }
  | { type: 'unsure' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'prev' }
  | { type: 'next' }
  | { type: 'help' }
  | { type: 'zoom'; by: 'in' | 'out' | 'fit' | 'actual' }
  | { type: 'pan'; dx: number; dy: number }

export interface KeyLike {
  key: string
  ctrlKey?: boolean
  metaKey?: boolean
  shiftKey?: boolean
  altKey?: boolean
}

export function reviewKeyAction(e: KeyLike): ReviewAction | null {
  const mod = Boolean(e.ctrlKey || e.metaKey)
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  if (e.altKey) return null
  if (mod) {
    if (key === 'z') return e.shiftKey ? { type: 'redo' } : { type: 'undo' }
    if (key === 'y') return { type: 'redo' }
    return null
  }
  if (/^[1-5]$/.test(key)) return { type: 'accept', rank: Number(key) }
  // Shift+arrows pan the zoomed image; plain arrows step through the queue
  if (e.shiftKey && key.startsWith('Arrow')) {
    const d = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[key]
    if (d) return { type: 'pan', dx: d[0]!, dy: d[1]! }
  }
  switch (key) {
    case '0':
    case 'x':
      return { type: 'reject' }
    case 's':
      return { type: 'skip' }
    case 'n':
      return { type: 'unsure' }
    case 'u':
      return { type: 'undo' }
    case 'ArrowRight':
    case 'ArrowDown':
      return { type: 'next' }
    case 'ArrowLeft':
    case 'ArrowUp':
      return { type: 'prev' }
    case '?':
      return { type: 'help' }
    case '+':
    case '=':
      return { type: 'zoom', by: 'in' }
    case '-':
      return { type: 'zoom', by: 'out' }
    case 'f':
      return { type: 'zoom', by: 'fit' }
    case 'o':
      return { type: 'zoom', by: 'actual' }
    default:
      return null
  }
}

/** The keys both review screens share, after their own: undo, redo, moving, zooming, this help. */
const SHARED_KEYS = (): [string, string][] => [
  [i18n.t('review:keys.uOrCtrlZ'), i18n.t('review:keys.undoTheLastDecision')],
  [i18n.t('review:keys.ctrlShiftZOrCtrl'), i18n.t('review:keys.redo')],
  ['← / →', i18n.t('review:keys.previousNextImageWithoutDeciding')],
  [i18n.t('review:keys.orWheel'), i18n.t('review:keys.zoomInOutDragOr')],
  ['F / O', i18n.t('review:keys.fitTheStageOriginalSize')],
  ['?', i18n.t('review:keys.showOrHideTheseKeys')]
]

/** Keys shown in the ? overlay; kept next to the map so they cannot disagree. */
export const REVIEW_KEYS = (): [string, string][] => [
  ['1 – 5', i18n.t('review:keys.acceptThatSuggestion')],
  [i18n.t('review:keys.zeroOrX'), i18n.t('review:keys.noneOfTheseSearchA')],
  ['S', i18n.t('review:keys.skipForNowItComes')],
  ['N', i18n.t('review:keys.notSureFlagItFor')],
  ...SHARED_KEYS()
]

/** The keys of a tags project's review screen besides each tag's own key (listed first). */
export const TAGS_REVIEW_KEYS = (): [string, string][] => [
  [i18n.t('review:keys.enter'), i18n.t('review:keys.acceptTheTagsShownThe')],
  [i18n.t('review:keys.zeroOrX'), i18n.t('review:keys.uncheckEveryTagNothingOn')],
  ['/', i18n.t('review:keys.findATagByName')],
  ['S', i18n.t('review:keys.skipForNowItComes')],
  ...SHARED_KEYS()
]

/** True when a key event comes from a text field, where letters must type, not act. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || !(target as HTMLElement).tagName) return false
  const el = target as HTMLElement
  const tag = el.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable
}
