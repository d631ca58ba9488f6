// One model's numbers on reviewed images read by its own scoring: the suggested auto-accept
// threshold of a sigmoid model is a sigmoid(scale · cos + bias), not a softmax probability.
import { describe, expect, it } from 'vitest'
import { COVERAGE_THRESHOLDS } from './metrics'
import { evaluateModel, type ModelEvalInput } from './models'

// 30 images of label 0 at (0.9, √0.19): right, top cosine 0.9; 10 images of label 1 at (0.8, 0.6):
// predicted 0, top cosine 0.8. Class weights are the axes.
function input(): ModelEvalInput {
  const n = 40
  const images = new Float32Array(n * 2)
  const truth = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const right = i < 30
    images.set(right ? [0.9, Math.sqrt(1 - 0.81)] : [0.8, 0.6], i * 2)
    truth[i] = right ? 0 : 1
  }
  return { images, n, dim: 2, classes: Float32Array.from([1, 0, 0, 1]), c: 2, truth, temperature: 100 }
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x))

describe('evaluateModel', () => {
  it("suggests a sigmoid model's threshold on its own sigmoid", async () => {
    const r = await evaluateModel({
      ...input(),
      scoring: { kind: 'sigmoid', scale: 10, bias: -5, source: 'test' }
    })
    expect(r.top1).toBeCloseTo(0.75, 12)
    expect(r.corrections).toBe(10)
    // the right images read sigmoid(10 · 0.9 − 5) = sigmoid(4), the wrong ones sigmoid(3): the first
    // threshold of the curve above sigmoid(3) keeps the 30 right images alone
    const want = Math.min(...COVERAGE_THRESHOLDS.filter((t) => t > sigmoid(3) && t <= sigmoid(4)))
    expect(r.suggestedThreshold?.threshold).toBe(want)
    expect(r.suggestedThreshold?.coverage).toBeCloseTo(0.75, 12)
    expect(r.suggestedThreshold?.precision).toBe(1)
  })

  it("reads a softmax model at the project's temperature", async () => {
    const r = await evaluateModel(input())
    // at temperature 100 the right images read sigmoid(100 · (0.9 − √0.19)) and the wrong ones
    // sigmoid(100 · 0.2) = 1 − 2e-9: only a threshold of 1 tells them apart
    expect(r.top1).toBeCloseTo(0.75, 12)
    expect(r.suggestedThreshold?.threshold).toBe(1)
    expect(r.suggestedThreshold?.coverage).toBeCloseTo(0.75, 12)
  })
})
