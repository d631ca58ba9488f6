// Probabilities by a model's scoring, on hand-computed cases: CLIP's softmax rows sum to 1, a
// sigmoid model's entries are each sigmoid(scale · cos + bias) on their own.
import { describe, expect, it } from 'vitest'
import { scoringProbs, topConfidence } from './scoring-probs'

const sig = { kind: 'sigmoid', scale: 10, bias: -5, source: 'test' } as const
const scores = Float32Array.from([0.9, 0.4, 0.5, 0.5])

describe('scoringProbs', () => {
  it('is the softmax at the given scale for a softmax model', () => {
    const p = scoringProbs(scores, 2, { kind: 'softmax' }, 10)
    // softmax(10 · [0.9, 0.4]) = [1, e^-5] / (1 + e^-5)
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-5)), 6)
    expect(p[1]).toBeCloseTo(Math.exp(-5) / (1 + Math.exp(-5)), 6)
    expect(p[2]).toBeCloseTo(0.5, 6)
    expect(p[3]).toBeCloseTo(0.5, 6)
  })

  it("is the model's sigmoid per entry for a sigmoid model, whatever the softmax scale", () => {
    const p = scoringProbs(scores, 2, sig, 1000)
    // sigmoid(10 · 0.9 − 5) = sigmoid(4); sigmoid(10 · 0.4 − 5) = sigmoid(−1); 0.5 → sigmoid(0)
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-4)), 6)
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(1)), 6)
    expect(p[2]).toBeCloseTo(0.5, 6)
    expect(p[0] + p[1]).not.toBeCloseTo(1, 2)
  })
})

describe('topConfidence', () => {
  it("is each row's largest probability under either rule", () => {
    const soft = topConfidence(scores, 2, 2, undefined, 10)
    expect(soft[0]).toBeCloseTo(1 / (1 + Math.exp(-5)), 6)
    expect(soft[1]).toBeCloseTo(0.5, 6)
    const own = topConfidence(scores, 2, 2, sig, 10)
    expect(own[0]).toBeCloseTo(1 / (1 + Math.exp(-4)), 6)
    expect(own[1]).toBeCloseTo(0.5, 6)
  })
})
