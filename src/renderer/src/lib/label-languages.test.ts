import { describe, expect, it } from 'vitest'
import { namesText, parseNamesText } from './label-languages'

describe('a label’s names in other languages as text', () => {
  it('reads a line per language, with an optional description, and writes it back', () => {
    const r = parseNamesText('zh = 斑马: 黑白条纹的形状\n\n JA = シマウマ \n')
    expect(r).toEqual({
      names: {
        zh: { name: '斑马', descriptions: ['黑白条纹的形状'] },
        ja: { name: 'シマウマ', descriptions: [] }
      },
      error: null
    })
    expect(parseNamesText(namesText(r.names!)).names).toEqual(r.names)
  })

  it('names the line it cannot read', () => {
    expect(parseNamesText('zh = 斑马\nzebra').error).toMatch(/“zebra”/)
    expect(parseNamesText('chinese = 斑马').error).toMatch(/language code/)
    expect(parseNamesText('zh =').error).toMatch(/“zh =”/)
  })
})
