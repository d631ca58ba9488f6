// No auto-accept threshold is suggested on a sample too small or of one label only, whatever the
// curve says; on enough images of several labels the curve's first point reaching the target is.
import { describe, expect, it } from 'vitest'
import { coverageCurve } from './metrics'
import { MIN_THRESHOLD_IMAGES, thresholdVerdict } from './threshold'

/** n images: confident and right for the first `right`, unsure and wrong for the rest */
function curve(n: number, right: number): ReturnType<typeof coverageCurve> {
  const conf = Float32Array.from({ length: n }, (_, i) => (i < right ? 0.9 : 0.3))
  return coverageCurve(
    conf,
    Array.from({ length: n }, (_, i) => i < right)
  )
}

describe('threshold honesty', () => {
  it('13 reviewed images of one class: no threshold, and the report says the sample is too small', () => {
    const v = thresholdVerdict(new Array(13).fill(0), curve(13, 13), 0.95)
    // the curve alone would claim "≥ 0.00 covers 100% at 100%"
    expect(curve(13, 13)[0]).toMatchObject({ threshold: 0, coverage: 1, precision: 1 })
    expect(v.suggestedThreshold).toBeNull()
    expect(v.thresholdWithheld).toMatchObject({ reason: 'too_few', images: 13, classes: 1 })
    expect(v.thresholdWithheld?.message).toMatch(/Too few reviewed images \(13\)/)
  })

  it('many images of one label: no threshold, because only one label was seen', () => {
    const n = MIN_THRESHOLD_IMAGES + 20
    const v = thresholdVerdict(new Array(n).fill(3), curve(n, n), 0.95)
    expect(v.suggestedThreshold).toBeNull()
    expect(v.thresholdWithheld).toMatchObject({ reason: 'single_class', images: n, classes: 1 })
    expect(v.thresholdWithheld?.message).toMatch(/one label/)
  })

  it('enough images of several labels: the suggestion stands', () => {
    const n = MIN_THRESHOLD_IMAGES * 2
    const v = thresholdVerdict(
      Array.from({ length: n }, (_, i) => i % 3),
      curve(n, n - 10),
      0.95
    )
    expect(v.thresholdWithheld).toBeNull()
    expect(v.suggestedThreshold).not.toBeNull()
    expect(v.suggestedThreshold!.precision).toBeGreaterThanOrEqual(0.95)
    expect(v.suggestedThreshold!.threshold).toBeGreaterThan(0.3)
  })
})
