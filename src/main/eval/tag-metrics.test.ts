import { describe, expect, it } from 'vitest'
import { tagScores } from './tag-metrics'

// 4 images × 2 tags, image-major. Image 1's second tag is undecided (-1) and must count nowhere,
// though its probability (0.7) would be a false positive at 0.5.
const probs = Float32Array.from([0.9, 0.2, 0.6, 0.7, 0.4, 0.8, 0.1, 0.3])
const truth = Int8Array.from([1, 0, 0, -1, 1, 1, 0, 0])

describe('tagScores', () => {
  it('scores each tag at 0.5 over decided pairs only (hand-computed)', () => {
    const r = tagScores(probs, truth, ['a', 'b'])
    // a: 0.9 tp, 0.6 fp, 0.4 fn, 0.1 tn; AP: ½·1 + 0 + ½·⅔
    expect(r.perTag[0]).toMatchObject({ label: 'a', support: 2, decided: 4, threshold: 0.5 })
    expect(r.perTag[0].precision).toBeCloseTo(0.5, 12)
    expect(r.perTag[0].recall).toBeCloseTo(0.5, 12)
    expect(r.perTag[0].f1).toBeCloseTo(0.5, 12)
    expect(r.perTag[0].ap).toBeCloseTo(5 / 6, 12)
    // b: 0.2 tn, 0.8 tp, 0.3 tn (0.7 undecided)
    expect(r.perTag[1]).toMatchObject({ label: 'b', precision: 1, recall: 1, f1: 1, ap: 1 })
    expect(r.perTag[1]).toMatchObject({ support: 1, decided: 3 })
    expect(r.mAP).toBeCloseTo((5 / 6 + 1) / 2, 12)
    // micro: tp 2, fp 1, fn 1
    expect(r.microF1).toBeCloseTo(4 / 6, 12)
  })

  it("uses each tag's own threshold", () => {
    const r = tagScores(probs, truth, ['a', 'b'], [0.05, 0.9])
    // a: everything predicted: tp 2, fp 2; b: nothing predicted: fn 1
    expect(r.perTag[0].precision).toBeCloseTo(0.5, 12)
    expect(r.perTag[0].recall).toBe(1)
    expect(r.perTag[0].f1).toBeCloseTo(2 / 3, 12)
    expect(r.perTag[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, threshold: 0.9 })
    // thresholds move P/R/F1, never AP
    expect(r.perTag[0].ap).toBeCloseTo(5 / 6, 12)
    expect(r.microF1).toBeCloseTo(4 / 7, 12)
  })

  it('gives a tag without present decisions no AP, and the project none when no tag has one', () => {
    const r = tagScores(Float32Array.from([0.9, 0.1]), Int8Array.from([0, -1]), ['only'])
    expect(r.perTag[0]).toMatchObject({ ap: null, support: 0, decided: 1, precision: 0, recall: 0 })
    expect(r.mAP).toBeNull()
    expect(r.microF1).toBe(0)
  })

  it('refuses shapes that do not fit', () => {
    expect(() => tagScores(probs, truth.subarray(0, 6), ['a', 'b'])).toThrow(/8 probabilities and 6/)
    expect(() => tagScores(probs, truth, ['a', 'b', 'c'])).toThrow(/3 tags/)
    expect(() => tagScores(probs, truth, ['a', 'b'], [0.5])).toThrow(/1 thresholds/)
  })
})
