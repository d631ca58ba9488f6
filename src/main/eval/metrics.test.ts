import { describe, expect, it } from 'vitest'
import {
  COVERAGE_THRESHOLDS,
  basicScores,
  confusionCells,
  confusionMatrix,
  coverageCurve,
  expectedCalibrationError,
  largestConfusions,
  perClassScores,
  rankOf,
  suggestThreshold
} from './metrics'
import { mulberry32 } from '../math/rng'
import { softmaxConfidence } from '../math/softmax'

// 4 images × 3 classes; hand-computed expectations in the comments.
const scores = Float32Array.from([
  0.9,
  0.1,
  0.0, // truth 0 -> rank 0
  0.5,
  0.4,
  0.1, // truth 1 -> rank 1
  0.2,
  0.3,
  0.1, // truth 2 -> rank 2
  0.3,
  0.3,
  0.3 //  truth 0 -> tie, lower index wins -> rank 0
])
const truth = [0, 1, 2, 0]

describe('rank-based accuracy', () => {
  it('ranks with ties broken toward the lower class index', () => {
    expect([0, 1, 2, 3].map((i) => rankOf(scores, i, 3, truth[i]))).toEqual([0, 1, 2, 0])
    expect(rankOf(scores, 3, 3, 2)).toBe(2)
  })

  it('computes top-1, top-5 and mean per-class accuracy', () => {
    const b = basicScores(scores, 4, 3, truth)
    expect(b.top1).toBeCloseTo(2 / 4, 12)
    expect(b.top5).toBe(1) // only 3 classes: everything is in the top 5
    expect(b.meanPerClass).toBeCloseTo((1 + 0 + 0) / 3, 12)
  })

  it('counts top-5 over more than five classes', () => {
    // 7 classes, truth is class 6; image 0 ranks it 6th (5 higher), image 1 ranks it 5th.
    const s = Float32Array.from([7, 6, 5, 4, 3, 2, 1.5, 7, 6, 5, 4, 1, 0, 2])
    const b = basicScores(s, 2, 7, [6, 6])
    expect(b.top1).toBe(0)
    expect(b.top5).toBeCloseTo(0.5, 12)
  })

  it('evaluates only the given rows', () => {
    expect(basicScores(scores, 4, 3, truth, [0, 3]).top1).toBe(1)
    expect(basicScores(scores, 4, 3, truth, []).top1).toBe(0)
  })
})

describe('confusions and per-class scores', () => {
  const pred = [0, 0, 1, 0]
  it('builds the confusion matrix rows=true, columns=predicted', () => {
    expect(confusionMatrix(pred, truth, 3)).toEqual([
      [2, 0, 0],
      [1, 0, 0],
      [0, 1, 0]
    ])
  })

  it('derives precision and recall per class', () => {
    const pc = perClassScores(confusionMatrix(pred, truth, 3), ['a', 'b', 'c'])
    expect(pc[0]).toMatchObject({ label: 'a', support: 2, recall: 1, accuracy: 1 })
    expect(pc[0].precision).toBeCloseTo(2 / 3, 12)
    expect(pc[1]).toMatchObject({ support: 1, precision: 0, recall: 0 })
    expect(pc[2]).toMatchObject({ support: 1, precision: 0, recall: 0 })
  })

  it('lists the largest confusions, most confident examples first', () => {
    const p = [1, 1, 1, 0, 2]
    const t = [0, 0, 0, 0, 1]
    const conf = [0.2, 0.9, 0.5, 0.99, 0.7]
    const ids = [10, 11, 12, 13, 14]
    const c = largestConfusions(p, t, conf, ids, ['a', 'b', 'c'], 10, 2)
    expect(c).toEqual([
      { trueLabel: 'a', predicted: 'b', count: 3, exampleImageIds: [11, 12] },
      { trueLabel: 'b', predicted: 'c', count: 1, exampleImageIds: [14] }
    ])
  })

  it('lists every image of every non-empty cell, matching the matrix, most confident first', () => {
    const p = [1, 1, 1, 0, 2, 0, 1, 1, 1]
    const t = [0, 0, 0, 0, 1, 0, 0, 0, 0]
    const conf = [0.2, 0.9, 0.5, 0.99, 0.7, 0.3, 0.1, 0.6, 0.4]
    const ids = [10, 11, 12, 13, 14, 15, 16, 17, 18]
    const cells = confusionCells(p, t, conf, ids, 3)
    // a cell the screen used to show 4 of: all 6 of a→b are here
    expect(cells).toEqual([
      { trueIndex: 0, predictedIndex: 0, imageIds: [13, 15] },
      { trueIndex: 0, predictedIndex: 1, imageIds: [11, 17, 12, 18, 10, 16] },
      { trueIndex: 1, predictedIndex: 2, imageIds: [14] }
    ])
    const m = confusionMatrix(p, t, 3)
    for (const c of cells) expect(c.imageIds).toHaveLength(m[c.trueIndex]![c.predictedIndex]!)
    expect(cells.flatMap((c) => c.imageIds).sort()).toEqual([...ids].sort())
  })
})

describe('calibration and auto-accept coverage', () => {
  const conf = [0.95, 0.95, 0.55, 0.15]
  const correct = [true, false, true, false]

  it('computes softmax confidence with CLIP logit scale', () => {
    // probabilities 1/4 and 3/4 when the scaled scores differ by ln 3
    const s = Float32Array.from([0, Math.log(3) / 100])
    expect(softmaxConfidence(s, 1, 2, 100)[0]).toBeCloseTo(0.75, 6)
  })

  it('computes ECE over 10 bins', () => {
    // bin 9: 2 images, acc .5, conf .95 -> .5*.45; bin 5: acc 1, conf .55 -> .25*.45; bin 1: .25*.15
    expect(expectedCalibrationError(conf, correct, 10)).toBeCloseTo(
      0.5 * 0.45 + 0.25 * 0.45 + 0.25 * 0.15,
      12
    )
    expect(expectedCalibrationError([1], [true])).toBe(0)
  })

  it('computes coverage and precision per threshold and suggests the smallest safe one', () => {
    const curve = coverageCurve(conf, correct, [0, 0.5, 0.9, 0.96])
    expect(curve[0]).toEqual({ threshold: 0, coverage: 1, precision: 0.5 })
    expect(curve[1].coverage).toBeCloseTo(0.75, 12)
    expect(curve[1].precision).toBeCloseTo(2 / 3, 12)
    expect(curve[2]).toEqual({ threshold: 0.9, coverage: 0.5, precision: 0.5 })
    expect(curve[3]).toEqual({ threshold: 0.96, coverage: 0, precision: 1 })
    const full = coverageCurve(conf, correct)
    expect(full).toHaveLength(101)
    const sug = suggestThreshold(full, 0.6)
    expect(sug?.threshold).toBeCloseTo(0.16, 12) // first threshold above 0.15 drops the wrong 0.15
    expect(sug?.precision).toBeCloseTo(2 / 3, 12)
    expect(suggestThreshold(full, 0.99)).toBeNull() // never reached with coverage > 0
  })

  it('counts every threshold as its definition does, in any order and at the printed value', () => {
    const rand = mulberry32(11)
    // values on the grid itself (0.95 counts at 0.95), just below it, anywhere, and not a number
    const confidence = Array.from({ length: 3000 }, (_, i) =>
      i % 4 === 0
        ? Math.round(rand() * 100) / 100
        : i % 4 === 1
          ? Math.round(rand() * 100) / 100 - 1e-9
          : rand()
    )
    confidence[7] = Number.NaN
    const right = confidence.map(() => rand() < 0.7)
    const thresholds = [0.5, 0, 0.95, 0.3, 0.95, 1, 0.07]
    for (const ts of [thresholds, COVERAGE_THRESHOLDS]) {
      const curve = coverageCurve(confidence, right, ts)
      ts.forEach((t, j) => {
        const inIt = confidence.map((c) => c >= t - 1e-12)
        const covered = inIt.filter(Boolean).length
        const hits = inIt.filter((x, i) => x && right[i]).length
        expect(curve[j]).toEqual({
          threshold: t,
          coverage: covered / confidence.length,
          precision: covered ? hits / covered : 1
        })
      })
    }
  })
})
