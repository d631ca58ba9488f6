import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../math/rng'
import { normalizeRows } from '../math/rows'
import { softmaxRows } from '../math/softmax'
import { adaptedScores, centreRows, fitAdapter, leaveOneOutProbs, meanRow } from './adapter'
import { classThresholds, possibleMistakes } from './mistakes'
import { diverseOrder, highestConfidenceOrder, lowestMarginOrder } from './order'
import { duplicateGroups, searchByEmbedding, similarTo } from './similarity'

describe('review orders', () => {
  // p1-p2 margins: row0 .8-.1=.7, row1 .4-.35=.05, row2 .5-.3=.2, row3 .4-.35=.05 (tie → lower index)
  const probs = Float32Array.from([0.8, 0.1, 0.1, 0.4, 0.35, 0.25, 0.5, 0.3, 0.2, 0.35, 0.4, 0.25])
  it('orders by lowest margin and by highest confidence', () => {
    expect(lowestMarginOrder(probs, 4, 3)).toEqual([1, 3, 2, 0])
    expect(highestConfidenceOrder(probs, 4, 3)).toEqual([0, 2, 1, 3])
  })

  it('spreads a diverse order over embedding space (farthest point first)', () => {
    // two tight clusters around (1,0) and (0,1) plus one point between; mean ≈ (.55,.5)
    const pts = [
      [1, 0],
      [0.99, 0.14],
      [0.98, 0.2],
      [0, 1],
      [0.14, 0.99],
      [0.7, 0.7]
    ]
    const emb = normalizeRows(Float32Array.from(pts.flat()), 6, 2)
    const order = diverseOrder(emb, 6, 2)
    expect(order[0]).toBe(5) // nearest the mean
    // then the two cluster extremes, before any near neighbour of a taken point
    expect(new Set(order.slice(1, 3))).toEqual(new Set([0, 3]))
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5])
    expect(diverseOrder(emb, 6, 2, 2)).toHaveLength(6)
  })
})

describe('similarity', () => {
  const emb = normalizeRows(Float32Array.from([1, 0, 0.995, 0.0998, 0, 1, 0.05, 0.9987, -1, 0]), 5, 2)
  it('finds near-duplicates of one image above a threshold', () => {
    const near = similarTo(emb, 5, 2, 0, 0.95)
    expect(near.map((x) => x.index)).toEqual([1])
    expect(near[0].similarity).toBeCloseTo(0.995, 3)
  })

  it('groups near-duplicates into connected components', async () => {
    expect(await duplicateGroups(emb, 5, 2, 0.95)).toEqual([
      [0, 1],
      [2, 3]
    ])
    expect(await duplicateGroups(emb, 5, 2, 0.9999)).toEqual([])
  })

  it('ranks images by cosine to a text embedding', () => {
    const q = Float32Array.from([0, 1])
    expect(searchByEmbedding(q, emb, 5, 2, 2).map((x) => x.index)).toEqual([2, 3])
  })
})

describe('possible mistakes (confident learning)', () => {
  it('flags images whose other class beats its per-class threshold and the given label', () => {
    // labels: 0,0,1,1. Thresholds: t0 = mean(.9,.2)=.55, t1 = mean(.8,.7)=.75
    // row1 (label 0) has p1 = .8 ≥ .75 and > p0=.2 → flagged; others are fine.
    const probs = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.2, 0.8, 0.3, 0.7])
    const labels = [0, 0, 1, 1]
    const t = classThresholds(probs, labels, 2)
    expect(t[0]).toBeCloseTo(0.55, 6)
    expect(t[1]).toBeCloseTo(0.75, 6)
    const m = possibleMistakes(probs, labels, 2)
    expect(m).toHaveLength(1)
    expect(m[0]).toMatchObject({ index: 1, label: 0, suggested: 1 })
    expect(m[0].margin).toBeCloseTo(0.6, 6)
  })
})

/** Clustered embeddings in 8-d with uninformative text weights (zero-shot near chance). */
function clusters(perClass: number, seed: number) {
  const d = 8
  const c = 3
  const rnd = mulberry32(seed)
  const g = (): number => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd())
  const common = Array.from({ length: d }, () => 5 * g())
  const centres = Array.from({ length: c }, () => Array.from({ length: d }, g))
  const labels = Array.from({ length: perClass * c }, (_, i) => i % c)
  const x = new Float32Array(labels.length * d)
  labels.forEach((k, i) => centres[k].forEach((v, q) => (x[i * d + q] = common[q] + v + 0.4 * g())))
  normalizeRows(x, labels.length, d)
  const text = normalizeRows(Float32Array.from({ length: c * d }, g), c, d)
  return { x, labels, text, d, c }
}

describe('prototype adapter', () => {
  it('chooses λ by leave-one-out and beats zero-shot on clustered data', () => {
    const { x, labels, text, d, c } = clusters(10, 4)
    const a = fitAdapter({ reviewed: x, labels, text, classes: c, dim: d })
    expect(a.lambda).toBeGreaterThan(0)
    expect(a.looAdaptedTop1!).toBeGreaterThan(a.looZeroshotTop1! + 0.2)
    // λ is capped by n̄/(n̄+2) = 10/12
    expect(a.lambda).toBeLessThanOrEqual(10 / 12)
    expect(Array.from(a.counts)).toEqual([10, 10, 10])
  })

  it('keeps zero-shot when there is no evidence (one image)', () => {
    const { x, labels, text, d, c } = clusters(1, 4)
    const a = fitAdapter({ reviewed: x.subarray(0, d), labels: labels.slice(0, 1), text, classes: c, dim: d })
    expect(a.lambda).toBe(0)
    const zs = adaptedScores(a, text, x, 3)
    // λ = 0: exactly the zero-shot cosines
    for (let k = 0; k < c; k++) {
      let s = 0
      for (let q = 0; q < d; q++) s += x[d + q] * text[k * d + q]
      expect(zs[c + k]).toBeCloseTo(s, 6)
    }
  })

  it('leave-one-out probabilities equal refitting prototypes without the image', () => {
    const { x, labels, text, d, c } = clusters(4, 9)
    const inp = { reviewed: x, labels, text, classes: c, dim: d, centre: meanRow(x, labels.length, d) }
    const a = fitAdapter(inp)
    const loo = leaveOneOutProbs(a, inp)
    const i = 5
    // Brute force: prototypes from the other images, same centre, λ, κ and scale.
    const others = labels.map((_, j) => j).filter((j) => j !== i)
    const z = centreRows(x, labels.length, d, inp.centre)
    const protos = new Float32Array(c * d)
    for (const j of others) for (let q = 0; q < d; q++) protos[labels[j] * d + q] += z[j * d + q]
    normalizeRows(protos, c, d)
    const scores = new Float32Array(c)
    for (let k = 0; k < c; k++) {
      let zs = 0
      let pr = 0
      for (let q = 0; q < d; q++) {
        zs += x[i * d + q] * text[k * d + q]
        pr += z[i * d + q] * protos[k * d + q]
      }
      scores[k] = (1 - a.lambda) * zs + a.lambda * a.kappa * pr
    }
    const want = softmaxRows(scores, c, a.lambda === 0 ? 100 : a.logitScale)
    for (let k = 0; k < c; k++) expect(loo[i * c + k]).toBeCloseTo(want[k], 5)
  })
})
