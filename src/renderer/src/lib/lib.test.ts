import { describe, expect, it } from 'vitest'
import type { Label } from '../../../shared/contract'
import { createLabelSearch } from './fuzzy'
import { reviewKeyAction } from './keys'
import { parseLabels, parseSplit, parseTemplates } from './labels'
import { freeProjectFileName, slugify } from './project-file'
import { clickSelect, emptySelection, pagesFor, selectPrefix } from './selection'

const label = (id: number, name: string, descriptions: string[] = []): Label => ({
  id,
  name,
  descriptions,
  color: '#336699',
  hotkey: null,
  archived: false
})

describe('review keys', () => {
  it('maps one key to one decision', () => {
    for (const k of ['1', '2', '3', '4', '5'])
      expect(reviewKeyAction({ key: k })).toEqual({ type: 'accept', rank: Number(k) })
    expect(reviewKeyAction({ key: '6' })).toBeNull()
    expect(reviewKeyAction({ key: '0' })).toEqual({ type: 'reject' })
    expect(reviewKeyAction({ key: 'x' })).toEqual({ type: 'reject' })
    expect(reviewKeyAction({ key: 'X', shiftKey: true })).toEqual({ type: 'reject' })
    expect(reviewKeyAction({ key: 's' })).toEqual({ type: 'skip' })
    expect(reviewKeyAction({ key: 'N' })).toEqual({ type: 'unsure' })
    expect(reviewKeyAction({ key: 'u' })).toEqual({ type: 'undo' })
    expect(reviewKeyAction({ key: '?', shiftKey: true })).toEqual({ type: 'help' })
    expect(reviewKeyAction({ key: 'ArrowRight' })).toEqual({ type: 'next' })
    expect(reviewKeyAction({ key: 'ArrowLeft' })).toEqual({ type: 'prev' })
  })
  it('zooms with +/-, F and O; Shift+arrows pan instead of stepping', () => {
    expect(reviewKeyAction({ key: '+', shiftKey: true })).toEqual({ type: 'zoom', by: 'in' })
    expect(reviewKeyAction({ key: '=' })).toEqual({ type: 'zoom', by: 'in' })
    expect(reviewKeyAction({ key: '-' })).toEqual({ type: 'zoom', by: 'out' })
    expect(reviewKeyAction({ key: 'f' })).toEqual({ type: 'zoom', by: 'fit' })
    expect(reviewKeyAction({ key: 'O', shiftKey: true })).toEqual({ type: 'zoom', by: 'actual' })
    expect(reviewKeyAction({ key: 'ArrowLeft', shiftKey: true })).toEqual({ type: 'pan', dx: 1, dy: 0 })
    expect(reviewKeyAction({ key: 'ArrowDown', shiftKey: true })).toEqual({ type: 'pan', dx: 0, dy: -1 })
  })
  it('handles undo/redo chords and ignores other modifiers', () => {
    expect(reviewKeyAction({ key: 'z', ctrlKey: true })).toEqual({ type: 'undo' })
    expect(reviewKeyAction({ key: 'z', metaKey: true })).toEqual({ type: 'undo' })
    expect(reviewKeyAction({ key: 'Z', ctrlKey: true, shiftKey: true })).toEqual({ type: 'redo' })
    expect(reviewKeyAction({ key: 'y', ctrlKey: true })).toEqual({ type: 'redo' })
    expect(reviewKeyAction({ key: '1', ctrlKey: true })).toBeNull() // browser tab switching stays
    expect(reviewKeyAction({ key: 's', altKey: true })).toBeNull()
  })
})

describe('fuzzy label search', () => {
  const labels = [
    label(1, 'cat', ['a small feline']),
    label(2, 'dog'),
    label(3, 'motorcycle'),
    label(4, 'rocket')
  ]
  const s = createLabelSearch([...labels, { ...label(5, 'archived thing'), archived: true }])
  it('tolerates typos and matches descriptions', () => {
    expect(s.search('motrcycle')[0]?.name).toBe('motorcycle')
    expect(s.search('feline')[0]?.name).toBe('cat')
    expect(s.search('rockt')[0]?.name).toBe('rocket')
  })
  it('puts an exact name first and hides archived labels', () => {
    expect(s.search('DOG')[0]?.id).toBe(2)
    expect(s.search('archived').map((l) => l.id)).not.toContain(5)
    expect(s.search('').map((l) => l.id)).toEqual([1, 2, 3, 4])
  })
})

describe('label and split parsing', () => {
  it('reads one label per line with optional descriptions, merging repeats', () => {
    expect(parseLabels('cat: a small feline\n\n dog \n# comment\nCat: kitten\nbird:')).toEqual([
      { name: 'cat', descriptions: ['a small feline', 'kitten'] },
      { name: 'dog' },
      { name: 'bird' }
    ])
  })
  it('keeps templates with {} and reports the others', () => {
    expect(parseTemplates('a photo of a {}.\nno slot\n')).toEqual({
      templates: ['a photo of a {}.'],
      invalid: ['no slot']
    })
  })
  it('parses splits and rejects bad ones', () => {
    expect(parseSplit('train=0.8, val=0.2')).toEqual({ train: 0.8, val: 0.2 })
    expect(parseSplit('  ')).toBeUndefined()
    expect(() => parseSplit('train=0.8')).toThrow(/add up/)
    expect(() => parseSplit('Train=1')).toThrow(/name=fraction/)
  })
})

describe('grid selection', () => {
  it('toggles on click and selects ranges on shift-click', () => {
    let s = clickSelect(emptySelection(), 3, false)
    s = clickSelect(s, 7, true)
    expect([...s.indices].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7])
    s = clickSelect(s, 5, false)
    expect(s.indices.has(5)).toBe(false)
    expect(s.anchor).toBe(5)
    s = clickSelect(s, 1, true)
    expect(s.indices.has(1) && s.indices.has(2) && s.indices.has(5)).toBe(true)
  })
  it('selects a prefix for "p ≥ x" and finds the pages to fetch', () => {
    const s = selectPrefix(450)
    expect(s.indices.size).toBe(450)
    expect(pagesFor(s.indices, 200)).toEqual([0, 1, 2])
    expect(pagesFor([999, 5, 401], 200)).toEqual([0, 2, 4])
  })
})

describe('new project file name', () => {
  it('follows the project name, slugified', () => {
    expect(slugify('Cats & Dogs (2024)')).toBe('cats-dogs-2024')
    expect(slugify('  Zèbres à rayures  ')).toBe('zebres-a-rayures')
    expect(slugify('Кошки')).toBe('кошки')
    expect(slugify('///')).toBe('')
    expect(freeProjectFileName('', [])).toBe('my-project.zebra')
    expect(freeProjectFileName('Birds', ['other.zebra'])).toBe('birds.zebra')
  })
  it('never picks a file that is already there', () => {
    expect(freeProjectFileName('Birds', ['birds.zebra'])).toBe('birds-2.zebra')
    expect(freeProjectFileName('Birds', ['Birds.zebra', 'birds-2.zebra', 'birds-4.zebra'])).toBe(
      'birds-3.zebra'
    )
  })
})
