import { describe, expect, it } from 'vitest'
import { dctRequest, resizedSize } from './preprocess'
import { decodesWhole, jpegShrinkOnLoad, pictureExtent } from './shrink-on-load'

describe("sharp's JPEG shrink-on-load", () => {
  it('leaves at least 2x for the reduce when fastShrinkOnLoad is false', () => {
    // the 'large' path: 224 px from the short side
    expect(jpegShrinkOnLoad(1194, 895, 298, 224, false)).toBe(1)
    expect(jpegShrinkOnLoad(1195, 896, 298, 224, false)).toBe(2)
    expect(jpegShrinkOnLoad(2389, 1791, 298, 224, false)).toBe(2)
    expect(jpegShrinkOnLoad(2390, 1792, 298, 224, false)).toBe(4)
    expect(jpegShrinkOnLoad(4779, 3584, 298, 224, false)).toBe(8)
  })

  it('halves a scale equal to the whole part of the shrink when fastShrinkOnLoad is true', () => {
    expect(jpegShrinkOnLoad(1344, 1008, 597, 448, true)).toBe(1) // 2.25: not 2
    expect(jpegShrinkOnLoad(1793, 1344, 597, 448, true)).toBe(2) // 3.0
    expect(jpegShrinkOnLoad(2688, 2016, 597, 448, true)).toBe(2) // 4.5: not 4
    expect(jpegShrinkOnLoad(2987, 2240, 597, 448, true)).toBe(4) // 5.0
    expect(jpegShrinkOnLoad(5376, 4032, 597, 448, true)).toBe(8) // 9.0
    // the smaller of the two shrinks counts
    expect(jpegShrinkOnLoad(4000, 3000, 2000, 300, true)).toBe(1)
  })

  it('agrees with the sizes dctRequest asks for: each decodes at the scale it names', () => {
    for (const short of [896, 1000, 1343, 1344, 1791, 1792, 2239, 2240, 3583, 3584, 4031, 4032, 6000]) {
      const d = dctRequest(short, 224)!
      const to = resizedSize(Math.round(short * 1.33), short, d.shortSide)
      expect(jpegShrinkOnLoad(Math.round(short * 1.33), short, to.width, to.height, true), `${short}`).toBe(
        d.scale
      )
    }
  })
})

describe('the picture in a resize of a JPEG decoded at 1/s', () => {
  it('is the whole output when the sides are multiples of s', () => {
    expect(decodesWhole(1280, 960, 2)).toBe(true)
    expect(decodesWhole(4000, 3000, 8)).toBe(true)
    expect(decodesWhole(1195, 896, 2)).toBe(false)
    expect(decodesWhole(2390, 1792, 4)).toBe(false)
    expect(pictureExtent(1280, 960, 298, 224, 2)).toEqual({
      width: 1280,
      height: 960,
      x0: 0,
      x1: 298,
      y0: 0,
      y1: 224
    })
    expect(pictureExtent(1195, 896, 298, 224, 1)).toEqual({
      width: 1195,
      height: 896,
      x0: 0,
      x1: 298,
      y0: 0,
      y1: 224
    })
  })

  it('runs past the end of an axis whose last pixel the decode cut off', () => {
    // 1195 / 2: libvips keeps 597 pixels, which show 1194 of the 1195 source pixels
    const e = pictureExtent(1195, 896, 298, 224, 2)
    expect(e.x0).toBe(0)
    expect(e.x1).toBeCloseTo((298 * 1195) / 1194, 12)
    expect([e.y0, e.y1]).toEqual([0, 224])
  })

  it('runs before the start where the EXIF orientation turned the cut edge to the start', () => {
    // displayed 1195 x 901 with both sides cut at 1/2
    const at = (o: number): boolean[] => {
      const e = pictureExtent(1195, 901, 400, 300, 2, o)
      return [e.x0 < 0, e.x1 > 400, e.y0 < 0, e.y1 > 300]
    }
    expect(at(1)).toEqual([false, true, false, true])
    expect(at(2)).toEqual([true, false, false, true]) // mirrored left-right
    expect(at(3)).toEqual([true, false, true, false]) // turned 180
    expect(at(4)).toEqual([false, true, true, false]) // mirrored top-bottom
    expect(at(5)).toEqual([false, true, false, true]) // transposed
    expect(at(6)).toEqual([true, false, false, true]) // turned 90 clockwise
    expect(at(7)).toEqual([true, false, true, false]) // transversed
    expect(at(8)).toEqual([false, true, true, false]) // turned 90 anticlockwise
    // the picture's span is the same either way
    const a = pictureExtent(1195, 901, 400, 300, 2, 1)
    const b = pictureExtent(1195, 901, 400, 300, 2, 7)
    expect(b.x1 - b.x0).toBeCloseTo(a.x1 - a.x0, 12)
    expect(b.y1 - b.y0).toBeCloseTo(a.y1 - a.y0, 12)
  })
})
