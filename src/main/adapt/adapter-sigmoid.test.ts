// The adapted blend of a sigmoid model (SigLIP): the same blended cosine as CLIP's, read with the
// model's own sigmoid(scale · blend + bias) label by label instead of a softmax over the labels.
import { describe, expect, it } from 'vitest'
import type { ZeroShotScoring } from '../clip/model-family'
import { normalizeRows } from '../math/rows'
import { centreRows, fitAdapter, leaveOneOutProbs, meanRow } from './adapter'
import { clusters } from './testing/clusters'

const SIGMOID: ZeroShotScoring = { kind: 'sigmoid', scale: 117.3, bias: -12.9, source: 'test' }

describe('the adapted blend of a sigmoid model', () => {
  it("is the model's sigmoid of the leave-one-out blended cosine, label by label", () => {
    const { x, labels, text, d, c } = clusters(6, 4)
    const inp = { reviewed: x, labels, text, classes: c, dim: d, centre: meanRow(x, labels.length, d) }
    const a = fitAdapter(inp)
    expect(a.lambda).toBeGreaterThan(0)
    const loo = leaveOneOutProbs(a, inp, SIGMOID)
    if (SIGMOID.kind !== 'sigmoid') throw new Error('unreachable')
    const z = centreRows(x, labels.length, d, inp.centre)
    let sumsOff = 0
    for (let i = 0; i < labels.length; i++) {
      // brute force: prototypes from the other images, the same centre, λ and κ
      const protos = new Float32Array(c * d)
      labels.forEach((y, j) => {
        if (j !== i) for (let q = 0; q < d; q++) protos[y * d + q] += z[j * d + q]
      })
      normalizeRows(protos, c, d)
      let rowSum = 0
      for (let k = 0; k < c; k++) {
        let zs = 0
        let pr = 0
        for (let q = 0; q < d; q++) {
          zs += x[i * d + q] * text[k * d + q]
          pr += z[i * d + q] * protos[k * d + q]
        }
        const blend = (1 - a.lambda) * zs + a.lambda * a.kappa * pr
        const want = 1 / (1 + Math.exp(-(SIGMOID.scale * blend + SIGMOID.bias)))
        expect(loo[i * c + k]).toBeCloseTo(want, 4)
        rowSum += loo[i * c + k]
      }
      sumsOff = Math.max(sumsOff, Math.abs(rowSum - 1))
    }
    // independent per label: the rows are not a distribution over the labels
    expect(sumsOff).toBeGreaterThan(0.05)
  })

  it('keeps the softmax for a softmax model', () => {
    const { x, labels, text, d, c } = clusters(6, 4)
    const inp = { reviewed: x, labels, text, classes: c, dim: d }
    const a = fitAdapter(inp)
    const loo = leaveOneOutProbs(a, inp, { kind: 'softmax' })
    const same = leaveOneOutProbs(a, inp)
    expect(Array.from(loo)).toEqual(Array.from(same))
    for (let i = 0; i < labels.length; i++)
      expect(loo[i * c] + loo[i * c + 1] + loo[i * c + 2]).toBeCloseTo(1, 5)
  })
})
