// The review screen's key map, as a pure function so it can be tested without a DOM.
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
    default:
      return null
  }
}

/** Keys shown in the ? overlay; kept next to the map so they cannot disagree. */
export const REVIEW_KEYS: [string, string][] = [
  ['1 – 5', 'accept that suggestion'],
  ['0 or X', 'none of these: search a label to correct (Enter confirms, Esc cancels)'],
  ['S', 'skip'],
  ['N', 'not sure: flag it for a second look (keeps the top suggestion as a hint)'],
  ['U or Ctrl+Z', 'undo the last decision'],
  ['Ctrl+Shift+Z or Ctrl+Y', 'redo'],
  ['← / →', 'previous / next image without deciding'],
  ['?', 'show or hide these keys']
]

/** True when a key event comes from a text field, where letters must type, not act. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || !(target as HTMLElement).tagName) return false
  const el = target as HTMLElement
  const tag = el.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable
}
