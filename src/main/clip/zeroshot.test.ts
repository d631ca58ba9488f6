import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from './engine'
import { readF32, readRefJson, TINY_CLIP_DIR, type ZeroshotRef } from './test-fixtures'
import { buildClassifier, classEmbedding, classify, expandPrompts, type Classifier } from './zeroshot'
import { topK } from '../math/rank'
import { l2normalize } from '../math/rows'
import { softmaxRows } from '../math/softmax'

let engine: LoadedClipEngine
beforeAll(async () => {
  engine = await loadEngine({ modelDir: TINY_CLIP_DIR, ep: 'cpu', threads: 2 })
})
afterAll(async () => {
  await engine.dispose()
})

function maxProbDiff(ref: number[][], probs: Float32Array, C: number): number {
  let m = 0
  ref.forEach((row, i) => row.forEach((p, c) => (m = Math.max(m, Math.abs(p - probs[i * C + c])))))
  return m
}

describe('zero-shot parity (reference/zeroshot.json)', () => {
  it('reproduces the ensembled probabilities within 1e-4 and the same top-5', async () => {
    const ref = readRefJson<ZeroshotRef>('zeroshot.json')
    const images = readF32('image_embeds.f32')
    const clf = await buildClassifier(
      engine,
      ref.classes.map((name) => ({ name })),
      ref.templates
    )
    expect(clf.labels).toEqual(ref.classes)
    const res = classify(images, clf, { temperature: ref.temperature, topK: 5 })
    const diff = maxProbDiff(
      ref.images.map((i) => i.probs),
      res.probs,
      ref.classes.length
    )
    console.log(`zero-shot probability max abs diff: ${diff}`)
    expect(diff).toBeLessThanOrEqual(1e-4)
    res.top.forEach((t, i) => expect(t.map((e) => e.label)).toEqual(ref.images[i].top5))
  })

  it('reproduces the per-template probabilities', async () => {
    const ref = readRefJson<ZeroshotRef>('zeroshot.json')
    const images = readF32('image_embeds.f32')
    for (const [template, rows] of Object.entries(ref.per_template_probs)) {
      const clf = await buildClassifier(
        engine,
        ref.classes.map((name) => ({ name })),
        [template]
      )
      const diff = maxProbDiff(rows, classify(images, clf).probs, ref.classes.length)
      expect(diff, template).toBeLessThanOrEqual(1e-4)
    }
  })
})

describe('prompt expansion', () => {
  it('fills {} and {label} and adds description prompts', () => {
    expect(expandPrompts('zebra', ['a photo of a {}.', '{label} in the wild'])).toEqual([
      'a photo of a zebra.',
      'zebra in the wild'
    ])
    expect(expandPrompts('zebra', ['a photo of a {}.'], ['striped', 'has a mane'])).toEqual([
      'a photo of a zebra.',
      'zebra, which is striped',
      'a photo of a zebra, which is striped.',
      'zebra, which has a mane',
      'a photo of a zebra, which has a mane.'
    ])
  })
  it('rejects a template without a placeholder', () => {
    expect(() => expandPrompts('cat', ['a photo'])).toThrow(/no \{\} or \{label\}/)
  })
})

describe('math', () => {
  it('normalises, ensembles, softmaxes and ranks', () => {
    const n = l2normalize(new Float32Array([3, 4]))
    expect(Array.from(n)).toEqual([0.6000000238418579, 0.800000011920929])
    const e = classEmbedding([new Float32Array([2, 0]), new Float32Array([0, 5])])
    expect(e[0]).toBeCloseTo(Math.SQRT1_2, 6)
    expect(e[1]).toBeCloseTo(Math.SQRT1_2, 6)
    const p = softmaxRows(new Float32Array([1000, 1000, 0, Math.log(3)]), 2)
    expect(Array.from(p)).toEqual([0.5, 0.5, 0.25, 0.75])
    expect(topK([0.1, 0.5, 0.2, 0.5], 3)).toEqual([1, 3, 2])
  })

  it('uses the temperature and accepts an array of embeddings', () => {
    const clf: Classifier = { weights: new Float32Array([1, 0, 0, 1]), labels: ['x', 'y'], dim: 2 }
    const img = [new Float32Array([2, 1])]
    const cold = classify(img, clf, { temperature: 1 })
    const hot = classify(img, clf, { temperature: 100, topK: 1 })
    expect(cold.top[0][0].label).toBe('x')
    expect(hot.top[0]).toHaveLength(1)
    expect(hot.probs[0]).toBeGreaterThan(cold.probs[0])
  })

  it('ensembles descriptions and synonyms into one class each', async () => {
    const clf = await buildClassifier(
      engine,
      [
        { name: 'zebra', descriptions: ['striped'] },
        { name: 'happy', synonyms: ['smiling'] }
      ],
      ['a photo of a {}.']
    )
    expect(clf.labels).toEqual(['zebra', 'happy'])
    expect(clf.weights.length).toBe(2 * engine.embedDim)
    const direct = classEmbedding(
      await engine.embedTexts([
        'a photo of a zebra.',
        'zebra, which is striped',
        'a photo of a zebra, which is striped.'
      ])
    )
    expect(Array.from(clf.weights.subarray(0, engine.embedDim))).toEqual(Array.from(direct))
  })
})
