import { describe, expect, it } from 'vitest'
import { coldStartProb, tagScoreMatrix } from '../clip/tag-scores'
import { averagePrecision } from '../math/average-precision'
import { mulberry32 } from '../math/rng'
import { normalizeRows } from '../math/rows'
import { fitTagHeads, headProbs } from './tag-heads'
import { syntheticTags } from './testing/tag-synthetic'

describe('tag heads on synthetic embeddings', () => {
  it('with no decisions, every head is exactly the cold start', () => {
    const inp = syntheticTags(40, 16, 3, 1)
    const undecided = { ...inp, present: new Int8Array(inp.present.length).fill(-1), bias: -0.5 }
    const p = headProbs(fitTagHeads(undecided), inp.images, inp.n, inp.dim)
    const s = tagScoreMatrix(inp.images, inp.n, inp.dim, inp.pos, inp.neg, inp.tags)
    for (let k = 0; k < s.length; k++) expect(p[k]).toBeCloseTo(coldStartProb(s[k], 100, -0.5), 5)
    // and without negatives (a sigmoid-native model), the cosine alone
    const sig = headProbs(fitTagHeads({ ...undecided, neg: null }), inp.images, inp.n, inp.dim)
    const c = tagScoreMatrix(inp.images, inp.n, inp.dim, inp.pos, null, inp.tags)
    for (let k = 0; k < c.length; k++) expect(sig[k]).toBeCloseTo(coldStartProb(c[k], 100, -0.5), 5)
  })

  it('learns from decisions: held-out AP rises above zero-shot on every tag', () => {
    const inp = syntheticTags(300, 32, 4, 2)
    const train = {
      ...inp,
      present: inp.present.subarray(0, 200 * 4),
      n: 200,
      images: inp.images.subarray(0, 200 * 32)
    }
    const heads = fitTagHeads(train)
    expect(heads.w.every(Number.isFinite) && heads.b.every(Number.isFinite)).toBe(true)
    const testX = inp.images.subarray(200 * 32)
    const p = headProbs(heads, testX, 100, 32)
    const s = tagScoreMatrix(testX, 100, 32, inp.pos, inp.neg, 4)
    for (let t = 0; t < 4; t++) {
      const y = Array.from({ length: 100 }, (_, i) => inp.present[(200 + i) * 4 + t] === 1)
      const col = (m: Float32Array): number[] => Array.from({ length: 100 }, (_, i) => m[i * 4 + t])
      const zero = averagePrecision(col(s), y)!
      const adapted = averagePrecision(col(p), y)!
      expect(adapted, `tag ${t}: zero-shot ${zero}`).toBeGreaterThan(zero)
    }
  })
})

describe('tag heads on separable and one-sided decisions', () => {
  // two clusters of images in 4 dims, around e1 and e2; the tag's prompts know neither, so the
  // cold start spreads the images over a few logits at random (as CLIP's do) and ranks by chance
  const rnd = mulberry32(9)
  const n = 40
  const images = new Float32Array(n * 4)
  for (let i = 0; i < n; i++) {
    images.set([i % 2 ? 0 : 1, i % 2 ? 1 : 0, 0.04 * rnd(), 0.04 * rnd()], i * 4)
  }
  normalizeRows(images, n, 4)
  const pos = Float32Array.from([0, 0, 1, 0])
  const neg = Float32Array.from([0, 0, 0, 1])
  const base = { images, n, dim: 4, tags: 1, pos, neg, scale: 100 }
  const separates = (p: Float32Array): boolean => {
    const evens = Array.from(p).filter((_, i) => i % 2 === 0)
    const odds = Array.from(p).filter((_, i) => i % 2 === 1)
    return Math.min(...evens) > Math.max(...odds)
  }
  const cold = headProbs(fitTagHeads({ ...base, present: new Int8Array(n).fill(-1) }), images, n, 4)

  it('stays finite and puts the present cluster first when a few decisions separate perfectly', () => {
    const present = new Int8Array(n).fill(-1)
    present.set([1, 0, 1, 0, 1, 0]) // even images (cluster e1) present
    const heads = fitTagHeads({ ...base, present })
    expect([...heads.w, ...heads.b].every(Number.isFinite)).toBe(true)
    const p = headProbs(heads, images, n, 4)
    expect(separates(cold)).toBe(false)
    expect(separates(p)).toBe(true)
    expect(p.every((v) => v > 0 && v < 1)).toBe(true) // held by the prior: never saturated to 0 or 1
  })

  it('learns from present decisions alone, against the mean of all images', () => {
    const present = new Int8Array(n).fill(-1)
    present.set([1, -1, 1, -1, 1])
    const p = headProbs(fitTagHeads({ ...base, present }), images, n, 4)
    // positives alone mostly raise the bias, but the direction moves too: most of the way from chance
    const truth = Array.from({ length: n }, (_, i) => i % 2 === 0)
    expect(averagePrecision(cold, truth)).toBeLessThan(0.7)
    expect(averagePrecision(p, truth)).toBeGreaterThan(0.85)
  })
})

describe('tag heads input', () => {
  it('refuses shapes that do not fit and a prior that is no prior', () => {
    const inp = syntheticTags(10, 8, 2, 4)
    expect(() => fitTagHeads({ ...inp, n: 11 })).toThrow(/80 image values, not 11 × 8/)
    expect(() => fitTagHeads({ ...inp, present: inp.present.subarray(1) })).toThrow(
      /19 decisions, not 10 × 2/
    )
    expect(() => fitTagHeads({ ...inp, neg: inp.neg!.subarray(8) })).toThrow(/2 × 8 values/)
    expect(() => fitTagHeads({ ...inp, lambda: 0 })).toThrow(/lambda 0 must be a positive number/)
  })
})
