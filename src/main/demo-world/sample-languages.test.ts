// The Chinese sample file as created: each label carries its English name, the Chinese set is
// marked Chinese and stays the default, and an English set sits beside it; the English sample
// gets neither.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { labelTextIn } from '../../shared/prompt-languages'
import { createSampleProject } from './sample-create'

const dir = mkdtempSync(join(tmpdir(), 'zebra-sample-languages-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('the Chinese sample: English names on every label, a Chinese and an English set', () => {
  const p = createSampleProject(join(dir, 'zh.zebra'), false, true)
  try {
    const labels = p.labels()
    expect(labels.map((l) => [l.name, labelTextIn(l, 'en').name])).toEqual([
      ['红色圆形', 'red circle'],
      ['蓝色正方形', 'blue square'],
      ['绿色十字形', 'green cross'],
      ['圆点三角形', 'dotted triangle'],
      ['黄色星形', 'yellow star'],
      ['橙色星形', 'orange star'],
      ['斑马', 'zebra']
    ])
    const zebra = labels.find((l) => l.name === '斑马')!
    expect(labelTextIn(zebra, 'en').descriptions).toEqual(['a striped black and white shape'])
    expect(labelTextIn(zebra, 'zh').descriptions).toEqual(['黑白条纹的形状'])
    const sets = p.templateSets().map((s) => ({ name: s.name, language: s.language, templates: s.templates }))
    expect(sets).toEqual([
      { name: '中文', language: 'zh', templates: [expect.stringContaining('{}')] },
      { name: 'English', language: 'en', templates: ['a photo of a {}.'] }
    ])
    expect(p.activeTemplateSetId()).toBe(p.templateSets()[0]!.id)
  } finally {
    p.close()
  }
})

it('the English sample: no other language, one set', () => {
  const p = createSampleProject(join(dir, 'en.zebra'), false, false)
  try {
    expect(p.labels().every((l) => Object.keys(l.names ?? {}).length === 0)).toBe(true)
    expect(p.templateSets().map((s) => s.language)).toEqual([null])
  } finally {
    p.close()
  }
})
