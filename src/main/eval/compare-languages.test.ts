// Template sets written in other languages on the same decisions: each set's prompts are filled
// with the labels' names in its language, the same words in two languages are two templates, and
// the report says which language's best set won.
import { describe, expect, it } from 'vitest'
import { bestByLanguage } from '../../shared/report-languages'
import { compareTemplates, type CompareInput } from './compare'

describe('compareTemplates across languages', () => {
  // Images x0=(1,0) cat, x1=(0,1) dog. The English prompts are swapped (a poor text encoder for
  // English), the Chinese ones right, so the Chinese set must win, and only if 猫/狗 fill it.
  const seen: string[] = []
  const table: Record<string, number[]> = {
    'a photo of a cat.': [0, 1],
    'a photo of a dog.': [1, 0],
    '一张猫的照片。': [1, 0],
    '一张狗的照片。': [0, 1],
    // the Chinese template with the English names, for a label nobody translated
    '一张dog的照片。': [0.2, 1]
  }
  const input = (dogInChinese: boolean): CompareInput => ({
    images: Float32Array.from([1, 0, 0, 1]),
    dim: 2,
    imageIds: [1, 2],
    truth: [0, 1],
    labels: [
      { name: 'cat', names: { zh: { name: '猫', descriptions: [] } } },
      { name: 'dog', names: dogInChinese ? { zh: { name: '狗', descriptions: [] } } : {} }
    ],
    templateSets: [
      { name: 'English', templates: ['a photo of a {}.'] },
      { name: '中文', templates: ['一张{}的照片。'], language: 'zh' }
    ],
    embedTexts: async (prompts) =>
      prompts.map((p) => {
        seen.push(p)
        const v = table[p]
        if (!v) throw new Error(`no vector for prompt "${p}"`)
        return Float32Array.from(v)
      })
  })

  it('fills a set with the names of its language and ranks the languages', async () => {
    seen.length = 0
    const r = await compareTemplates(input(true), { greedy: false })
    expect(new Set(seen)).toEqual(
      new Set(['a photo of a cat.', 'a photo of a dog.', '一张猫的照片。', '一张狗的照片。'])
    )
    expect(r.templates.map((t) => [t.template, t.language ?? null, t.top1])).toEqual([
      ['a photo of a {}.', null, 0],
      ['一张{}的照片。', 'zh', 1]
    ])
    expect(r.ensembles.map((e) => [e.name, e.language ?? null])).toEqual([
      ['English', null],
      ['中文', 'zh']
    ])
    const by = bestByLanguage(r.ensembles)
    expect(by.map((x) => [x.language, x.best.name, x.best.top1])).toEqual([
      ['zh', '中文', 1],
      [null, 'English', 0]
    ])
  })

  it('fills an untranslated label with its own name', async () => {
    seen.length = 0
    await compareTemplates(input(false), { greedy: false })
    expect(seen).toContain('一张dog的照片。')
    expect(seen).not.toContain('一张狗的照片。')
  })

  it('keeps the same words in two languages as two templates', async () => {
    const same: CompareInput = {
      ...input(true),
      templateSets: [
        { name: 'own', templates: ['一张{}的照片。'] },
        { name: 'zh', templates: ['一张{}的照片。'], language: 'zh' }
      ],
      embedTexts: async (prompts) =>
        prompts.map((p) => Float32Array.from(p.includes('猫') || p.includes('cat') ? [1, 0] : [0, 1]))
    }
    const r = await compareTemplates(same, { greedy: true, seed: 1 })
    expect(r.templates.map((t) => t.language ?? null)).toEqual([null, 'zh'])
  })
})
