import { describe, expect, it } from 'vitest'
import { averagePrecision } from './average-precision'
import { sigmoid, softplus } from './sigmoid'

describe('averagePrecision', () => {
  it("matches scikit-learn's documented example", () => {
    // sklearn.metrics.average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333…
    // by hand: thresholds 0.8 (P 1, R ½), 0.4 (P ½, R ½), 0.35 (P ⅔, R 1): ½·1 + 0 + ½·⅔
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(5 / 6, 12)
  })

  it('takes tied scores as one threshold', () => {
    // 0.5 (tie): P ½, R ½ → ¼; 0.2: P ⅔, R 1 → ½·⅔
    expect(averagePrecision([0.5, 0.5, 0.2], [true, false, true])).toBeCloseTo(1 / 4 + 1 / 3, 12)
    // the tie is not broken by position: swapping the tied items gives the same AP
    expect(averagePrecision([0.5, 0.5, 0.2], [false, true, true])).toBeCloseTo(1 / 4 + 1 / 3, 12)
  })

  it('is 1 for a perfect ranking, the positive rate for all ties, null without positives', () => {
    expect(averagePrecision([0.9, 0.8, 0.1, 0.05], [1, 1, 0, 0])).toBe(1)
    expect(averagePrecision([0.3, 0.3, 0.3, 0.3], [1, 0, 0, 0])).toBe(0.25)
    // worst ranking of 1 positive among 4: P at its threshold is ¼
    expect(averagePrecision([0.4, 0.3, 0.2, 0.1], [0, 0, 0, 1])).toBe(0.25)
    expect(averagePrecision([0.4, 0.3], [0, 0])).toBeNull()
    expect(averagePrecision([], [])).toBeNull()
  })

  it('refuses mismatched lengths and NaN scores', () => {
    expect(() => averagePrecision([0.1, 0.2], [1])).toThrow(/2 scores but 1/)
    expect(() => averagePrecision([0.1, NaN], [1, 0])).toThrow(/NaN/)
  })
})

describe('sigmoid and softplus', () => {
  it('never overflow', () => {
    expect(sigmoid(800)).toBe(1)
    expect(sigmoid(-800)).toBe(0)
    expect(sigmoid(-30)).toBeCloseTo(Math.exp(-30), 20)
    expect(softplus(800)).toBe(800)
    expect(softplus(-800)).toBe(0)
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15)
    expect(softplus(3)).toBeCloseTo(Math.log(1 + Math.exp(3)), 12)
  })
})
