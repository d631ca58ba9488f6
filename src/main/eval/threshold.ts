// Whether an auto-accept threshold may be suggested at all. On a handful of reviewed images, or on
// images that all carry one label, every threshold "reaches" any precision (13 cats: "≥ 0.00 covers
// 100% at 100%"), which says nothing about the next folder. Then no threshold is suggested, and
// the report says why.
import type { CoveragePoint, ThresholdWithheld } from '../../shared/report'
import { suggestThreshold } from './metrics'

/** fewest reviewed images a suggestion is made on (one mistake then moves precision by 2.5%) */
export const MIN_THRESHOLD_IMAGES = 40

export function thresholdVerdict(
  truth: ArrayLike<number>,
  coverage: CoveragePoint[],
  target: number
): {
  suggestedThreshold: ReturnType<typeof suggestThreshold>
  thresholdWithheld: ThresholdWithheld | null
} {
  const images = truth.length
  const classes = new Set(Array.from(truth)).size
  let withheld: ThresholdWithheld | null = null
  if (images < MIN_THRESHOLD_IMAGES) {
    withheld = {
      reason: 'too_few',
      images,
      classes,
      minImages: MIN_THRESHOLD_IMAGES,
      message: `Too few reviewed images (${images}) to suggest an auto-accept threshold: review at least ${MIN_THRESHOLD_IMAGES}.`
    }
  } else if (classes < 2) {
    withheld = {
      reason: 'single_class',
      images,
      classes,
      minImages: MIN_THRESHOLD_IMAGES,
      message: `All ${images} reviewed images have one label: no auto-accept threshold can be judged until images of other labels are reviewed too.`
    }
  }
  return {
    suggestedThreshold: withheld || images === 0 ? null : suggestThreshold(coverage, target),
    thresholdWithheld: withheld
  }
}
