import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../math/rng'
import { sigmoid } from '../math/sigmoid'
import { coldStartProb } from '../clip/tag-scores'
import { MIN_TAG_DECISIONS_EACH_SIDE, fitTagCalibration, tagLogit, tagProb } from './tag-calibration'

/** n scores uniform in ±spread, each decision drawn from sigmoid(a·s + b) */
function logisticSample(n: number, a: number, b: number, spread: number, seed: number) {
  const rnd = mulberry32(seed)
  const s: number[] = []
  const present: boolean[] = []
  for (let i = 0; i < n; i++) {
    const v = (2 * rnd() - 1) * spread
    s.push(v)
    present.push(rnd() < sigmoid(a * v + b))
  }
  return { s, present }
}

describe('fitTagCalibration', () => {
  it('recovers (a, b) of data drawn from a logistic model', () => {
    for (const [a, b, seed] of [
      [60, -1.5, 1],
      [250, 0.8, 2],
      [100, 0, 3]
    ]) {
      const { s, present } = logisticSample(4000, a, b, 0.06, seed)
      const cal = fitTagCalibration(s, present, { scale: 100 })
      expect(cal.kind).toBe('calibrated')
      if (cal.kind !== 'calibrated') continue
      expect(Math.abs(cal.a - a) / a, `a=${a}: fitted ${cal.a}`).toBeLessThan(0.12)
      expect(Math.abs(cal.b - b), `b=${b}: fitted ${cal.b}`).toBeLessThan(0.2)
      expect(cal.present + cal.absent).toBe(4000)
    }
  })

  it('stays finite, positive and order-keeping on perfectly separated decisions', () => {
    const s = [-0.05, -0.04, -0.03, -0.02, -0.01, 0.01, 0.02, 0.03, 0.04, 0.05]
    const present = s.map((v) => v > 0)
    const cal = fitTagCalibration(s, present, { scale: 100 })
    expect(cal.kind).toBe('calibrated')
    if (cal.kind !== 'calibrated') return
    expect(Number.isFinite(cal.a) && Number.isFinite(cal.b)).toBe(true)
    expect(cal.a).toBeGreaterThan(100) // sharper than the cold start, as the data says…
    expect(cal.a).toBeLessThan(2000) // …but held by the prior
    const p = s.map((v) => tagProb(cal, v, 100))
    expect(p).toEqual([...p].sort((x, y) => x - y))
    expect(p[0]).toBeLessThan(0.5)
    expect(p[9]).toBeGreaterThan(0.5)
  })

  it('shifts the bias when the tag is rarer than the cold start thinks', () => {
    // every decided image scores above 0 (cold start says present), but only the top 6 are
    const s = Array.from({ length: 30 }, (_, i) => 0.01 + i * 0.002)
    const present = s.map((_, i) => i >= 24)
    const cal = fitTagCalibration(s, present, { scale: 100 })
    expect(cal.kind).toBe('calibrated')
    expect(tagProb(cal, s[5], 100)).toBeLessThan(0.2)
    expect(coldStartProb(s[5], 100)).toBeGreaterThan(0.7)
  })

  it('needs MIN_TAG_DECISIONS_EACH_SIDE decisions on each side, and says how many more', () => {
    expect(MIN_TAG_DECISIONS_EACH_SIDE).toBe(5)
    const cal = fitTagCalibration([0.1, 0.2, 0.3, -0.1, -0.2, -0.3, -0.4, -0.5], [1, 1, 1, 0, 0, 0, 0, 0], {
      scale: 100
    })
    expect(cal).toEqual({ kind: 'coldstart', present: 3, absent: 5, needs: { present: 2, absent: 0 } })
    expect(fitTagCalibration([], [], { scale: 100, min: 2 })).toMatchObject({
      needs: { present: 2, absent: 2 }
    })
    // with no decisions required, the prior alone gives back the cold start exactly
    const prior = fitTagCalibration([], [], { scale: 100, bias: -1, min: 0 })
    expect(prior).toMatchObject({ kind: 'calibrated', a: 100, b: -1 })
  })

  it('stays at the cold start when the decisions run against the scores (a ≤ 0)', () => {
    const s = Array.from({ length: 60 }, (_, i) => (i - 30) / 300)
    const present = s.map((v) => v < 0)
    const cal = fitTagCalibration(s, present, { scale: 100 })
    expect(cal).toEqual({
      kind: 'coldstart',
      present: 30,
      absent: 30,
      needs: { present: 0, absent: 0 },
      reversed: true
    })
    expect(tagProb(cal, 0.05, 100)).toBe(coldStartProb(0.05, 100))
  })

  it('refuses bad input with a clear message', () => {
    expect(() => fitTagCalibration([0.1], [1, 0], { scale: 100 })).toThrow(/1 scores but 2/)
    expect(() => fitTagCalibration([NaN], [1], { scale: 100 })).toThrow(/not finite/)
    expect(() => fitTagCalibration([0.1], [1], { scale: 0 })).toThrow(/scale > 0/)
  })
})

describe('tagProb and tagLogit', () => {
  it('read the calibration when there is one, the cold start otherwise', () => {
    const cal = { kind: 'calibrated', a: 50, b: -2, present: 5, absent: 5 } as const
    expect(tagProb(cal, 0.1, 100)).toBeCloseTo(sigmoid(3), 12)
    expect(tagLogit(cal, 0.1, 100)).toBeCloseTo(3, 12)
    const cold = { kind: 'coldstart', present: 0, absent: 0, needs: { present: 5, absent: 5 } } as const
    expect(tagProb(cold, 0.1, 100, 1)).toBeCloseTo(sigmoid(11), 12)
    expect(tagLogit(cold, 0.1, 100, 1)).toBeCloseTo(11, 12)
  })
})
