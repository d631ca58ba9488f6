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

/** The values of columns a and b on the units both coded. */
function shared(m: CodeMatrix, a: number, b: number): [number, number][] {
  const out: [number, number][] = []
  for (const row of m) {
    const x = row[a]
    const y = row[b]
    if (x !== null && x !== undefined && y !== null && y !== undefined) out.push([x, y])
  }
  return out
}

/** How many units both annotators coded. */
export function sharedUnits(m: CodeMatrix, a: number, b: number): number {
  return shared(m, a, b).length
}

/** Share of the units both coded on which the two gave the same value. */
export function pairPercent(m: CodeMatrix, a: number, b: number): AgreementStat {
  const pairs = shared(m, a, b)
  if (pairs.length === 0) return withheld('too_few', 'The two annotators decided no image in common.')
  return stat(pairs.filter(([x, y]) => x === y).length / pairs.length)
}

/**
 * Cohen's kappa of annotators a and b on the units both coded: (po - pe) / (1 - pe), with pe from
 * each annotator's own category frequencies (as scikit-learn's cohen_kappa_score).
 */
export function cohenKappa(m: CodeMatrix, a: number, b: number): AgreementStat {
  const pairs = shared(m, a, b)
  const n = pairs.length
  if (n < 2) return withheld('too_few', `Kappa needs at least 2 images decided by both; they share ${n}.`)
  const fa = new Map<number, number>()
  const fb = new Map<number, number>()
  let agree = 0
  for (const [x, y] of pairs) {
    fa.set(x, (fa.get(x) ?? 0) + 1)
    fb.set(y, (fb.get(y) ?? 0) + 1)
    if (x === y) agree++
  }
  const po = agree / n
  let pe = 0
  for (const [c, k] of fa) pe += (k / n) * ((fb.get(c) ?? 0) / n)
  if (pe >= 1 - 1e-12)
    return withheld(
      'one_category',
      'Both gave one and the same category to every shared image: kappa is undefined.'
    )
  return stat((po - pe) / (1 - pe))
}

/** The coincidence counts of Krippendorff's alpha: per unit with m >= 2 values, each ordered pair / (m - 1). */
function coincidences(m: CodeMatrix): { pairs: Map<number, Map<number, number>>; units: number } {
  const pairs = new Map<number, Map<number, number>>()
  let units = 0
  for (const row of m) {
    const vals = row.filter((v): v is number => v !== null && v !== undefined)
    if (vals.length < 2) continue
    units++
    const w = 1 / (vals.length - 1)
    for (let i = 0; i < vals.length; i++)
      for (let j = 0; j < vals.length; j++) {
        if (i === j) continue
        const r = pairs.get(vals[i]!) ?? new Map<number, number>()
        r.set(vals[j]!, (r.get(vals[j]!) ?? 0) + w)
        pairs.set(vals[i]!, r)
      }
  }
  return { pairs, units }
}

/** Units coded by at least two annotators (the ones alpha and percent agreement count). */
export function pairableUnits(m: CodeMatrix): number {
  return coincidences(m).units
}

/**
 * Krippendorff's alpha for nominal data, any number of annotators, missing values allowed:
 * alpha = 1 - (n - 1) * sum_{c != k} o_ck / sum_{c != k} n_c n_k, over the units with at least two
 * values (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability", section C).
 */
export function krippendorffAlpha(m: CodeMatrix): AgreementStat {
  const { pairs } = coincidences(m)
  const nc = new Map<number, number>()
  let disagree = 0
  for (const [c, row] of pairs)
    for (const [k, o] of row) {
      nc.set(c, (nc.get(c) ?? 0) + o)
      if (c !== k) disagree += o
    }
  const n = [...nc.values()].reduce((s, v) => s + v, 0)
  if (n < 2) return withheld('too_few', 'Alpha needs at least one image decided by two annotators.')
  const totals = [...nc.values()]
  const sum = totals.reduce((s, v) => s + v, 0)
  // sum over c != k of n_c n_k = (sum n_c)^2 - sum n_c^2
  const expected = sum * sum - totals.reduce((s, v) => s + v * v, 0)
  if (expected <= 1e-12)
    return withheld(
      'one_category',
      'Every decision on the shared images is one category: alpha is undefined.'
    )
  return stat(1 - ((n - 1) * disagree) / expected)
}

/**
 * Percent agreement of any number of annotators: of all pairs of values two annotators gave one
 * unit, the share that agree (for two annotators, pairPercent).
 */
export function pairwisePercent(m: CodeMatrix): AgreementStat {
  let agree = 0
  let total = 0
  for (const row of m) {
    const vals = row.filter((v): v is number => v !== null && v !== undefined)
    for (let i = 0; i < vals.length; i++)
      for (let j = i + 1; j < vals.length; j++) {
        total++
        if (vals[i] === vals[j]) agree++
      }
  }
  if (total === 0) return withheld('too_few', 'No image was decided by two annotators.')
  return stat(agree / total)
}

/** One category against the rest: 1 where the value is `code`, 0 for any other, missing stays missing. */
export function oneVsRest(m: CodeMatrix, code: number): CodeMatrix {
  return m.map((row) => row.map((v) => (v === null || v === undefined ? null : v === code ? 1 : 0)))
}
