// Per-tag calibration (docs/tags.md): p = sigmoid(a · s + b), SigLIP's form, fitted on the tag's
// present/absent decisions once it has enough of each. Before that the tag reads its cold start,
// sigmoid(scale · s + bias).
//
// The fit is a maximum a posteriori logistic regression in (a, b) by Newton's method with a
// backtracking line search (the objective is strictly convex, so it converges from the cold start
// in a handful of steps). A weak Gaussian prior centred on the cold start keeps it finite where
// plain maximum likelihood is not: with few decisions, or when the tag's decisions are perfectly
// separated by s, the likelihood keeps improving as a → ∞. Its widths are loose on purpose:
// σ_a = scale (a may halve or double within one σ) and σ_b = 4 logits, so a few dozen decisions
// outweigh it. A fit with a ≤ 0 would reverse the order of images by s; that can only mean the
// tag's prompts point the wrong way, which calibration cannot mend, so it stays at the cold start.
import { AppError } from '../../shared/errors'
import { sigmoid, softplus } from '../math/sigmoid'
import { coldStartProb } from '../clip/tag-scores'

/** decisions of each side a tag needs before it is calibrated */
export const MIN_TAG_DECISIONS_EACH_SIDE = 5

/** prior width of b, in logits */
const PRIOR_SD_B = 4
const MAX_STEPS = 100

export type TagCalibration =
  | { kind: 'calibrated'; a: number; b: number; present: number; absent: number }
  | {
      kind: 'coldstart'
      present: number
      absent: number
      /** more decisions needed on each side before a fit is tried (0 and 0: see `reversed`) */
      needs: { present: number; absent: number }
      /** the fit had a ≤ 0: the decisions run against the tag's prompts */
      reversed?: true
    }

export interface TagCalibrationOptions {
  /** the model's logit scale: the cold start's slope and the prior's centre for a */
  scale: number
  /** the cold start's bias (SigLIP's learned bias; 0 for CLIP) */
  bias?: number
  /** decisions needed on each side (default MIN_TAG_DECISIONS_EACH_SIDE) */
  min?: number
  /** prior widths (default σ_a = scale, σ_b = 4) */
  priorSd?: { a?: number; b?: number }
}

/** Fits p = sigmoid(a · s + b) to one tag's decisions: s[i] its score, present[i] the decision. */
export function fitTagCalibration(
  s: ArrayLike<number>,
  present: ArrayLike<boolean | 0 | 1>,
  opts: TagCalibrationOptions
): TagCalibration {
  const n = s.length
  if (present.length !== n)
    throw new AppError('invalid_input', `tag calibration: ${n} scores but ${present.length} decisions`)
  const { scale } = opts
  const bias = opts.bias ?? 0
  if (!(scale > 0 && Number.isFinite(scale)) || !Number.isFinite(bias))
    throw new AppError(
      'invalid_input',
      `tag calibration: scale ${scale} and bias ${bias} must be finite, scale > 0`
    )
  const y = new Float64Array(n)
  let pos = 0
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(s[i]))
      throw new AppError('invalid_input', `tag calibration: score ${i} is not finite`)
    if (present[i]) {
      y[i] = 1
      pos++
    }
  }
  const counts = { present: pos, absent: n - pos }
  const min = opts.min ?? MIN_TAG_DECISIONS_EACH_SIDE
  const needs = { present: Math.max(0, min - pos), absent: Math.max(0, min - (n - pos)) }
  if (needs.present || needs.absent) return { kind: 'coldstart', ...counts, needs }

  const pa = 1 / (opts.priorSd?.a ?? scale) ** 2 // prior precisions
  const pb = 1 / (opts.priorSd?.b ?? PRIOR_SD_B) ** 2
  const loss = (a: number, b: number): number => {
    let l = 0.5 * pa * (a - scale) ** 2 + 0.5 * pb * (b - bias) ** 2
    for (let i = 0; i < n; i++) {
      const z = a * s[i] + b
      l += softplus(z) - y[i] * z
    }
    return l
  }
  let a = scale
  let b = bias
  let f = loss(a, b)
  for (let step = 0; step < MAX_STEPS; step++) {
    // gradient and Hessian of the negative log posterior
    let ga = pa * (a - scale)
    let gb = pb * (b - bias)
    let haa = pa
    let hab = 0
    let hbb = pb
    for (let i = 0; i < n; i++) {
      const p = sigmoid(a * s[i] + b)
      const r = p - y[i]
      const w = p * (1 - p)
      ga += r * s[i]
      gb += r
      haa += w * s[i] * s[i]
      hab += w * s[i]
      hbb += w
    }
    const det = haa * hbb - hab * hab
    const da = -(hbb * ga - hab * gb) / det
    const db = -(haa * gb - hab * ga) / det
    const slope = ga * da + gb * db // < 0: the Hessian is positive definite
    let t = 1
    let next = loss(a + da, b + db)
    while (next > f + 1e-4 * t * slope && t > 1e-10) {
      t /= 2
      next = loss(a + t * da, b + t * db)
    }
    a += t * da
    b += t * db
    const moved = Math.abs(t * da) / Math.max(1, Math.abs(a)) + Math.abs(t * db)
    f = next
    if (moved < 1e-12 || -slope < 1e-14) break
  }
  if (!(a > 0) || !Number.isFinite(b))
    return { kind: 'coldstart', ...counts, needs: { present: 0, absent: 0 }, reversed: true }
  return { kind: 'calibrated', a, b, ...counts }
}

/** A tag's probability for score s: calibrated when it is, else the cold start. */
export function tagProb(cal: TagCalibration, s: number, scale: number, bias = 0): number {
  return cal.kind === 'calibrated' ? sigmoid(cal.a * s + cal.b) : coldStartProb(s, scale, bias)
}

/**
 * The logit under tagProb's sigmoid. Rankings are better taken on it: far from 0.5 many
 * probabilities round to the same double (1 − 1e-17 is 1), and ties there would change an AP.
 */
export function tagLogit(cal: TagCalibration, s: number, scale: number, bias = 0): number {
  return cal.kind === 'calibrated' ? cal.a * s + cal.b : scale * s + bias
}
