import { describe, expect, it } from 'vitest'
import { parsePreprocess } from './model-folder'
import { precomputeCoeffs } from './resample'

// Xenova/mobileclip_s0's preprocessor_config.json as published
const MOBILECLIP = {
  crop_size: { height: 256, width: 256 },
  do_center_crop: true,
  do_convert_rgb: true,
  do_normalize: false,
  do_rescale: true,
  do_resize: true,
  feature_extractor_type: 'CLIPFeatureExtractor',
  image_processor_type: 'CLIPFeatureExtractor',
  resample: 2,
  rescale_factor: 0.00392156862745098,
  size: { shortest_edge: 256 }
}

describe('parsePreprocess reads what the folder says', () => {
  it("takes MobileCLIP's 256 px, bilinear, no normalisation (not openai's mean/std)", () => {
    expect(parsePreprocess(MOBILECLIP, 224)).toEqual({
      shortestEdge: 256,
      cropSize: 256,
      mean: [0, 0, 0],
      std: [1, 1, 1],
      rescaleFactor: 0.00392156862745098,
      resample: 2
    })
  })

  it('takes 336 px and the old number form of size and crop_size', () => {
    const p = parsePreprocess({ size: 336, crop_size: 336, do_normalize: true }, 224)
    expect(p).toMatchObject({ shortestEdge: 336, cropSize: 336, resample: 3 })
    expect(p.mean[0]).toBeCloseTo(0.48145466, 8)
  })

  it('honours do_rescale false, an exact height x width and do_center_crop false', () => {
    expect(parsePreprocess({ ...MOBILECLIP, do_rescale: false }, 224).rescaleFactor).toBe(1)
    const exact = parsePreprocess({ size: { height: 384, width: 384 }, do_center_crop: false }, 224)
    expect(exact).toMatchObject({ resizeTo: { width: 384, height: 384 }, cropSize: 384 })
    expect(
      parsePreprocess({ ...MOBILECLIP, do_center_crop: false, size: { shortest_edge: 288 } }, 224).cropSize
    ).toBe(288)
  })

  it('falls back to the vision config image size only when there is no size at all', () => {
    expect(parsePreprocess({}, 336)).toMatchObject({ shortestEdge: 336, cropSize: 336 })
  })

  it('rejects what it cannot do, saying what it can', () => {
    expect(() => parsePreprocess({ ...MOBILECLIP, resample: 0 }, 224)).toThrow(
      /resample 0.*2 bilinear, 3 bicubic/
    )
    expect(() => parsePreprocess({ size: { height: 224, width: 320 }, do_center_crop: false }, 224)).toThrow(
      /320 x 224 without a square crop/
    )
  })
})

describe("PIL's filter tables", () => {
  it('uses each filter with its own support (bilinear 1, bicubic 2), normalised to 1.0 in fixed point', () => {
    // 4 -> 2: bilinear reads 4 taps per output (support 1 x scale 2), bicubic 8 (clamped at the edges)
    const bl = precomputeCoeffs(4, 2, 2)
    const bc = precomputeCoeffs(4, 2, 3)
    expect(bl.ksize).toBe(5)
    expect(bc.ksize).toBe(9)
    expect(Array.from(bl.bounds)).toEqual([0, 3, 1, 3])
    const one = 1 << 22
    for (const c of [bl, bc])
      for (let o = 0; o < 2; o++) {
        let s = 0
        for (let t = 0; t < c.bounds[o * 2 + 1]; t++) s += c.kk[o * c.ksize + t]
        expect(Math.abs(s - one)).toBeLessThanOrEqual(2)
      }
  })
})
