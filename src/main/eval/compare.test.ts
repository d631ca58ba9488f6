import { describe, expect, it } from 'vitest'
import { GREEDY_ENSEMBLE, compareTemplates, type CompareInput } from './compare'
import { mulberry32 } from '../math/rng'
import { normalizeRows } from '../math/rows'

/** A fixed text encoder for constructed cases: prompt → vector from a table. */
function tableEncoder(table: Record<string, number[]>): CompareInput['embedTexts'] {
  return async (prompts) =>
    prompts.map((p) => {
      const v = table[p]
      if (!v) throw new Error(`no vector for prompt "${p}"`)
      return Float32Array.from(v)
    })
}

describe('compareTemplates on a hand-computed case', () => {
  // Images x0=(1,0) cat, x1=(0,1) dog, x2=(.6,.8) cat, x3=(.8,.6) dog.
  // Template "a {}": cat=(1,0), dog=(0,1)  → x0 cat ✓, x1 dog ✓, x2 dog ✗, x3 cat ✗ : top-1 .5
  // Template "b {}": cat=(1,0), dog=(.6,.8) → x0: 1 vs .6 ✓; x1: 0 vs .8 ✓; x2: .6 vs 1 ✗;
  //                                           x3: .8 vs .96 → dog ✓                    : top-1 .75
  const input: CompareInput = {
    images: Float32Array.from([1, 0, 0, 1, 0.6, 0.8, 0.8, 0.6]),
    dim: 2,
    imageIds: [101, 102, 103, 104],
    truth: [0, 1, 0, 1],
    labels: [{ name: 'cat' }, { name: 'dog' }],
    templateSets: [{ name: 'both', templates: ['a {}', 'b {}'] }],
    embedTexts: tableEncoder({ 'a cat': [1, 0], 'a dog': [0, 1], 'b cat': [2, 0], 'b dog': [0.6, 0.8] })
  }

  it('scores each template and the ensemble', async () => {
    const r = await compareTemplates(input, { greedy: false })
    expect(r.images).toBe(4)
    expect(r.labels).toEqual(['cat', 'dog'])
    expect(r.templates.map((t) => [t.template, t.top1, t.top5])).toEqual([
      ['a {}', 0.5, 1],
      ['b {}', 0.75, 1]
    ])
    // Ensemble: cat=(1,0); dog ∝ (0,1)+(.6,.8) = (.6,1.8)/|·| = (.3162,.9487)
    // x0: 1 vs .316 ✓; x1: 0 vs .949 ✓; x2: .6 vs .949 ✗; x3: .8 vs .822 → dog ✓ : top-1 .75
    expect(r.ensembles).toHaveLength(1)
    expect(r.ensembles[0]).toMatchObject({ name: 'both', top1: 0.75, top5: 1, descriptions: false })
    expect(r.ensembles[0].meanPerClass).toBeCloseTo((0.5 + 1) / 2, 12)
    expect(r.detailEnsemble).toBe('both')
    expect(r.confusionMatrix).toEqual([
      [1, 1],
      [0, 2]
    ])
    expect(r.confusions).toEqual([{ trueLabel: 'cat', predicted: 'dog', count: 1, exampleImageIds: [103] }])
    expect(r.perClass[1].precision).toBeCloseTo(2 / 3, 12)
    expect(r.perClass[0]).toMatchObject({ label: 'cat', support: 2, recall: 0.5, precision: 1 })
    expect(r.coverage).toHaveLength(101)
    expect(r.coverage[0]).toEqual({ threshold: 0, coverage: 1, precision: 0.75 })
    expect(r.greedy).toBeNull()
  })

  it('adds description and synonym variants when labels have them', async () => {
    const r = await compareTemplates(
      {
        ...input,
        labels: [{ name: 'cat|kitty' }, { name: 'dog', descriptions: ['a pet that barks'] }],
        embedTexts: tableEncoder({
          'a cat': [1, 0],
          'a dog': [0, 1],
          'b cat': [1, 0],
          'b dog': [0.6, 0.8],
          'a kitty': [0.6, 0.8],
          'b kitty': [0.6, 0.8],
          'dog, which is a pet that barks': [0, 1],
          'a photo of a dog, which is a pet that barks.': [0, 1]
        })
      },
      { greedy: false }
    )
    expect(r.labels).toEqual(['cat', 'dog'])
    expect(r.ensembles.map((e) => [e.name, e.descriptions, e.synonyms])).toEqual([
      ['both', false, false],
      ['both + descriptions', true, false],
      ['both + synonyms', false, true]
    ])
    // With synonyms, cat ∝ 2·(1,0) + 2·(.6,.8) → (.894,.447); dog ∝ (.316,.949):
    // x2 = (.6,.8): .894 vs .949 → dog ✗; x3 = (.8,.6): .984 vs .822 → cat ✗; x0, x1 ✓ → top-1 .5
    expect(r.ensembles[2].top1).toBe(0.5)
  })
})

/** Synthetic clustered data: class centres in 16-d, one good template, noisy ones. */
function synthetic(n: number, seed: number): CompareInput {
  const d = 16
  const c = 4
  const rnd = mulberry32(seed)
  const gauss = (): number => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd())
  const centres = Array.from({ length: c }, () => Array.from({ length: d }, gauss))
  const truth = Array.from({ length: n }, (_, i) => i % c)
  const images = new Float32Array(n * d)
  truth.forEach((k, i) => centres[k].forEach((v, q) => (images[i * d + q] = v + 1.2 * gauss())))
  normalizeRows(images, n, d)
  const labels = ['w', 'x', 'y', 'z'].map((name) => ({ name }))
  const table: Record<string, number[]> = {}
  const noise = [0.3, 1.5, 3, 3, 6]
  noise.forEach((s, t) =>
    labels.forEach((l, k) => (table[`t${t} ${l.name}`] = centres[k].map((v) => v + s * gauss())))
  )
  return {
    images,
    dim: d,
    imageIds: truth.map((_, i) => 1000 + i),
    truth,
    labels,
    templateSets: [{ name: 'all five', templates: noise.map((_, t) => `t${t} {}`) }],
    embedTexts: tableEncoder(table)
  }
}

describe('greedy template selection', () => {
  it('starts from the best single template, improves on train, reports held-out, deterministically', async () => {
    const input = synthetic(200, 3)
    const r = await compareTemplates(input, { seed: 5 })
    const g = r.greedy!
    expect(g).not.toBeNull()
    expect(g.trainImages! + g.heldOutImages!).toBe(200)
    expect(g.heldOutImages).toBe(60)
    expect(g.steps.length).toBe(g.templates.length)
    expect(g.steps.map((s) => s.added)).toEqual(g.templates)
    for (let i = 1; i < g.steps.length; i++)
      expect(g.steps[i].trainTop1).toBeGreaterThan(g.steps[i - 1].trainTop1)
    expect(g.trainTop1).toBe(g.steps[g.steps.length - 1].trainTop1)
    // the least noisy template is the best single one on 200 images
    expect(g.templates[0]).toBe('t0 {}')
    expect(r.ensembles.map((e) => e.name)).toEqual(['all five', GREEDY_ENSEMBLE])
    expect(r.ensembles[1].templates).toEqual(g.templates)
    const again = await compareTemplates(input, { seed: 5 })
    expect({ ...again, timingMs: 0 }).toEqual({ ...r, timingMs: 0 })
    const other = await compareTemplates(input, { seed: 6 })
    expect(other.greedy!.heldOutImages).toBe(60)
  })
})
