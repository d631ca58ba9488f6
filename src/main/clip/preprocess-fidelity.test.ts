// Pixel fidelity of every ZEBRA_PRESHRINK mode against PIL (openai CLIP's own preprocessing), on
// sizes either side of each size at which a mode changes what it does: where the shortcuts start,
// where sharp's JPEG decode steps to 1/2, 1/4 and 1/8, and where 'dct' asks for 2x the target.
// Most sides are 8k + 7, so a JPEG decoded at 1/s loses most of its last pixel (shrink-on-load.ts).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadModelFolder, type PreprocessConfig } from './model-folder'
import { pilReference, writeTestPhoto } from './testing/pil-reference'
import { decodeRgb, preprocessImage, resizeCropNormalize, type PreshrinkMode } from './preprocess'
import { TINY_CLIP_DIR } from './test-fixtures'

const MODES: PreshrinkMode[] = ['off', 'large', 'dct', 'lanczos', 'vips']
// A shortcut resamples differently from PIL (libvips' cubic, DCT scaling, a lanczos step) but keeps
// the geometry: 0.003-0.0075 mean on these images, the most where a decode at 1/s leaves only 2x the
// target. A grid stretched by the part of a pixel such a decode cut off, or a crop one pixel off,
// moves the waves: 0.0125-0.13.
const SHORTCUT_MEAN = 0.01
const SHORTCUT_MAX = 0.15
// the exact path is PIL's arithmetic; only the two JPEG decoders may differ, by a level or so
const EXACT_MEAN = 0.002

interface Case {
  /** stored size, EXIF orientation, format */
  w: number
  h: number
  orientation?: number
  png?: boolean
}

function diff(a: Float32Array, b: Float32Array): { mean: number; max: number } {
  let sum = 0
  let max = 0
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!)
    sum += d
    if (d > max) max = d
  }
  return { mean: sum / a.length, max }
}

async function sweep(cfg: PreprocessConfig, cases: Case[], label: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'zebra-fidelity-'))
  const files: string[] = []
  for (const c of cases) {
    const file = join(dir, `${c.w}x${c.h}-o${c.orientation ?? 1}.${c.png ? 'png' : 'jpg'}`)
    await writeTestPhoto(file, c.w, c.h, Math.min(c.w, c.h) / cfg.shortestEdge, c.orientation)
    files.push(file)
  }
  const ref = pilReference(files, cfg, dir)
  const rows: Record<string, string>[] = []
  const bad: string[] = []
  for (let i = 0; i < files.length; i++) {
    const row: Record<string, string> = { image: files[i]!.split('/').pop()! }
    for (const mode of MODES) {
      const d = diff(await preprocessImage(files[i]!, cfg, undefined, 0, mode), ref[i]!)
      row[mode] = `${d.mean.toFixed(4)} / ${d.max.toFixed(3)}`
      const ok = mode === 'off' ? d.mean <= EXACT_MEAN : d.mean <= SHORTCUT_MEAN && d.max <= SHORTCUT_MAX
      if (!ok) bad.push(`${row.image} ${mode}: mean ${d.mean.toFixed(4)}, max ${d.max.toFixed(3)}`)
    }
    rows.push(row)
  }
  console.log(`${label}: mean / max abs difference from PIL, normalised pixels`)
  console.table(rows)
  expect(bad).toEqual([])
}

describe('preprocessing fidelity against PIL around every pre-shrink threshold', () => {
  let cfg: PreprocessConfig
  beforeAll(async () => {
    cfg = (await loadModelFolder(TINY_CLIP_DIR)).preprocess
  })

  it('ViT-B/32 (224 px): 896 (the shortcuts start, 1/2), 1344 (2x for dct), 1792 (1/4)', async () => {
    await sweep(
      cfg,
      [
        { w: 1194, h: 895 },
        { w: 1195, h: 896 },
        { w: 1196, h: 896 },
        { w: 1199, h: 897 },
        { w: 1200, h: 900 },
        { w: 1791, h: 1343 },
        { w: 1799, h: 1344 },
        { w: 2391, h: 1791 },
        { w: 2391, h: 1792 },
        // the cut edge turned to the start or the other axis by the EXIF orientation
        { w: 1199, h: 897, orientation: 3 },
        { w: 1199, h: 897, orientation: 6 },
        { w: 1199, h: 897, orientation: 8 },
        { w: 1799, h: 1345, orientation: 5 },
        // not a JPEG: no DCT scaling
        { w: 1199, h: 897, png: true }
      ],
      '224 px'
    )
  })

  it('scaled down to 64 px, every threshold up to 1/8: 256, 384, 512, 640, 1024, 1152', async () => {
    // the thresholds are multiples of the target, so a small target reaches the 1/8 decode on
    // small images: the same code paths as 3584 and 4032 px at 224
    const small = { ...cfg, shortestEdge: 64, cropSize: 64 }
    const cases: Case[] = []
    for (const t of [256, 384, 512, 640, 1024, 1152]) {
      // sides of 8k + 7 lose the most to a decode at 1/2, 1/4 or 1/8: 1, 3 or 7 pixels
      const w = 8 * Math.floor((t * 4) / 3 / 8) + 7
      cases.push({ w, h: t - 1 }, { w, h: t })
    }
    cases.push({ w: 1152, h: 1024 }, { w: 1159, h: 1159, orientation: 7 })
    await sweep(small, cases, '64 px')
  })
})

describe('a resize of part of an image (the picture a pre-shrunk image shows)', () => {
  it("is PIL's resize with that box, in WebAssembly and in JS", async () => {
    const cfg = (await loadModelFolder(TINY_CLIP_DIR)).preprocess
    const dir = mkdtempSync(join(tmpdir(), 'zebra-box-'))
    const file = join(dir, 'box.png')
    await writeTestPhoto(file, 300, 260, 4)
    const img = await decodeRgb(file)
    const small = { ...cfg, shortestEdge: 64, cropSize: 64 }
    const box: [number, number, number, number] = [3.25, 1.5, 290.75, 247.125]
    const [want] = pilReference([file], small, dir, box)
    const source = { width: 64, height: 64, x0: box[0], x1: box[2], y0: box[1], y1: box[3] }
    for (const simd of [true, false]) {
      const got = new Float32Array(3 * 64 * 64)
      resizeCropNormalize({ ...img, source }, small, got, 0, simd)
      expect(diff(got, want!).max, simd ? 'wasm' : 'js').toBeLessThan(1e-6)
    }
  })
})
