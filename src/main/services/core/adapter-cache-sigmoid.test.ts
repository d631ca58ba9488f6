// Review's adapted suggestions for a sigmoid model (SigLIP): once the blend uses reviewed images,
// each label still reads the model's own sigmoid(scale · blend + bias), not a softmax share.
import { describe, expect, it } from 'vitest'
import { adaptedScores, fitAdapter } from '../../adapt/adapter'
import { clusters } from '../../adapt/testing/clusters'
import { scoreAdapted, type ProjectAdapter } from './adapter-cache'

const scoring = { kind: 'sigmoid', scale: 117.3, bias: -12.9, source: 'test' } as const

describe('scoreAdapted for a sigmoid model', () => {
  it("reads the adapted blend with the model's sigmoid, label by label", () => {
    const { x, labels, text, d, c } = clusters(6, 4)
    const adapter = fitAdapter({ reviewed: x, labels, text, classes: c, dim: d })
    expect(adapter.lambda).toBeGreaterThan(0)
    const pa: ProjectAdapter = {
      modelId: 'm',
      labelIds: [11, 12, 13],
      labelNames: ['a', 'b', 'c'],
      text,
      adapter,
      temperature: 100,
      topK: 3,
      scoring
    }
    const n = labels.length
    const { top, source } = scoreAdapted(pa, x, n)
    expect(source).toBe('adapted')
    const blend = adaptedScores(adapter, text, x, n)
    let furthestFromOne = 0
    top.forEach((row, i) => {
      expect(row).toHaveLength(3)
      for (const [labelId, p] of row) {
        const k = labelId - 11
        expect(p).toBeCloseTo(1 / (1 + Math.exp(-(scoring.scale * blend[i * c + k]! + scoring.bias))), 5)
      }
      furthestFromOne = Math.max(furthestFromOne, Math.abs(row.reduce((a, [, p]) => a + p, 0) - 1))
    })
    expect(furthestFromOne).toBeGreaterThan(0.05)
    // the same adapter without the model's scoring is CLIP's softmax: every row sums to 1
    const soft = scoreAdapted({ ...pa, scoring: undefined }, x, n)
    for (const row of soft.top) expect(row.reduce((a, [, p]) => a + p, 0)).toBeCloseTo(1, 5)
  })
})
