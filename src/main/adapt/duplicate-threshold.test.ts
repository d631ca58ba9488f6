import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../math/rng'
import { normalizeRows } from '../math/rows'
import {
  MAX_THRESHOLD,
  duplicateThreshold,
  nearestCosines,
  thresholdFromNearest
} from './duplicate-threshold'
import { similarTo } from './similarity'

/** nearest-neighbour cosines whose distances 1 − cos are spread evenly (log10) over [lo, hi] */
const spread = (lo: number, hi: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => 1 - 10 ** (lo + ((hi - lo) * i) / (n - 1)))

describe('the threshold chosen from nearest-neighbour distances', () => {
  it('sits between the near-duplicates and the bulk of merely similar neighbours', () => {
    const bulk = spread(-2.3, -1.7, 200) // typical neighbour at 1 − cos ≈ 0.01
    const nearDups = Array.from({ length: 10 }, () => 1 - 3e-4)
    const t = thresholdFromNearest([...bulk, ...nearDups])
    expect(t.threshold).toBeGreaterThan(Math.max(...bulk))
    expect(t.threshold).toBeLessThan(1 - 3e-4)
    expect(t.typical).toBeCloseTo(0.99, 2)
    expect(t.sampled).toBe(210)
  })

  it('is not moved by copies (they have their own level), however many', () => {
    const bulk = spread(-2.3, -1.7, 200)
    const copies = Array.from({ length: 150 }, () => 1)
    expect(thresholdFromNearest([...bulk, ...copies]).threshold).toBe(thresholdFromNearest(bulk).threshold)
  })

  it('follows the model: looser where neighbours sit farther apart, clamped to [0.9, 0.999]', () => {
    const tight = thresholdFromNearest(spread(-2.3, -1.7, 200)).threshold
    const loose = thresholdFromNearest(spread(-1.3, -0.7, 200)).threshold // typical cosine 0.9
    expect(loose).toBeLessThan(tight)
    expect(loose).toBeGreaterThanOrEqual(0.9)
    expect(thresholdFromNearest(spread(-0.6, -0.2, 200)).threshold).toBe(0.9)
    expect(thresholdFromNearest(spread(-3.3, -2.7, 200)).threshold).toBe(MAX_THRESHOLD)
    // the offered value has three decimals
    expect(Math.round(loose * 1000) / 1000).toBe(loose)
  })

  it('takes the strictest level when there is too little to go on', () => {
    expect(thresholdFromNearest([0.95, 0.97, 1, 1])).toEqual({
      threshold: MAX_THRESHOLD,
      typical: null,
      sampled: 4
    })
  })
})

describe('nearest cosines', () => {
  it('agree with a pairwise search, and a sample of a large set stays in range', async () => {
    const rnd = mulberry32(9)
    const n = 1200
    const d = 8
    const emb = normalizeRows(
      Float32Array.from({ length: n * d }, () => rnd() - 0.5),
      n,
      d
    )
    const rows = [0, 5, 599, 1199]
    const nn = await nearestCosines(emb, n, d, rows)
    rows.forEach((r, k) => expect(nn[k]).toBeCloseTo(similarTo(emb, n, d, r, -1)[0]!.similarity, 5))
    const t = await duplicateThreshold(emb, n, d)
    expect(t.sampled).toBe(1000)
    expect(t.threshold).toBeGreaterThanOrEqual(0.9)
    expect(t.threshold).toBeLessThanOrEqual(MAX_THRESHOLD)
    expect(await duplicateThreshold(emb, 1, d)).toMatchObject({ threshold: MAX_THRESHOLD, sampled: 0 })
  })
})
