import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { loadModelFolder } from './model-folder'
import {
  dctRequest,
  decodeRgb,
  preprocessImage,
  PRESHRINK,
  pyRound,
  resizeCropNormalize,
  resizedSize
} from './preprocess'
import { TINY_CLIP_DIR, SAMPLES_DIR, readF32, referenceImageNames } from './test-fixtures'

const PIXELS = 3 * 224 * 224

describe('preprocessing parity with openai CLIP (reference/pixel_values.f32)', () => {
  it('stays within 0.02 mean absolute difference on every fixture image', async () => {
    const { preprocess } = await loadModelFolder(TINY_CLIP_DIR)
    const ref = readF32('pixel_values.f32')
    const names = referenceImageNames()
    expect(names).toEqual([...names].sort())
    expect(ref.length).toBe(names.length * PIXELS)
    // one batch buffer, each image written at its offset
    const batch = new Float32Array(names.length * PIXELS)
    await Promise.all(
      names.map((n, i) => preprocessImage(join(SAMPLES_DIR, n), preprocess, batch, i * PIXELS))
    )
    const rows: { image: string; meanAbs: number; maxAbs: number }[] = []
    names.forEach((image, i) => {
      let sum = 0
      let max = 0
      for (let j = 0; j < PIXELS; j++) {
        const d = Math.abs(batch[i * PIXELS + j] - ref[i * PIXELS + j])
        sum += d
        max = Math.max(max, d)
      }
      rows.push({ image, meanAbs: sum / PIXELS, maxAbs: max })
    })
    console.table(rows)
    for (const r of rows) expect(r.meanAbs, r.image).toBeLessThanOrEqual(0.02)
  })

  it('returns a fresh CHW array when no buffer is given', async () => {
    const { preprocess } = await loadModelFolder(TINY_CLIP_DIR)
    const px = await preprocessImage(join(SAMPLES_DIR, 'photo_chelsea.jpg'), preprocess)
    expect(px.length).toBe(PIXELS)
    expect(Number.isFinite(px[PIXELS - 1])).toBe(true)
  })
})

describe('geometry like torchvision', () => {
  it('truncates the long side and rounds half to even', () => {
    expect(resizedSize(31, 17, 224)).toEqual({ width: 408, height: 224 })
    expect(resizedSize(200, 320, 224)).toEqual({ width: 224, height: 358 })
    expect(resizedSize(224, 500, 224)).toEqual({ width: 224, height: 500 })
    expect(pyRound(0.5)).toBe(0)
    expect(pyRound(1.5)).toBe(2)
    expect(pyRound(2.5)).toBe(2)
    expect(pyRound(67)).toBe(67)
  })
})

describe('formats and unreadable files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zebra-pre-'))

  it('reads TIFF, GIF and AVIF like the PNG they were made from', async () => {
    const { preprocess } = await loadModelFolder(TINY_CLIP_DIR)
    const src = join(SAMPLES_DIR, 'shapes_300x500.png')
    const png = await preprocessImage(src, preprocess)
    for (const [ext, tol] of [
      ['tiff', 1e-6],
      ['gif', 0.2],
      ['avif', 0.2]
    ] as const) {
      const f = join(dir, `shapes.${ext}`)
      // lossless TIFF must be exact; GIF (palette) and AVIF (lossy) only close
      const img = sharp(src)
      if (ext === 'tiff') img.tiff({ compression: 'lzw' })
      else if (ext === 'avif')
        img.avif({ effort: 0 }) // the fastest encoder setting keeps the test quick
      else img.gif()
      await img.toFile(f)
      const px = await preprocessImage(f, preprocess)
      let sum = 0
      for (let i = 0; i < PIXELS; i++) sum += Math.abs(px[i] - png[i])
      expect(sum / PIXELS, ext).toBeLessThanOrEqual(tol)
    }
  })

  it('gives image_unreadable with the reason for text and truncated files', async () => {
    const { preprocess } = await loadModelFolder(TINY_CLIP_DIR)
    const text = join(dir, 'notes.jpg')
    writeFileSync(text, 'this is not an image')
    const jpeg = readFileSync(join(SAMPLES_DIR, 'photo_coffee.jpg'))
    const truncated = join(dir, 'cut.jpg')
    writeFileSync(truncated, jpeg.subarray(0, jpeg.length / 3))
    await expect(preprocessImage(text, preprocess)).rejects.toMatchObject({
      code: 'image_unreadable',
      message: expect.stringMatching(/notes\.jpg: cannot read image \(.*unsupported image format/)
    })
    await expect(preprocessImage(truncated, preprocess)).rejects.toMatchObject({
      code: 'image_unreadable',
      message: expect.stringMatching(/cut\.jpg: .*premature end/i)
    })
    await expect(preprocessImage(join(dir, 'missing.png'), preprocess)).rejects.toMatchObject({
      code: 'not_found'
    })
  })
})

describe('large images', () => {
  it('pre-shrinks past 4x the target and stays close to the exact resize', async () => {
    const { preprocess } = await loadModelFolder(TINY_CLIP_DIR)
    const dir = mkdtempSync(join(tmpdir(), 'zebra-big-'))
    const big = join(dir, 'big.jpg')
    // a 2400x1800 photo-like image: the astronaut scaled up, so it has real detail
    await sharp(join(SAMPLES_DIR, 'photo_astronaut.jpg'))
      .resize(2400, 1800, { fit: 'fill' })
      .jpeg()
      .toFile(big)
    const t = Date.now()
    const fast = await preprocessImage(big, preprocess)
    const ms = Date.now() - t
    const exact = new Float32Array(PIXELS)
    resizeCropNormalize(await decodeRgb(big), preprocess, exact)
    let sum = 0
    for (let i = 0; i < PIXELS; i++) sum += Math.abs(fast[i] - exact[i])
    console.log(
      `2400x1800 JPEG: ${ms} ms, mean abs diff to the exact PIL resize ${(sum / PIXELS).toFixed(4)}`
    )
    expect(sum / PIXELS).toBeLessThanOrEqual(0.02)
  })
})

describe('shortcuts for big JPEGs (ZEBRA_PRESHRINK)', () => {
  it('asks sharp for a size that makes it decode at the smallest DCT scale >= 2 x the target', () => {
    expect(dctRequest(480, 224)).toBeNull()
    // 960 / 2 = 480 >= 448; sharp needs >= 3x to decode at 1/2: 960 / 3 = 320
    expect(dctRequest(960, 224)).toEqual({ scale: 2, shortSide: 320 })
    expect(dctRequest(1500, 224)).toEqual({ scale: 2, shortSide: 448 })
    expect(dctRequest(2000, 224)).toEqual({ scale: 4, shortSide: 400 })
    expect(dctRequest(3000, 224)).toEqual({ scale: 4, shortSide: 448 })
    expect(dctRequest(4000, 224)).toEqual({ scale: 8, shortSide: 444 })
  })

  it('moves pixels of a big photo by little against the exact full-size path, which stays one switch away', async () => {
    const { preprocess } = await loadModelFolder(TINY_CLIP_DIR)
    const dir = mkdtempSync(join(tmpdir(), 'zebra-pre-big-'))
    const file = join(dir, 'big.jpg')
    await sharp(join(SAMPLES_DIR, 'photo_chelsea.jpg')).resize(2400, 1600).jpeg({ quality: 90 }).toFile(file)
    const exact = await preprocessImage(file, preprocess, undefined, 0, 'off')
    for (const mode of ['large', 'dct', 'lanczos', 'vips'] as const) {
      const fast = await preprocessImage(file, preprocess, undefined, 0, mode)
      let sum = 0
      for (let i = 0; i < PIXELS; i++) sum += Math.abs(fast[i]! - exact[i]!)
      expect(sum / PIXELS, mode).toBeGreaterThan(0)
      expect(sum / PIXELS, mode).toBeLessThan(0.02)
    }
    // small images (under 4 x the target) never take a shortcut other than 'vips'
    const small = join(SAMPLES_DIR, 'photo_chelsea.jpg')
    const exactSmall = await preprocessImage(small, preprocess, undefined, 0, 'off')
    for (const mode of ['large', 'dct'] as const)
      expect(await preprocessImage(small, preprocess, undefined, 0, mode)).toEqual(exactSmall)
    // 'large' is what runs when ZEBRA_PRESHRINK is unset
    expect(PRESHRINK).toBe(process.env.ZEBRA_PRESHRINK ? PRESHRINK : 'large')
  })

  it('reports a missing file as not_found on every path', async () => {
    const { preprocess } = await loadModelFolder(TINY_CLIP_DIR)
    for (const mode of ['off', 'large', 'dct', 'vips'] as const)
      await expect(
        preprocessImage('/nonexistent/x.jpg', preprocess, undefined, 0, mode)
      ).rejects.toMatchObject({
        code: 'not_found'
      })
  })
})
