import { describe, expect, it } from 'vitest'
import { argmax, argmaxRows, topK } from './rank'
import { cosine, l2normalize, normalizeRows } from './rows'
import { softmaxConfidence, softmaxRows } from './softmax'

describe('the math floor', () => {
  it('argmax, argmaxRows and topK break ties toward the lower index', () => {
    expect(argmax([0.2, 0.5, 0.5])).toBe(1)
    expect([...argmaxRows(Float32Array.from([1, 3, 3, 2, 2, 0]), 2, 3)]).toEqual([1, 0])
    expect(topK([0.1, 0.4, 0.4, 0.1], 3)).toEqual([1, 2, 0])
    expect(topK([1, 2], 5)).toEqual([1, 0])
  })

  it('softmaxRows with a scale equals softmax of the scaled logits, and its max is softmaxConfidence', () => {
    const s = Float32Array.from([0.3, 0.2, 0.25, 0.1, 0.1, 0.4])
    const scaled = softmaxRows(s, 3, 100)
    const direct = softmaxRows(
      Float32Array.from(s, (v) => v * 100),
      3
    )
    for (let i = 0; i < s.length; i++) expect(scaled[i]).toBeCloseTo(direct[i], 5)
    const conf = softmaxConfidence(s, 2, 3, 100)
    expect(conf[0]).toBeCloseTo(Math.max(...scaled.subarray(0, 3)), 6)
    expect(conf[1]).toBeCloseTo(Math.max(...scaled.subarray(3, 6)), 6)
  })

  it('normalises rows in place and leaves zero rows at zero', () => {
    const m = normalizeRows(Float32Array.from([3, 4, 0, 0]), 2, 2)
    expect([...m]).toEqual([...Float32Array.from([0.6, 0.8, 0, 0])])
    const v = Float32Array.from([0, 2])
    expect([...l2normalize(v)]).toEqual([0, 1])
    expect([...v]).toEqual([0, 2])
  })

  it('cosine ignores length, is the dot product of the normalised vectors, and 0 for a zero vector', () => {
    const a = Float32Array.from([3, 4, 0])
    const b = Float32Array.from([0.6, 0.8, 0])
    expect(cosine(a, b)).toBeCloseTo(1, 6)
    expect(cosine(a, Float32Array.from([-3, -4, 0]))).toBeCloseTo(-1, 6)
    expect(cosine(a, Float32Array.from([0, 0, 5]))).toBe(0)
    const c = Float32Array.from([1, 2, 2])
    const dot = l2normalize(a).reduce((s, v, i) => s + v * l2normalize(c)[i], 0)
    expect(cosine(a, c)).toBeCloseTo(dot, 6)
    expect(cosine(a, new Float32Array(3))).toBe(0)
  })
})
