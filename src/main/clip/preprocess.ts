// Image -> CLIP pixel values, matching openai CLIP's PIL/torchvision preprocessing with the numbers
// of the model's preprocessor_config.json (model-folder.ts parses it):
//   EXIF transpose, convert('RGB') (alpha dropped, not composited), resize the shortest side to
//   `size` (224 for ViT-B, 336 for ViT-L/14@336, 256 for MobileCLIP-S) with PIL's filter of its
//   "resample" (bicubic for openai CLIP, bilinear for MobileCLIP; long side int()-truncated), or to
//   an exact height x width; centre crop with Python's round(); x rescale_factor; mean/std (0/1 when
//   do_normalize is false, as for MobileCLIP).
// sharp decodes (any format libvips reads) and applies EXIF orientation; the resize is PIL's
// ImagingResample re-implemented (fixed-point 8-bit, two passes) because libvips' cubic differs
// from PIL's enough to move the embeddings: in WebAssembly SIMD (resample.wat via resample-simd.ts)
// where the runtime has it, with the JS loops below as the bit-identical reference. Only the pixels
// inside the crop are computed; the result is normalised into the caller's float32 CHW buffer.
import { basename } from 'node:path'
import sharp from 'sharp'
import { AppError } from '../../shared/errors'
import { imageHeader, readImageFile, type ImageBytes } from './image-file'
import type { PreprocessConfig } from './model-folder'
import { clip8, PRECISION_BITS, precomputeCoeffs } from './resample'
import { resampleCropSimd, SIMD_RESAMPLE } from './resample-simd'
import { decodesWhole, jpegShrinkOnLoad, pictureExtent, type PictureExtent } from './shrink-on-load'

export interface RgbImage {
  /** HWC, 3 bytes per pixel */
  data: Uint8Array
  width: number
  height: number
  /** a pre-shrunk image: the full image's size and where this image shows it (shrink-on-load.ts) */
  source?: PictureExtent
}

/**
 * Shortcuts for big images, chosen by ZEBRA_PRESHRINK. Under 4 x the target short side
 * (896 px for CLIP at 224) every mode but 'vips' decodes at full size and resizes with PIL's exact
 * filter (WebAssembly, resample-simd.ts): that is what the parity tests check against PIL, and
 * there no shortcut saves much (a JPEG cannot be decoded at 1/2 and keep 2 x the target).
 *  - 'large' (default): bigger images are resized by libvips: a JPEG decoded in the DCT domain at
 *    1/2, 1/4 or 1/8 (the smallest scale still >= 2 x the target), a cubic reduce to the resized
 *    size (vipsResize); JS crops and normalises. Closer to the exact path than 'dct' on photos and
 *    ~25% cheaper on them (README, "Preprocessing fidelity"). A JPEG whose sides are not multiples
 *    of that scale takes 'dct' instead: the decode cuts off part of its last pixel, which libvips'
 *    reduce would stretch over the image (shrink-on-load.ts).
 *  - 'dct': big JPEGs decoded at 1/s, a lanczos3 step to >= 1.33 x, then PIL's exact bicubic of the
 *    stretch that shows the picture (sharp only decodes at 1/s when its resize target is at least
 *    s+1 times smaller: pipeline.cc halves the shrink when int(factor) == s); other formats past
 *    4 x the target take 'lanczos'.
 *  - 'lanczos': a lanczos3 pre-shrink to 2 x the resized size, then PIL's exact bicubic.
 *  - 'vips': the libvips path for every image, small ones too.
 *  - 'off' / '0': nothing: full-size decode and PIL's exact filter for every image.
 */
export type PreshrinkMode = 'large' | 'dct' | 'lanczos' | 'off' | 'vips'
export const PRESHRINK = ((): PreshrinkMode => {
  const v = process.env.ZEBRA_PRESHRINK
  if (v === 'vips' || v === 'dct') return v
  return v === '0' || v === 'off' ? 'off' : v === 'lanczos' || v === '2' ? 'lanczos' : 'large'
})()
const PRESHRINK_FACTOR = 2

/** Short side to ask sharp for so that it decodes a JPEG at 1/s in the DCT domain (null: no gain). */
export function dctRequest(shortSide: number, target: number): { scale: number; shortSide: number } | null {
  for (const s of [8, 4, 2]) {
    if (shortSide / s < 2 * target) continue
    // 2 x target (the lanczos pre-shrink's own size, exact geometry) when sharp still decodes at 1/s
    const pre = PRESHRINK_FACTOR * target
    return { scale: s, shortSide: shortSide / pre >= s + 1 ? pre : Math.floor(shortSide / (s + 1)) }
  }
  return null
}

function unreadable(file: string, reason: string): AppError {
  const missing = /Input file is missing/i.test(reason)
  return new AppError(
    missing ? 'not_found' : 'image_unreadable',
    missing ? `${basename(file)}: file not found` : `${basename(file)}: cannot read image (${reason})`,
    { file, reason }
  )
}

/**
 * Decodes to 8-bit RGB with EXIF orientation applied. With a target short side, 'dct' and
 * 'lanczos' first reduce images past twice the pre-shrunk size with sharp (the result's `source`
 * says which stretch of it shows the whole picture), which keeps decoding and the exact resize
 * cheap; up to that size the result is PIL's exactly.
 */
export async function decodeRgb(
  file: string | Buffer,
  targetShortSide?: number,
  mode: PreshrinkMode = PRESHRINK,
  /** the file a buffer came from, for messages */
  from?: string
): Promise<RgbImage> {
  const name = typeof file === 'string' ? file : (from ?? '(buffer)')
  // one read of the file for the header and the pixels
  const src = await bytesOf(file)
  try {
    const input = src.bytes
    // failOn 'truncated': a cut-off file is an error (as in PIL); harmless libjpeg warnings are not
    const img = sharp(input, { failOn: 'truncated' }).rotate()
    // a pre-shrink: the image's size and how sharp decodes it, for where the result shows it
    let pre: { w: number; h: number; shrink: number; orientation?: number } | null = null
    if (targetShortSide && mode !== 'off') {
      const meta = await imageHeader(input, { failOn: 'truncated' })
      const { width: w = 0, height: h = 0 } = meta
      const dct =
        mode === 'dct' && meta.format === 'jpeg' ? dctRequest(Math.min(w, h), targetShortSide) : null
      // lanczos only when it saves real work: past twice the pre-shrunk size
      const r = resizedSize(w, h, targetShortSide)
      const to = dct
        ? resizedSize(w, h, dct.shortSide)
        : Math.min(w, h) > 2 * PRESHRINK_FACTOR * targetShortSide
          ? { width: PRESHRINK_FACTOR * r.width, height: PRESHRINK_FACTOR * r.height }
          : null
      if (to) {
        img.resize({ ...to, fit: 'fill', kernel: 'lanczos3' })
        const shrink = meta.format === 'jpeg' ? jpegShrinkOnLoad(w, h, to.width, to.height, true) : 1
        pre = { w, h, shrink, orientation: meta.orientation }
      }
    }
    const { data, info } = await img
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels after conversion`)
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
      // the resize to the model's size then maps the whole picture, not only what the decode kept
      ...(pre
        ? { source: pictureExtent(pre.w, pre.h, info.width, info.height, pre.shrink, pre.orientation) }
        : {})
    }
  } catch (err) {
    throw readFailure(name, err)
  } finally {
    src.release()
  }
}

const readFailure = (name: string, err: unknown): AppError =>
  err instanceof AppError
    ? err
    : (err as NodeJS.ErrnoException).code === 'ENOENT'
      ? unreadable(name, 'Input file is missing')
      : unreadable(name, (err as Error).message)

/** A file read (pooled on worker threads: image-file.ts), or bytes already in memory. */
async function bytesOf(file: string | Buffer): Promise<ImageBytes> {
  if (typeof file !== 'string') return { bytes: file, release: () => {} }
  try {
    return await readImageFile(file)
  } catch (err) {
    throw readFailure(file, err)
  }
}

/** Python's round(): halves go to the even neighbour. */
export function pyRound(x: number): number {
  const r = Math.round(x)
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/** torchvision Resize(int) on a PIL image: shortest side to `size`, the other int()-truncated. */
export function resizedSize(width: number, height: number, size: number): { width: number; height: number } {
  if ((width <= height && width === size) || (height <= width && height === size)) return { width, height }
  return width < height
    ? { width: size, height: Math.trunc((size * height) / width) }
    : { width: Math.trunc((size * width) / height), height: size }
}

/** per channel: byte value -> normalised float, so the last pass is one table lookup per value */
function normLut(cfg: PreprocessConfig): Float32Array[] {
  return [0, 1, 2].map((c) => {
    const lut = new Float32Array(256)
    for (let v = 0; v < 256; v++) lut[v] = (v * cfg.rescaleFactor - cfg.mean[c]) / cfg.std[c]
    return lut
  })
}

/**
 * Resize (PIL filter of cfg.resample) + centre crop + normalise one RGB image into `out` at `offset` as float32
 * CHW of cropSize x cropSize. Writes 3*cropSize^2 values.
 */
export function resizeCropNormalize(
  img: RgbImage,
  cfg: PreprocessConfig,
  out: Float32Array,
  offset = 0,
  /** false: the JS loops (the reference the WebAssembly path is tested against) */
  useSimd = SIMD_RESAMPLE
): void {
  const crop = cfg.cropSize
  const sx = img.source
  const { width: rw, height: rh } =
    cfg.resizeTo ?? resizedSize(sx?.width ?? img.width, sx?.height ?? img.height, cfg.shortestEdge)
  // torchvision center_crop; a resized side smaller than the crop would need padding (never for CLIP
  // configs, where crop <= shortest edge), which we do with edge-clamping for robustness
  const left = pyRound((rw - crop) / 2)
  const top = pyRound((rh - crop) / 2)
  const lut = normLut(cfg)
  const plane = crop * crop
  if (out.length < offset + 3 * plane) throw new RangeError('output buffer too small for the crop')

  const src = img.data
  const [x0, x1, y0, y1] = sx ? [sx.x0, sx.x1, sx.y0, sx.y1] : [0, img.width, 0, img.height]
  const needH = rw !== img.width || x0 !== 0 || x1 !== img.width
  const needV = rh !== img.height || y0 !== 0 || y1 !== img.height
  const h = needH ? precomputeCoeffs(img.width, rw, cfg.resample, x0, x1) : null
  const v = needV ? precomputeCoeffs(img.height, rh, cfg.resample, y0, y1) : null

  // Source rows the vertical pass reads for the cropped output rows.
  const rowOf = (yy: number): number => Math.min(Math.max(yy, 0), rh - 1)
  let yFirst: number
  let yLast: number
  if (v) {
    yFirst = v.bounds[rowOf(top) * 2]
    const lastRow = rowOf(top + crop - 1)
    yLast = v.bounds[lastRow * 2] + v.bounds[lastRow * 2 + 1]
  } else {
    yFirst = rowOf(top)
    yLast = rowOf(top + crop - 1) + 1
  }

  // both passes and the normalisation in WebAssembly (the same floats as the loops below)
  if (
    useSimd &&
    resampleCropSimd(
      { src, srcWidth: img.width, rw, rh, left, top, crop, h, v, yFirst, yLast },
      lut,
      out,
      offset
    )
  )
    return
  const [l0, l1, l2] = lut

  // Horizontal pass over the needed rows and cropped columns only: temp is HWC u8, crop wide.
  const tRows = yLast - yFirst
  const temp = new Uint8Array(tRows * crop * 3)
  const half = 1 << (PRECISION_BITS - 1)
  for (let ty = 0; ty < tRows; ty++) {
    const srcRow = (yFirst + ty) * img.width * 3
    const dstRow = ty * crop * 3
    for (let cx = 0; cx < crop; cx++) {
      const xx = Math.min(Math.max(left + cx, 0), rw - 1)
      const d = dstRow + cx * 3
      if (!h) {
        const s = srcRow + xx * 3
        temp[d] = src[s]
        temp[d + 1] = src[s + 1]
        temp[d + 2] = src[s + 2]
        continue
      }
      const xmin = h.bounds[xx * 2]
      const n = h.bounds[xx * 2 + 1]
      const kOff = xx * h.ksize
      let s0 = half
      let s1 = half
      let s2 = half
      for (let x = 0; x < n; x++) {
        const w = h.kk[kOff + x]
        const s = srcRow + (xmin + x) * 3
        s0 += src[s] * w
        s1 += src[s + 1] * w
        s2 += src[s + 2] * w
      }
      temp[d] = clip8(s0)
      temp[d + 1] = clip8(s1)
      temp[d + 2] = clip8(s2)
    }
  }

  // Vertical pass, fused with normalisation and the HWC -> CHW transpose.
  for (let cy = 0; cy < crop; cy++) {
    const yy = rowOf(top + cy)
    const o = offset + cy * crop
    if (!v) {
      const r = (yy - yFirst) * crop * 3
      for (let cx = 0; cx < crop; cx++) {
        const t = r + cx * 3
        out[o + cx] = l0[temp[t]]
        out[o + plane + cx] = l1[temp[t + 1]]
        out[o + 2 * plane + cx] = l2[temp[t + 2]]
      }
      continue
    }
    const ymin = v.bounds[yy * 2] - yFirst
    const n = v.bounds[yy * 2 + 1]
    const kOff = yy * v.ksize
    for (let cx = 0; cx < crop; cx++) {
      let s0 = half
      let s1 = half
      let s2 = half
      for (let y = 0; y < n; y++) {
        const w = v.kk[kOff + y]
        const t = ((ymin + y) * crop + cx) * 3
        s0 += temp[t] * w
        s1 += temp[t + 1] * w
        s2 += temp[t + 2] * w
      }
      out[o + cx] = l0[clip8(s0)]
      out[o + plane + cx] = l1[clip8(s1)]
      out[o + 2 * plane + cx] = l2[clip8(s2)]
    }
  }
}

/**
 * Decode + preprocess one image. Writes into `out` at `offset` when given (batches need no copies),
 * otherwise returns a new Float32Array(3*crop*crop). Throws AppError('image_unreadable' | 'not_found').
 */
export async function preprocessImage(
  file: string | Buffer,
  cfg: PreprocessConfig,
  out?: Float32Array,
  offset = 0,
  mode: PreshrinkMode = PRESHRINK
): Promise<Float32Array> {
  const target = out ?? new Float32Array(3 * cfg.cropSize * cfg.cropSize)
  const at = out ? offset : 0
  const from = typeof file === 'string' ? file : undefined
  // the pre-shrink shortcuts keep the shortest-side geometry; an exact-size resize takes the full decode
  const exact = cfg.resizeTo !== undefined
  const src = await bytesOf(file)
  try {
    if ((mode === 'vips' || mode === 'large') && !exact) {
      const min = mode === 'large' ? 2 * PRESHRINK_FACTOR * cfg.shortestEdge : 0
      const resized = await vipsResize(src.bytes, from, cfg, min)
      if (typeof resized !== 'string') {
        // the crop, or the resized image to crop here (an identity resample)
        const side = Math.min(resized.width, resized.height)
        resizeCropNormalize(resized, { ...cfg, shortestEdge: side }, target, at)
      } else {
        // under the threshold: the exact path, on the bytes already read (no pre-shrink to do); a
        // JPEG that libvips would stretch: the 'dct' shortcut, which keeps its geometry
        const to = resized === 'dct' ? cfg.shortestEdge : undefined
        resizeCropNormalize(await decodeRgb(src.bytes, to, resized, from), cfg, target, at)
      }
      return target
    }
    const img = await decodeRgb(src.bytes, exact ? undefined : cfg.shortestEdge, mode, from)
    resizeCropNormalize(img, cfg, target, at)
    return target
  } finally {
    src.release()
  }
}

/**
 * libvips does the resize (DCT shrink-on-load to the smallest scale >= 2 x the target, Catmull-Rom
 * cubic reduce to the resized size) and the centre crop, with the same offsets; JS normalises. Not
 * PIL's resampler: fidelity in README. Otherwise the mode to take instead: 'off' when the crop
 * would need padding or the short side is under `min`; 'dct' for a JPEG whose decode at 1/s would
 * cut off part of a pixel, which libvips' reduce would stretch over the image (shrink-on-load.ts).
 */
async function vipsResize(
  input: Buffer,
  from: string | undefined,
  cfg: PreprocessConfig,
  min: number
): Promise<RgbImage | 'off' | 'dct'> {
  try {
    const head = await imageHeader(input, { failOn: 'truncated' })
    const { width: w = 0, height: h = 0, format, orientation = 1 } = head
    const r = resizedSize(w, h, cfg.shortestEdge)
    const c = cfg.cropSize
    if (r.width < c || r.height < c || Math.min(w, h) < min) return 'off'
    const shrink = format === 'jpeg' ? jpegShrinkOnLoad(w, h, r.width, r.height, false) : 1
    if (!decodesWhole(w, h, shrink)) return 'dct'
    const img = sharp(input, { failOn: 'truncated' })
      .rotate()
      // fastShrinkOnLoad false: sharp leaves at least 2x for the cubic step after the DCT shrink
      .resize({
        width: r.width,
        height: r.height,
        fit: 'fill',
        kernel: cfg.resample === 2 ? 'linear' : 'cubic',
        fastShrinkOnLoad: false
      })
    // an extract() makes sharp turn an EXIF-rotated image before the resize, which rules out
    // shrink-on-load (a full-size decode: 4x the cost of a 12 MP phone photo); those are cropped in JS
    if (orientation < 2 || orientation > 8)
      img.extract({ left: pyRound((r.width - c) / 2), top: pyRound((r.height - c) / 2), width: c, height: c })
    const { data, info } = await img
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
    if (info.channels !== 3) throw new Error(`unexpected ${info.channels} channels after conversion`)
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height
    }
  } catch (err) {
    throw readFailure(from ?? '(buffer)', err)
  }
}
