import { describe, expect, it } from 'vitest'
import { DEFAULT_TAG_KEYS, REVIEW_RESERVED, assignTagKeys, pressedTagKey } from './tag-keys'
import { reviewKeyAction } from './keys'

const tags = (n: number, keys: Record<number, string> = {}) =>
  Array.from({ length: n }, (_, i) => ({ labelId: i + 1, key: keys[i + 1] ?? null }))

describe('tag keys', () => {
  it('hands out 1-9, then letters the review screen does not use, in project order', () => {
    const k = assignTagKeys(tags(12))
    expect([...k.values()]).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c'])
    expect(k.get(10)).toBe('a')
    // no default key is one the review screen acts on (without a modifier)
    for (const key of DEFAULT_TAG_KEYS) {
      expect(REVIEW_RESERVED.has(key)).toBe(false)
      const a = reviewKeyAction({ key })
      if (a) expect(a.type).toBe('accept') // 1-5 accept a suggestion only in one-label projects
    }
  })

  it("keeps a tag's own hotkey, and no default shadows it", () => {
    const k = assignTagKeys(tags(4, { 3: '1', 4: 'Q' }))
    expect(k.get(3)).toBe('1')
    expect(k.get(4)).toBe('q')
    expect(k.get(1)).toBe('2')
    expect(k.get(2)).toBe('3')
    expect(new Set(k.values()).size).toBe(4)
  })

  it('a hotkey the review screen owns, or one an earlier tag took, falls back to a default', () => {
    const k = assignTagKeys(tags(3, { 1: 's', 2: 'g', 3: 'g' }))
    expect(k.get(1)).toBe('1')
    expect(k.get(2)).toBe('g')
    expect(k.get(3)).toBe('2')
  })

  it('tags past the last free key have none', () => {
    const k = assignTagKeys(tags(1000))
    expect(k.size).toBe(DEFAULT_TAG_KEYS.length)
    expect(k.has(DEFAULT_TAG_KEYS.length + 1)).toBe(false)
  })

  it('reads Shift+digit from the physical key', () => {
    expect(pressedTagKey({ key: '!', code: 'Digit1', shiftKey: true })).toEqual({ key: '1', shift: true })
    expect(pressedTagKey({ key: 'A', code: 'KeyA', shiftKey: true })).toEqual({ key: 'a', shift: true })
    expect(pressedTagKey({ key: 'b', code: 'KeyB' })).toEqual({ key: 'b', shift: false })
    expect(pressedTagKey({ key: 'b', ctrlKey: true })).toBeNull()
    expect(pressedTagKey({ key: 'Enter' })).toBeNull()
  })
})
