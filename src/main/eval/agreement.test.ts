// Agreement figures against independent references: Cohen's kappa against scikit-learn's
// cohen_kappa_score on seeded random label matrices, Krippendorff's alpha against the published
// worked example, and a case small enough to check by hand.
import { beforeAll, describe, expect, it } from 'vitest'
import { mulberry32 } from '../math/rng'
import {
  categoryFigures,
  cohenKappa,
  krippendorffAlpha,
  oneVsRest,
  pairableUnits,
  pairPercent,
  pairwisePercent,
  tally,
  type CodeMatrix
} from './agreement'
import { assertSklearn, sklearnKappas } from './testing/sklearn'

/** units x annotators: a true category per unit, each annotator right with probability `skill`. */
function randomMatrix(
  seed: number,
  units: number,
  annotators: number,
  cats: number,
  missing: number
): CodeMatrix {
  const rnd = mulberry32(seed)
  const skills = Array.from({ length: annotators }, () => 0.3 + 0.7 * rnd())
  return Array.from({ length: units }, () => {
    const truth = Math.floor(rnd() * cats)
    return skills.map((s) => (rnd() < missing ? null : rnd() < s ? truth : Math.floor(rnd() * cats)))
  })
}

function sharedColumns(m: CodeMatrix, a: number, b: number): [number[], number[]] {
  const rows = m.filter((r) => r[a] !== null && r[b] !== null)
  return [rows.map((r) => r[a]!), rows.map((r) => r[b]!)]
}

beforeAll(() => assertSklearn())

describe("Cohen's kappa", () => {
  it('equals scikit-learn cohen_kappa_score on random label matrices', () => {
    const cases: { m: CodeMatrix; a: number; b: number }[] = []
    for (let seed = 1; seed <= 8; seed++) {
      const m = randomMatrix(seed, 10 + seed * 25, 3, 2 + (seed % 5), seed % 2 ? 0.25 : 0)
      for (const [a, b] of [
        [0, 1],
        [0, 2],
        [1, 2]
      ] as const)
        cases.push({ m, a, b })
    }
    const ours = cases.map((c) => cohenKappa(c.m, c.a, c.b))
    const theirs = sklearnKappas(cases.map((c) => sharedColumns(c.m, c.a, c.b)))
    expect(theirs).toHaveLength(24)
    ours.forEach((k, i) => {
      expect(theirs[i], `case ${i}`).not.toBeNull()
      expect(k.value, `case ${i}`).toBeCloseTo(theirs[i]!, 10)
    })
    // the random raters are mostly right, so the cases span real agreement, not just chance
    expect(Math.max(...ours.map((k) => k.value!))).toBeGreaterThan(0.5)
    expect(Math.min(...ours.map((k) => k.value!))).toBeLessThan(0.3)
  })

  it('is null where sklearn has no number, and where fewer than 2 images are shared', () => {
    const same: CodeMatrix = [
      [3, 3],
      [3, 3],
      [3, 3]
    ]
    expect(sklearnKappas([sharedColumns(same, 0, 1)])).toEqual([null])
    expect(cohenKappa(same, 0, 1)).toEqual({
      value: null,
      withheld: expect.objectContaining({ code: 'one_category' })
    })
    const one: CodeMatrix = [
      [1, 2],
      [1, null],
      [null, 2]
    ]
    expect(cohenKappa(one, 0, 1).withheld?.code).toBe('too_few')
    expect(pairPercent(one, 0, 1).value).toBe(0)
    expect(pairPercent([[1, null]], 0, 1).withheld?.code).toBe('too_few')
  })
})

describe("Krippendorff's alpha (nominal)", () => {
  it('reproduces the worked example of Krippendorff (2011): alpha = 0.743', () => {
    // K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), Annenberg School for
    // Communication, University of Pennsylvania, section C: "Nominal data, any number of observers,
    // missing data". Four observers A-D, twelve units, values 1-5; null = no value given.
    const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null]
    const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3]
    const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null]
    const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null]
    const m: CodeMatrix = A.map((_, u) => [A[u]!, B[u]!, C[u]!, D[u]!])
    // unit 12 has one value only: it is not pairable (the paper's n = 40 values in 11 units)
    expect(pairableUnits(m)).toBe(11)
    const alpha = krippendorffAlpha(m)
    expect(alpha.withheld).toBeNull()
    expect(alpha.value).toBeCloseTo(0.743, 3)
  })

  it('checks by hand on two annotators and four images', () => {
    // A: a a b b, B: a b b b. Coincidences: o_aa = 2, o_ab = o_ba = 1, o_bb = 4; n_a = 3, n_b = 5,
    // n = 8. alpha = 1 - (n - 1) * (o_ab + o_ba) / (2 n_a n_b) = 1 - 7 * 2 / 30 = 8 / 15.
    // kappa: po = 3/4, pe = 1/2 * 1/4 + 1/2 * 3/4 = 1/2, kappa = (3/4 - 1/2) / (1/2) = 1/2.
    const m: CodeMatrix = [
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 1]
    ]
    expect(krippendorffAlpha(m).value).toBeCloseTo(8 / 15, 12)
    expect(cohenKappa(m, 0, 1).value).toBeCloseTo(0.5, 12)
    expect(pairPercent(m, 0, 1).value).toBe(0.75)
    expect(pairwisePercent(m).value).toBe(0.75)
  })

  it('is 1 for perfect agreement and null with a reason when undefined', () => {
    expect(
      krippendorffAlpha([
        [1, 1, null],
        [2, 2, 2],
        [3, null, 3]
      ]).value
    ).toBe(1)
    expect(
      krippendorffAlpha([
        [1, 1, 1],
        [1, 1, null]
      ]).withheld?.code
    ).toBe('one_category')
    expect(
      krippendorffAlpha([
        [1, null],
        [null, 2]
      ]).withheld?.code
    ).toBe('too_few')
    expect(
      pairwisePercent([
        [1, null],
        [null, 2]
      ]).withheld?.code
    ).toBe('too_few')
  })

  it('counts percent agreement over every pair of values on a unit', () => {
    // unit 1: (1,1) (1,2) (1,2) -> 1 of 3 agree; unit 2: (4,4) -> 1 of 1; 2 of 4 in all
    expect(
      pairwisePercent([
        [1, 1, 2],
        [4, null, 4]
      ]).value
    ).toBe(0.5)
  })

  it('gives each category against the rest from one tally, as the recoded matrix does', () => {
    for (let seed = 11; seed <= 16; seed++) {
      const m = randomMatrix(seed, 40 + seed, 2 + (seed % 3), 4, 0.3)
      const t = tally(m)
      for (let c = 0; c < 4; c++) {
        const bin = oneVsRest(m, c)
        const f = categoryFigures(t, c)
        const alpha = krippendorffAlpha(bin)
        if (alpha.value === null) expect(f.alpha).toEqual(alpha)
        else expect(f.alpha.value).toBeCloseTo(alpha.value, 12)
        expect(f.percent.value).toBeCloseTo(pairwisePercent(bin).value!, 12)
        const pairable = m.filter((r) => r.filter((v) => v !== null).length >= 2)
        expect(f.units).toBe(pairable.filter((r) => r.includes(c)).length)
      }
    }
  })

  it('reads one label against the rest, missing values kept', () => {
    expect(
      oneVsRest(
        [
          [1, 2, null],
          [2, 2, 3]
        ],
        2
      )
    ).toEqual([
      [0, 1, null],
      [1, 1, 0]
    ])
  })
})
