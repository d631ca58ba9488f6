// PIL's resampling filters and its 8-bit fixed-point coefficient tables (Resample.c: the filter
// functions, precompute_coeffs and normalize_coeffs_8bpc), so a model folder's "resample" value
// gives the same pixels as PIL's Image.resize: openai CLIP uses bicubic (3), MobileCLIP bilinear (2).
import { AppError } from '../../shared/errors'

export const PRECISION_BITS = 32 - 8 - 2

interface Filter {
  name: string
  support: number
  fn: (x: number) => number
}

const sinc = (x: number): number => {
  if (x === 0) return 1
  const p = x * Math.PI
  return Math.sin(p) / p
}

// PIL.Image.Resampling values; 0 (nearest) is not a convolution and no CLIP config uses it
const FILTERS: Record<number, Filter> = {
  1: {
    name: 'lanczos',
    support: 3,
    fn: (x) => (x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0)
  },
  2: {
    name: 'bilinear',
    support: 1,
    fn: (x) => {
      const a = Math.abs(x)
      return a < 1 ? 1 - a : 0
    }
  },
  3: {
    name: 'bicubic',
    support: 2,
    fn: (x) => {
      const a = -0.5
      x = Math.abs(x)
      if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1
      if (x < 2) return (((x - 5) * x + 8) * x - 4) * a
      return 0
    }
  },
  4: { name: 'box', support: 0.5, fn: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  5: {
    name: 'hamming',
    support: 1,
    fn: (x) => {
      x = Math.abs(x)
      if (x === 0) return 1
      if (x >= 1) return 0
      const p = x * Math.PI
      // PIL's constants are C floats
      return (Math.sin(p) / p) * (Math.fround(0.54) + Math.fround(0.46) * Math.cos(p))
    }
  }
}

export const BICUBIC = 3

/** The filter for a preprocessor_config.json "resample" value; anything else is a bad model folder. */
export function resampleFilterName(resample: number): string {
  const f = FILTERS[resample]
  if (!f) {
    throw new AppError(
      'model_invalid',
      `preprocessor_config.json asks for resample ${resample}, which Zebra does not implement (it supports 1 lanczos, 2 bilinear, 3 bicubic, 4 box, 5 hamming).`,
      { remedy: 'choose_model' }
    )
  }
  return f.name
}

export interface Coeffs {
  ksize: number
  /** per output index: first input index and tap count */
  bounds: Int32Array
  /** fixed-point weights, ksize per output index */
  kk: Int32Array
}

/**
 * PIL's precompute_coeffs + normalize_coeffs_8bpc. The box [in0, in1) is the stretch of the input
 * the output covers (PIL's resize(box=...)); by default the whole input. A fractional box maps an
 * intermediate whose last pixel holds only part of the image (a JPEG decoded at 1/s whose size is
 * not a multiple of s) with the image's own geometry.
 */
export function precomputeCoeffs(
  inSize: number,
  outSize: number,
  resample = BICUBIC,
  in0 = 0,
  in1 = inSize
): Coeffs {
  const filter = FILTERS[resample] ?? FILTERS[BICUBIC]
  const scale = (in1 - in0) / outSize
  const filterscale = Math.max(scale, 1)
  const support = filter.support * filterscale
  const ksize = Math.ceil(support) * 2 + 1
  const bounds = new Int32Array(outSize * 2)
  const kk = new Int32Array(outSize * ksize)
  const k = new Float64Array(ksize)
  for (let xx = 0; xx < outSize; xx++) {
    const center = in0 + (xx + 0.5) * scale
    const ss = 1 / filterscale
    const xmin = Math.max(0, Math.trunc(center - support + 0.5))
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin
    let ww = 0
    for (let x = 0; x < xmax; x++) {
      const w = filter.fn((x + xmin - center + 0.5) * ss)
      k[x] = w
      ww += w
    }
    for (let x = 0; x < xmax; x++) {
      const v = ww !== 0 ? k[x] / ww : k[x]
      kk[xx * ksize + x] = Math.trunc(
        v < 0 ? -0.5 + v * (1 << PRECISION_BITS) : 0.5 + v * (1 << PRECISION_BITS)
      )
    }
    bounds[xx * 2] = xmin
    bounds[xx * 2 + 1] = xmax
  }
  return { ksize, bounds, kk }
}

export function clip8(v: number): number {
  if (v >= 1 << (PRECISION_BITS + 8)) return 255
  if (v <= 0) return 0
  return v >> PRECISION_BITS
}
