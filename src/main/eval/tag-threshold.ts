// A tag's auto-accept threshold: the lowest probability at which "present" is right at least
// `target` of the time on the tag's decided images. The same grid (0.00, 0.01, …, 1.00), coverage
// curve and "lowest threshold that reaches the target" rule as the single-label suggestion
// (metrics.ts), so a tag's "p ≥ 0.87" reads like a label's. It is withheld while the tag has too
// few decisions, or only one side of them: then every threshold "reaches" 100% or none can, which
// says nothing about the next image.
import { AppError } from '../../shared/errors'
import { coverageCurve, suggestThreshold } from './metrics'

/** fewest decided images of a tag a threshold is suggested on (one mistake then moves precision 5%) */
export const MIN_TAG_THRESHOLD_DECISIONS = 20

export type TagThreshold =
  | {
      kind: 'ok'
      threshold: number
      precision: number
      /** share of decided images at or above the threshold */
      coverage: number
      /** share of present images at or above the threshold */
      recall: number
    }
  | { kind: 'withheld'; needs: number; reason: string }
  | { kind: 'unreachable'; bestPrecision: number }

export function tagThreshold(
  probs: ArrayLike<number>,
  present: ArrayLike<boolean | 0 | 1>,
  target: number
): TagThreshold {
  const n = probs.length
  if (present.length !== n)
    throw new AppError('invalid_input', `tag threshold: ${n} probabilities but ${present.length} decisions`)
  if (!(target > 0 && target <= 1))
    throw new AppError('invalid_input', `tag threshold: target precision ${target} is not in (0, 1]`)
  if (n < MIN_TAG_THRESHOLD_DECISIONS) {
    const needs = MIN_TAG_THRESHOLD_DECISIONS - n
    return {
      kind: 'withheld',
      needs,
      reason: `Too few decisions on this tag (${n}) to suggest a threshold: decide ${needs} more images.`
    }
  }
  const correct = Array.from(present, Boolean)
  const positives = correct.filter(Boolean).length
  if (positives === 0 || positives === n) {
    const side = positives ? 'absent' : 'present'
    return {
      kind: 'withheld',
      needs: 1,
      reason: `All ${n} decisions on this tag say ${positives ? 'present' : 'absent'}: mark at least one image where it is ${side}.`
    }
  }
  const curve = coverageCurve(probs, correct)
  const best = suggestThreshold(curve, target)
  if (!best) {
    const bestPrecision = Math.max(...curve.filter((p) => p.coverage > 0).map((p) => p.precision))
    return { kind: 'unreachable', bestPrecision }
  }
  // the same tolerance as coverageCurve, so a probability shown as the threshold counts at it
  let hits = 0
  for (let i = 0; i < n; i++) if (correct[i] && probs[i] >= best.threshold - 1e-12) hits++
  return {
    kind: 'ok',
    threshold: best.threshold,
    precision: best.precision,
    coverage: best.coverage,
    recall: hits / positives
  }
}
