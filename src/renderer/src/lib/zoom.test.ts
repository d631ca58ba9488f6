import { describe, expect, it } from 'vitest'
import { clampPan, fitScale, scaleOf, zoomLabel, zoomStep, ZOOM_MAX, ZOOM_MIN } from './zoom'

describe('zoom', () => {
  it('fit fills the stage: a small image is enlarged (at most 8x), a large one shrinks', () => {
    expect(fitScale({ w: 116, h: 96 }, { w: 800, h: 600 })).toBe(6.25)
    expect(fitScale({ w: 31, h: 17 }, { w: 800, h: 600 })).toBe(8)
    expect(fitScale({ w: 800, h: 300 }, { w: 800, h: 600 })).toBe(1)
    expect(fitScale({ w: 1600, h: 600 }, { w: 800, h: 600 })).toBe(0.5)
    expect(fitScale({ w: 400, h: 1200 }, { w: 800, h: 600 })).toBe(0.5)
    expect(scaleOf(2, { w: 31, h: 17 }, { w: 800, h: 600 })).toBe(2)
  })
  it('steps multiply and stay inside the limits', () => {
    expect(zoomStep(1, 'in')).toBe(1.25)
    expect(zoomStep(1.25, 'out')).toBe(1)
    expect(zoomStep(ZOOM_MAX, 'in')).toBe(ZOOM_MAX)
    expect(zoomStep(ZOOM_MIN, 'out')).toBe(ZOOM_MIN)
    expect(zoomLabel(1.25)).toBe('125%')
  })
  it('pan keeps part of the image on the stage', () => {
    const stage = { w: 800, h: 600 }
    // 1000 px wide shown at 1: may move (1000-800)/2 + 800/4 = 300 px either way
    expect(clampPan({ x: 5000, y: -5000 }, { w: 1000, h: 600 }, 1, stage)).toEqual({ x: 300, y: -150 })
    expect(clampPan({ x: 10, y: 0 }, { w: 1000, h: 600 }, 1, stage)).toEqual({ x: 10, y: 0 })
  })
})
