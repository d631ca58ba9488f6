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

/** Keys shown in the ? overlay; kept next to the map so they cannot disagree. */
export const REVIEW_KEYS: [string, string][] = [
  ['1 – 5', 'accept that suggestion'],
  ['0 or X', 'none of these: search a label to correct (Enter confirms, Esc cancels)'],
  ['S', 'skip for now: it comes back after the unreviewed images'],
  ['N', 'not sure: flag it for a second look (keeps the top suggestion as a hint)'],
  ['U or Ctrl+Z', 'undo the last decision'],
  ['Ctrl+Shift+Z or Ctrl+Y', 'redo'],
  ['← / →', 'previous / next image without deciding'],
  ['+ / − or wheel', 'zoom in / out (drag or Shift+arrows to pan)'],
  ['F / O', 'fit the stage / original size (1:1)'],
  ['?', 'show or hide these keys']
]

/** The keys of a tags project's review screen besides each tag's own key (listed first). */
export const TAGS_REVIEW_KEYS: [string, string][] = [
  ['Enter', 'accept the tags shown: the checked ones are present, the others absent'],
  ['0 or X', 'uncheck every tag (nothing on this image)'],
  ['/', 'find a tag by name (Enter toggles it, Shift+Enter marks it unsure, Esc goes back)'],
  ['S', 'skip for now: it comes back after the unreviewed images'],
  ['U or Ctrl+Z', 'undo the last decision'],
  ['Ctrl+Shift+Z or Ctrl+Y', 'redo'],
  ['← / →', 'previous / next image without deciding'],
  ['+ / − or wheel', 'zoom in / out (drag or Shift+arrows to pan)'],
  ['F / O', 'fit the stage / original size (1:1)'],
  ['?', 'show or hide these keys']
]

/** True when a key event comes from a text field, where letters must type, not act. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || !(target as HTMLElement).tagName) return false
  const el = target as HTMLElement
  const tag = el.tagName
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable
}
