import { describe, expect, it } from 'vitest'
import { MIN_TAG_THRESHOLD_DECISIONS, tagThreshold } from './tag-threshold'

// 20 decided images at p = 0.00, 0.05, …, 0.95; present from 0.50 up, except 0.75 (absent)
const probs = Array.from({ length: 20 }, (_, i) => i / 20)
const present = probs.map((p, i) => p >= 0.5 && i !== 15)

describe('tagThreshold', () => {
  it('finds the lowest grid threshold that reaches the target, with coverage and recall', () => {
    // p ≥ 0.46 takes the 10 images from 0.50: 9 present → 90%
    expect(tagThreshold(probs, present, 0.9)).toEqual({
      kind: 'ok',
      threshold: 0.46,
      precision: 0.9,
      coverage: 0.5,
      recall: 1
    })
    // 95% needs to pass the absent image at 0.75: p ≥ 0.76 takes 4 images, all present
    const strict = tagThreshold(probs, present, 0.95)
    expect(strict).toMatchObject({ kind: 'ok', threshold: 0.76, precision: 1, coverage: 0.2 })
    expect(strict.kind === 'ok' && strict.recall).toBeCloseTo(4 / 9, 12)
  })

  it('says when no threshold reaches the target, and the best precision there is', () => {
    // present only at the bottom: the best is everything (5 of 20)
    const low = probs.map((p) => p < 0.25)
    expect(tagThreshold(probs, low, 0.5)).toEqual({ kind: 'unreachable', bestPrecision: 0.25 })
  })

  it('is withheld with how many more decisions are needed', () => {
    const r = tagThreshold(probs.slice(0, 12), present.slice(0, 12), 0.9)
    expect(r).toMatchObject({ kind: 'withheld', needs: MIN_TAG_THRESHOLD_DECISIONS - 12 })
    expect(r.kind === 'withheld' && r.reason).toMatch(/Too few decisions on this tag \(12\).*8 more/)
  })

  it('is withheld while every decision says the same', () => {
    const all = tagThreshold(
      probs,
      probs.map(() => true),
      0.9
    )
    expect(all).toMatchObject({ kind: 'withheld', needs: 1 })
    expect(all.kind === 'withheld' && all.reason).toMatch(/say present.*where it is absent/)
    const none = tagThreshold(
      probs,
      probs.map(() => 0 as const),
      0.9
    )
    expect(none.kind === 'withheld' && none.reason).toMatch(/say absent.*where it is present/)
  })

  it('refuses a target outside (0, 1] and mismatched lengths', () => {
    expect(() => tagThreshold(probs, present, 0)).toThrow(/not in \(0, 1\]/)
    expect(() => tagThreshold(probs, present, 1.5)).toThrow(/not in \(0, 1\]/)
    expect(() => tagThreshold(probs, present.slice(1), 0.9)).toThrow(/20 probabilities but 19/)
  })
})
