import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { compileResampleWat } from '../../../scripts/wat.mjs'
import type { PreprocessConfig } from './model-folder'
import { decodeRgb, resizeCropNormalize, type RgbImage } from './preprocess'
import { RESAMPLE_WASM_BASE64 } from './resample-wasm'
import { SIMD_RESAMPLE } from './resample-simd'
import { SAMPLES_DIR, referenceImageNames } from './test-fixtures'

const cfg = (
  size: number,
  crop: number,
  resample: number,
  resizeTo?: { width: number; height: number }
): PreprocessConfig => ({
  shortestEdge: size,
  cropSize: crop,
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
  rescaleFactor: 1 / 255,
  resample,
  ...(resizeTo ? { resizeTo } : {})
})

/** deterministic noise with structure, so every tap's weight matters */
function randomImage(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3)
  let s = seed >>> 0
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const x = (i / 3) % width
    data[i] = (s >>> 24) & 0x80 ? s >>> 24 : Math.round(127 + 120 * Math.sin(x / 7 + (i % 3)))
  }
  return { data, width, height }
}

function both(img: RgbImage, c: PreprocessConfig): { simd: Float32Array; js: Float32Array } {
  const n = 3 * c.cropSize * c.cropSize
  const simd = new Float32Array(n)
  const js = new Float32Array(n)
  resizeCropNormalize(img, c, simd, 0, true)
  resizeCropNormalize(img, c, js, 0, false)
  return { simd, js }
}

describe('WebAssembly SIMD resample (resample.wat)', () => {
  it('is what this runtime uses, and the committed bytes are the compiled .wat', async () => {
    expect(SIMD_RESAMPLE).toBe(process.env.ZEBRA_RESAMPLE !== 'js')
    const wat = readFileSync(join(__dirname, 'resample.wat'), 'utf8')
    const bytes = await compileResampleWat(wat)
    expect(Buffer.from(bytes).toString('base64')).toBe(RESAMPLE_WASM_BASE64)
  })

  it('gives the JS loops bit for bit: every PIL filter, down, up, odd sizes, padding crops', () => {
    const cases: [number, number, PreprocessConfig][] = []
    for (const resample of [1, 2, 3, 4, 5])
      for (const [w, h] of [
        [640, 480],
        [333, 500],
        [224, 224],
        [225, 1001],
        [31, 17],
        [1500, 229],
        [97, 400]
      ])
        cases.push([w, h, cfg(224, 224, resample)])
    cases.push(
      [500, 375, cfg(336, 336, 3)],
      [400, 300, cfg(256, 256, 2)],
      [300, 200, cfg(224, 224, 3, { width: 224, height: 224 })]
    )
    // crop larger than the resized side (edge-clamped padding)
    cases.push([300, 200, cfg(100, 128, 3)])
    let seed = 1
    for (const [w, h, c] of cases) {
      const { simd, js } = both(randomImage(w, h, seed++), c)
      let diff = 0
      for (let i = 0; i < js.length; i++) if (simd[i] !== js[i]) diff++
      expect({ w, h, resample: c.resample, crop: c.cropSize, diff }).toEqual({
        w,
        h,
        resample: c.resample,
        crop: c.cropSize,
        diff: 0
      })
    }
  })

  it('gives the JS loops bit for bit on every fixture photo, back to back (memory reused and grown)', async () => {
    const c = cfg(224, 224, 3)
    for (const name of [...referenceImageNames(), ...referenceImageNames().reverse()]) {
      const img = await decodeRgb(readFileSync(join(SAMPLES_DIR, name)))
      const { simd, js } = both(img, c)
      expect(Buffer.from(simd.buffer).equals(Buffer.from(js.buffer))).toBe(true)
    }
    // far bigger than any earlier call: the module's memory grows and the result is still exact
    const big = both(randomImage(3000, 2000, 99), c)
    expect(Buffer.from(big.simd.buffer).equals(Buffer.from(big.js.buffer))).toBe(true)
  })

  it('writes at the offset it is given and nowhere else (batches share one buffer)', () => {
    const c = cfg(224, 224, 3)
    const n = 3 * 224 * 224
    const img = randomImage(500, 375, 7)
    const alone = new Float32Array(n)
    resizeCropNormalize(img, c, alone, 0, true)
    const batch = new Float32Array(3 * n).fill(-7)
    resizeCropNormalize(img, c, batch, n, true)
    expect(Buffer.from(batch.subarray(n, 2 * n).slice().buffer).equals(Buffer.from(alone.buffer))).toBe(true)
    expect(batch.subarray(0, n).every((x) => x === -7)).toBe(true)
    expect(batch.subarray(2 * n).every((x) => x === -7)).toBe(true)
  })
})
