import { describe, expect, it } from 'vitest'
import { gemmABt } from '../math/gemm'
import { seededPermutation, seededSplit } from '../math/rng'
import { normalizeRows } from '../math/rows'
import { ensembleScores, sumNorm } from './ensemble'
import { labelNames } from '../clip/names'

describe('prompt ensembling from the prompt matrix', () => {
  it('equals scoring against the re-normalised mean of the prompt embeddings', () => {
    // class 0 prompts e0=(1,0), e1=(0,1); class 1 prompt e2=(-1,0). Image x=(0.6,0.8).
    const e = Float32Array.from([1, 0, 0, 1, -1, 0])
    const x = Float32Array.from([0.6, 0.8])
    const s = gemmABt(x, 1, 2, e, 3)
    const scores = ensembleScores(s, 1, 3, e, 2, [[0, 1], [2]])
    // class 0 weight (1,1)/√2 → (0.6+0.8)/√2; class 1 weight (-1,0) → -0.6
    expect(scores[0]).toBeCloseTo(1.4 / Math.SQRT2, 6)
    expect(scores[1]).toBeCloseTo(-0.6, 6)
    expect(sumNorm(e, 2, [0, 1])).toBeCloseTo(Math.SQRT2, 12)
  })

  it('normalises rows and leaves zero rows at zero', () => {
    const m = normalizeRows(Float32Array.from([3, 4, 0, 0]), 2, 2)
    expect(Array.from(m)).toEqual([0.6000000238418579, 0.800000011920929, 0, 0])
  })
})

describe('label names and templates', () => {
  it('reads synonyms from "|" in the name and "aka:" descriptions', () => {
    const n = labelNames('kite|kite (bird of prey)', [
      'aka: bird of prey',
      'a hawk-like bird',
      'synonym: Kite'
    ])
    expect(n).toEqual({
      primary: 'kite',
      synonyms: ['kite (bird of prey)', 'bird of prey'],
      descriptions: ['a hawk-like bird']
    })
    expect(labelNames('cat')).toEqual({ primary: 'cat', synonyms: [], descriptions: [] })
  })

  it('takes synonyms given directly, without duplicates', () => {
    expect(labelNames('happy', [], ['smiling', 'Happy']).synonyms).toEqual(['smiling'])
  })
})

describe('seeded splits', () => {
  it('is deterministic and a permutation', () => {
    const a = Array.from(seededPermutation(50, 7))
    expect(Array.from(seededPermutation(50, 7))).toEqual(a)
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(Array.from(seededPermutation(50, 8))).not.toEqual(a)
  })

  it('stratifies by label and covers every index once', () => {
    const labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2]
    const { train, heldOut } = seededSplit(labels.length, 0.3, 1, labels)
    expect([...train, ...heldOut].sort((x, y) => x - y)).toEqual(labels.map((_, i) => i))
    for (const c of [0, 1]) {
      expect(heldOut.some((i) => labels[i] === c)).toBe(true)
      expect(train.some((i) => labels[i] === c)).toBe(true)
    }
    expect(seededSplit(labels.length, 0.3, 1, labels)).toEqual({ train, heldOut })
  })
})
