// The grid's keyboard: which key does what, as a pure function of the key event and where it
// happened, so that keys work wherever focus is inside the grid screen (after a toolbar button,
// too) without stealing typing from its fields or the native Enter/Space of its buttons.
import { i18n } from '../i18n'

export type GridKeyAction =
  | { kind: 'move'; delta: 'left' | 'right' | 'up' | 'down'; extend: boolean }
  | { kind: 'toggle'; extend: boolean }
  | { kind: 'all' | 'none' | 'accept' | 'correct' | 'open' | 'undo' | 'redo' | 'help' }

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey?: boolean
}

/** What the key does, or null when it is not the grid's (typing in a field, a button's own key). */
export function gridKeyAction(e: KeyLike, target: 'field' | 'button' | 'other'): GridKeyAction | null {
  if (target === 'field' || e.altKey) return null
  if (target === 'button' && (e.key === 'Enter' || e.key === ' ')) return null
  const mod = e.ctrlKey || e.metaKey
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key
  if (mod) {
    if (k === 'z') return { kind: e.shiftKey ? 'redo' : 'undo' }
    if (k === 'y') return { kind: 'redo' }
    if (k === 'a') return { kind: 'all' }
    return null
  }
  switch (k) {
    case 'ArrowLeft':
      return { kind: 'move', delta: 'left', extend: e.shiftKey }
    case 'ArrowRight':
      return { kind: 'move', delta: 'right', extend: e.shiftKey }
    case 'ArrowUp':
      return { kind: 'move', delta: 'up', extend: e.shiftKey }
    case 'ArrowDown':
      return { kind: 'move', delta: 'down', extend: e.shiftKey }
    case ' ':
      return { kind: 'toggle', extend: e.shiftKey }
    case 'Enter':
      return { kind: 'open' }
    case 'Escape':
      return { kind: 'none' }
    case 'a':
      return { kind: 'accept' }
    case 'c':
      return { kind: 'correct' }
    case '?':
      return { kind: 'help' }
    default:
      return null
  }
}

/** Where a key event happened, for gridKeyAction. */
export function keyTarget(el: EventTarget | null): 'field' | 'button' | 'other' {
  if (!(el instanceof HTMLElement)) return 'other'
  if (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) return 'field'
  if (el.tagName === 'BUTTON' || el.getAttribute('role') === 'button') return 'button'
  return 'other'
}

/** The `?` overlay's table. */
export const GRID_KEYS = (): [string, string][] => [
  ['← → ↑ ↓', 'move'],
  [i18n.t('grid:gridKeys.shiftArrows'), i18n.t('grid:gridKeys.extendTheSelection')],
  [i18n.t('grid:gridKeys.space'), i18n.t('grid:gridKeys.selectUnselectTheTileShift')],
  [i18n.t('grid:gridKeys.ctrlAEsc'), i18n.t('grid:gridKeys.selectAllClearTheSelection')],
  [i18n.t('grid:gridKeys.enterInP'), i18n.t('grid:gridKeys.selectEveryImageWithAt')],
  ['A', i18n.t('grid:gridKeys.acceptTheSelectedImagesAs')],
  ['C', i18n.t('grid:gridKeys.correctTheSelectedImagesTo')],
  [i18n.t('grid:gridKeys.enterDoubleClick'), i18n.t('grid:gridKeys.openTheImageInReview')],
  ['Ctrl+Z', 'undo'],
  [i18n.t('grid:gridKeys.ctrlShiftZCtrlY'), 'redo'],
  ['?', i18n.t('grid:gridKeys.thisHelp')]
]
