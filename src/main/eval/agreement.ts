// Inter-annotator agreement on nominal categories: percent agreement and Cohen's kappa for a pair
// of annotators, Krippendorff's alpha for any number with missing values. Pure functions over a
// units x annotators matrix of category codes (null: that annotator gave no value on that unit).
// A figure that is not defined on the data (fewer than two comparable values, one category only)
// is null with the reason, never NaN and never a made-up 0 or 1.
import type { AgreementStat, AgreementWithheld } from '../../shared/agreement'

/** One row per unit (an image, or an image and tag), one column per annotator. */
export type CodeMatrix = (number | null)[][]

const withheld = (code: AgreementWithheld['code'], message: string): AgreementStat => ({
  value: null,
  withheld: { code, message }
})
const stat = (value: number): AgreementStat => ({ value, withheld: null })

/**
 * Annotators a and b on the units both coded, in one pass: how many they share, the share on
 * which they gave the same value, and Cohen's kappa, (po - pe) / (1 - pe) with pe from each
 * annotator's own category frequencies (as scikit-learn's cohen_kappa_score).
 */
export function pairFigures(
  m: CodeMatrix,
  a: number,
  b: number
): { shared: number; percent: AgreementStat; kappa: AgreementStat } {
  const fa = new Map<number, number>()
  const fb = new Map<number, number>()
  let n = 0
  let agree = 0
  for (const row of m) {
    const x = row[a]
    const y = row[b]
    if (x === null || x === undefined || y === null || y === undefined) continue
    n++
    fa.set(x, (fa.get(x) ?? 0) + 1)
    fb.set(y, (fb.get(y) ?? 0) + 1)
    if (x === y) agree++
  }
  const percent =
    n === 0 ? withheld('too_few', 'The two annotators decided no image in common.') : stat(agree / n)
  if (n < 2)
    return {
      shared: n,
      percent,
      kappa: withheld('too_few', `Kappa needs at least 2 images decided by both; they share ${n}.`)
    }
  let pe = 0
  for (const [c, k] of fa) pe += (k / n) * ((fb.get(c) ?? 0) / n)
  const kappa =
    pe >= 1 - 1e-12
      ? withheld(
          'one_category',
          'Both gave one and the same category to every shared image: kappa is undefined.'
        )
      : stat((agree / n - pe) / (1 - pe))
  return { shared: n, percent, kappa }
}

/** Share of the units both coded on which the two gave the same value. */
export function pairPercent(m: CodeMatrix, a: number, b: number): AgreementStat {
  return pairFigures(m, a, b).percent
}

/** Cohen's kappa of annotators a and b on the units both coded (see pairFigures). */
export function cohenKappa(m: CodeMatrix, a: number, b: number): AgreementStat {
  return pairFigures(m, a, b).kappa
}

/**
 * One pass over the units with at least two values, enough for every figure of the matrix and of
 * each category against the rest. Krippendorff's coincidences weigh each ordered pair of values
 * on a unit of m values by 1 / (m - 1), so each value adds exactly 1 to its category's total n_c.
 */
export interface Tally {
  /** units with at least two values */
  units: number
  /** n_c: pairable values per category */
  values: Map<number, number>
  /** sum over k != c of o_ck, per category */
  cross: Map<number, number>
  /** sum over c != k of o_ck */
  disagree: number
  /** unordered pairs of values on one unit, and how many of them agree */
  pairs: number
  agreeing: number
  /** unordered pairs with exactly one value of the category */
  mixed: Map<number, number>
  /** units where some annotator gave the category */
  unitsWith: Map<number, number>
}

const add = (m: Map<number, number>, k: number, v: number): void => {
  m.set(k, (m.get(k) ?? 0) + v)
}

export function tally(m: CodeMatrix): Tally {
  const t: Tally = {
    units: 0,
    values: new Map(),
    cross: new Map(),
    disagree: 0,
    pairs: 0,
    agreeing: 0,
    mixed: new Map(),
    unitsWith: new Map()
  }
  const counts = new Map<number, number>()
  for (const row of m) {
    counts.clear()
    let len = 0
    for (const v of row)
      if (v !== null && v !== undefined) {
        add(counts, v, 1)
        len++
      }
    if (len < 2) continue
    t.units++
    t.pairs += (len * (len - 1)) / 2
    for (const [c, k] of counts) {
      const others = k * (len - k)
      add(t.unitsWith, c, 1)
      add(t.values, c, k)
      add(t.cross, c, others / (len - 1))
      add(t.mixed, c, others)
      t.disagree += others / (len - 1)
      t.agreeing += (k * (k - 1)) / 2
    }
  }
  return t
}

/** Units coded by at least two annotators (the ones alpha and percent agreement count). */
export function pairableUnits(m: CodeMatrix): number {
  return tally(m).units
}

const TOO_FEW_ALPHA = 'Alpha needs at least one image decided by two annotators.'
const ONE_CATEGORY = 'Every decision on the shared images is one category: alpha is undefined.'

/**
 * Krippendorff's alpha for nominal data, any number of annotators, missing values allowed:
 * alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k, over the units with at least two
 * values (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability", section C).
 */
export function alphaOf(t: Tally): AgreementStat {
  const totals = [...t.values.values()]
  const n = totals.reduce((s, v) => s + v, 0)
  if (n < 2) return withheld('too_few', TOO_FEW_ALPHA)
  // sum over c != k of n_c n_k = (sum n_c)^2 - sum n_c^2
  const expected = n * n - totals.reduce((s, v) => s + v * v, 0)
  if (expected <= 1e-9) return withheld('one_category', ONE_CATEGORY)
  return stat(1 - ((n - 1) * t.disagree) / expected)
}

export function krippendorffAlpha(m: CodeMatrix): AgreementStat {
  return alphaOf(tally(m))
}

/**
 * Percent agreement of any number of annotators: of all pairs of values two annotators gave one
 * unit, the share that agree (for two annotators, pairPercent).
 */
export function percentOf(t: Tally): AgreementStat {
  if (t.pairs === 0) return withheld('too_few', 'No image was decided by two annotators.')
  return stat(t.agreeing / t.pairs)
}

export function pairwisePercent(m: CodeMatrix): AgreementStat {
  return percentOf(tally(m))
}

/**
 * Category `c` against every other, from the tally of the whole matrix (the same numbers as
 * alpha and percent agreement of oneVsRest(m, c), without a pass per category): two categories,
 * o_{c,rest} = cross[c], n_c and n - n_c.
 */
export function categoryFigures(
  t: Tally,
  c: number
): { units: number; alpha: AgreementStat; percent: AgreementStat } {
  const n = [...t.values.values()].reduce((s, v) => s + v, 0)
  const nc = t.values.get(c) ?? 0
  const units = t.unitsWith.get(c) ?? 0
  const percent = percentOf({ ...t, agreeing: t.pairs - (t.mixed.get(c) ?? 0) })
  if (n < 2) return { units, alpha: withheld('too_few', TOO_FEW_ALPHA), percent }
  const expected = nc * (n - nc)
  if (expected <= 1e-9) return { units, alpha: withheld('one_category', ONE_CATEGORY), percent }
  return { units, alpha: stat(1 - ((n - 1) * (t.cross.get(c) ?? 0)) / expected), percent }
}

/** One category against the rest: 1 where the value is `code`, 0 for any other, missing stays missing. */
export function oneVsRest(m: CodeMatrix, code: number): CodeMatrix {
  return m.map((row) => row.map((v) => (v === null || v === undefined ? null : v === code ? 1 : 0)))
}
