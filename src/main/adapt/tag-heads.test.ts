import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine } from '../clip/engine'
import { buildTagScorer, coldStartProb, tagScoreMatrix } from '../clip/tag-scores'
import { averagePrecision } from '../math/average-precision'
import { mulberry32 } from '../math/rng'
import { normalizeRows } from '../math/rows'
import { fitTagHeads, headProbs, tagLearningCurve, type TagHeadInput } from './tag-heads'
import { SHAPE_CLASSES, writeShapeDataset } from './testing/shapes'

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())
}

/**
 * n images in `dim` dims; tag t is present where the image leans along a hidden direction u_t.
 * The tag's prompts point only partly that way (pos = normalise(u_t + noise)), so zero-shot ranks
 * imperfectly and decisions have something to teach.
 */
function synthetic(n: number, dim: number, tags: number, seed: number): TagHeadInput {
  const rnd = mulberry32(seed)
  const vec = (len: number): Float32Array => Float32Array.from({ length: len }, () => gaussian(rnd))
  const u = normalizeRows(vec(tags * dim), tags, dim)
  const images = new Float32Array(n * dim)
  const present = new Int8Array(n * tags)
  for (let i = 0; i < n; i++) {
    const row = vec(dim)
    for (let t = 0; t < tags; t++) {
      const on = rnd() < 0.3
      present[i * tags + t] = on ? 1 : 0
      for (let k = 0; k < dim; k++) row[k] += (on ? 2.5 : 0) * u[t * dim + k]
    }
    images.set(row, i * dim)
  }
  normalizeRows(images, n, dim)
  const noise = vec(tags * dim)
  const pos = Float32Array.from(u, (v, k) => v * 3 + noise[k])
  normalizeRows(pos, tags, dim)
  const neg = normalizeRows(vec(tags * dim), tags, dim)
  return { images, n, dim, present, tags, pos, neg, scale: 100 }
}

describe('tag heads on synthetic embeddings', () => {
  it('with no decisions, every head is exactly the cold start', () => {
    const inp = synthetic(40, 16, 3, 1)
    const undecided = { ...inp, present: new Int8Array(inp.present.length).fill(-1), bias: -0.5 }
    const p = headProbs(fitTagHeads(undecided), inp.images, inp.n, inp.dim)
    const s = tagScoreMatrix(inp.images, inp.n, inp.dim, inp.pos, inp.neg, inp.tags)
    for (let k = 0; k < s.length; k++) expect(p[k]).toBeCloseTo(coldStartProb(s[k], 100, -0.5), 5)
    // and without negatives (a sigmoid-native model), the cosine alone
    const sig = headProbs(fitTagHeads({ ...undecided, neg: null }), inp.images, inp.n, inp.dim)
    const c = tagScoreMatrix(inp.images, inp.n, inp.dim, inp.pos, null, inp.tags)
    for (let k = 0; k < c.length; k++) expect(sig[k]).toBeCloseTo(coldStartProb(c[k], 100, -0.5), 5)
  })

  it('learns from decisions: held-out AP rises above zero-shot, and stays finite on separable data', () => {
    const inp = synthetic(300, 32, 4, 2)
    const train = { ...inp, present: inp.present.slice(), n: 200, images: inp.images.subarray(0, 200 * 32) }
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

  it('the learning curve: heads beat zero-shot, calibration keeps its order, held-out never leaks', () => {
    const inp = synthetic(240, 32, 5, 3)
    const curve = tagLearningCurve(inp, { seed: 1 })
    expect(curve.map((c) => c.n)).toEqual([2, 4, 8, 16, 32, 64, 128, 168])
    const last = curve[curve.length - 1]
    expect(last.adaptedMAP).toBeGreaterThan(last.zeroShotMAP + 0.05)
    for (const c of curve) {
      // calibration is monotonic per tag: the same ranking, so the same AP
      expect(c.calibratedMAP).toBeCloseTo(c.zeroShotMAP, 6)
      expect(c.zeroShotMAP).toBe(curve[0].zeroShotMAP)
      // held toward zero-shot: a few decisions never cost much ranking
      expect(c.adaptedMAP).toBeGreaterThan(c.zeroShotMAP - 0.02)
    }
    expect(tagLearningCurve(inp, { seed: 1 })).toEqual(curve)
    // only images with a decision are split: 10 decided of 240 leave 3 held out and a pool of 7
    const few = new Int8Array(inp.present.length).fill(-1)
    few.set(inp.present.subarray(0, 10 * 5), 0)
    const fewCurve = tagLearningCurve({ ...inp, present: few }, { seed: 1 })
    expect(fewCurve.map((c) => c.n)).toEqual([2, 4, 7])
  })
})

describe('tag heads on generated shapes embedded by the demo engine', () => {
  let dir = ''
  let inp: TagHeadInput
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zebra-tag-shapes-'))
    const images = await writeShapeDataset(dir, { perClass: 16, seed: 4 })
    const engine = await loadEngine({ modelDir: 'demo', threads: 1 })
    try {
      const d = engine.embedDim
      const res = await engine.embedImages(images.map((i) => i.file))
      const x = new Float32Array(images.length * d)
      res.forEach((r, i) => x.set(r.embedding!, i * d))
      normalizeRows(x, images.length, d)
      // opaque names: the demo model cannot know what "class_a" looks like, so zero-shot guesses
      const tags = SHAPE_CLASSES.map((k) => ({ name: k.name }))
      const scorer = await buildTagScorer(engine, tags, ['a photo of a {}.'])
      const present = new Int8Array(images.length * tags.length)
      images.forEach((im, i) => (present[i * tags.length + im.label] = 1))
      inp = { ...scorer, images: x, n: images.length, present, scale: 100 }
    } finally {
      await engine.dispose()
    }
  })
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('decisions teach the heads what the tag names could not', () => {
    const curve = tagLearningCurve(inp, { seed: 0 })
    const last = curve[curve.length - 1]
    expect(last.adaptedMAP).toBeGreaterThan(last.zeroShotMAP + 0.2)
    expect(last.adaptedMAP).toBeGreaterThanOrEqual(curve[0].adaptedMAP)
  })
})
