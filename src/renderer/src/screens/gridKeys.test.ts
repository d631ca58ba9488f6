import { describe, expect, it } from 'vitest'
import { gridKeyAction, keyTarget } from './gridKeys'

const k = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods
})

describe('gridKeyAction', () => {
  it('maps the grid keys', () => {
    expect(gridKeyAction(k('a'), 'other')).toEqual({ kind: 'accept' })
    expect(gridKeyAction(k('A', { shiftKey: true }), 'other')).toEqual({ kind: 'accept' })
    expect(gridKeyAction(k('c'), 'other')).toEqual({ kind: 'correct' })
    expect(gridKeyAction(k('Enter'), 'other')).toEqual({ kind: 'open' })
    expect(gridKeyAction(k('?', { shiftKey: true }), 'other')).toEqual({ kind: 'help' })
    expect(gridKeyAction(k('ArrowDown', { shiftKey: true }), 'other')).toEqual({
      kind: 'move',
      delta: 'down',
      extend: true
    })
    expect(gridKeyAction(k('z', { ctrlKey: true }), 'other')).toEqual({ kind: 'undo' })
    expect(gridKeyAction(k('Z', { ctrlKey: true, shiftKey: true }), 'other')).toEqual({ kind: 'redo' })
    expect(gridKeyAction(k('y', { metaKey: true }), 'other')).toEqual({ kind: 'redo' })
    expect(gridKeyAction(k('a', { ctrlKey: true }), 'other')).toEqual({ kind: 'all' })
    expect(gridKeyAction(k('q'), 'other')).toBeNull()
  })

  it('works after a toolbar button, but leaves its own Enter/Space and all typing in fields alone', () => {
    expect(gridKeyAction(k('a'), 'button')).toEqual({ kind: 'accept' })
    expect(gridKeyAction(k('Escape'), 'button')).toEqual({ kind: 'none' })
    expect(gridKeyAction(k('Enter'), 'button')).toBeNull()
    expect(gridKeyAction(k(' '), 'button')).toBeNull()
    expect(gridKeyAction(k('a'), 'field')).toBeNull()
    expect(gridKeyAction(k('Enter'), 'field')).toBeNull()
  })
})

describe('keyTarget', () => {
  it('tells fields, buttons and the rest apart', () => {
    expect(keyTarget(document.createElement('input'))).toBe('field')
    expect(keyTarget(document.createElement('select'))).toBe('field')
    expect(keyTarget(document.createElement('button'))).toBe('button')
    expect(keyTarget(document.createElement('div'))).toBe('other')
    expect(keyTarget(null)).toBe('other')
  })
})
