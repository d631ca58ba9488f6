// Fidelity and cost of the preprocessing shortcuts, in one run:
//   npx tsx bench/fidelity.ts [--images 60] [--mix camera|dataset]
// For each photo: pixels through the exact path (full-size decode + PIL bicubic) and each shortcut
// of ZEBRA_PRESHRINK (large: the default; dct; lanczos; vips); mean abs difference of normalised
// pixels and cosine of image embeddings (the 224 px tiny CLIP of test/fixtures/tiny-clip: real
// ViT-B/32 geometry and architecture, random weights) against the exact path; CPU ms per image of
// decode + resize for each path; and the same against the PIL reference for the fixture photos.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { loadEngine } from '../src/main/clip/engine'
import { preprocessImage, type PreshrinkMode } from '../src/main/clip/preprocess'
import {
  DEMO_DIR,
  SAMPLES_DIR,
  TINY_CLIP_DIR,
  readF32,
  referenceImageNames
} from '../src/main/clip/test-fixtures'
import { cosine } from '../src/main/math/rows'
import { generateImages, type Mix } from './lib/images'
import { cpuMs } from './lib/cpu'

const { values: args } = parseArgs({
  options: { images: { type: 'string', default: '60' }, mix: { type: 'string', default: 'camera' } }
})
const MODES: PreshrinkMode[] = ['off', 'large', 'dct', 'lanczos', 'vips']

function meanAbs(a: Float32Array, b: Float32Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!)
  return s / a.length
}

async function main(): Promise<void> {
  sharp.concurrency(1)
  const engine = await loadEngine({ modelDir: TINY_CLIP_DIR, variant: 'fp32', ep: 'cpu' })
  const cfg = engine.preprocessConfig
  const plane = 3 * cfg.cropSize * cfg.cropSize
  const embed = async (px: Float32Array): Promise<Float32Array> => engine.embedPixels(px, 1)
  const pixels = async (file: string, mode: PreshrinkMode): Promise<Float32Array> => {
    return preprocessImage(file, cfg, new Float32Array(plane), 0, mode)
  }

  const dir = await generateImages(Number(args.images), args.mix as Mix)
  const files = readdirSync(dir).filter((f) => f.endsWith('.jpg'))
  const bySize = new Map<string, Record<string, { ms: number; mad: number; cos: number; n: number }>>()
  for (const f of files) {
    const file = join(dir, f)
    const m = await sharp(file).metadata()
    const key = `${m.width}x${m.height}`
    const row = bySize.get(key) ?? {}
    let exact: Float32Array | null = null
    let exactEmb: Float32Array | null = null
    for (const mode of MODES) {
      const c0 = cpuMs()
      const px = await pixels(file, mode)
      const ms = cpuMs() - c0
      const emb = await embed(px)
      if (mode === 'off') {
        exact = px
        exactEmb = emb
      }
      const r = (row[mode] ??= { ms: 0, mad: 0, cos: 0, n: 0 })
      r.ms += ms
      r.mad += meanAbs(px, exact!)
      r.cos += cosine(emb, exactEmb!)
      r.n++
    }
    bySize.set(key, row)
  }
  console.log(
    `${args.mix} mix, ${files.length} images; CPU ms of decode + resize per image, 1 libvips thread`
  )
  console.log('size      n | ' + MODES.map((m) => `${m}: ms  mean|dx|  cosine`).join(' | '))
  const tot: Record<string, { ms: number; n: number }> = {}
  for (const [size, row] of bySize) {
    const cells = MODES.map((mode) => {
      const r = row[mode]!
      ;(tot[mode] ??= { ms: 0, n: 0 }).ms += r.ms
      tot[mode]!.n += r.n
      return `${(r.ms / r.n).toFixed(1)} ${(r.mad / r.n).toFixed(4)} ${(r.cos / r.n).toFixed(6)}`
    })
    console.log(`${size.padEnd(9)} ${String(row.off!.n).padStart(3)} | ${cells.join(' | ')}`)
  }
  console.log(
    'mean ms per image: ' + MODES.map((m) => `${m} ${(tot[m]!.ms / tot[m]!.n).toFixed(1)}`).join(', ')
  )

  // fixture photos against the PIL reference
  const ref = readF32('pixel_values.f32')
  const names = referenceImageNames()
  const fixtureDir = join(DEMO_DIR, '..', '..', 'test', 'fixtures', 'tiny-clip', 'images')
  const imgDir = readdirSync(SAMPLES_DIR).length ? SAMPLES_DIR : fixtureDir
  const worst: Record<string, number> = {}
  for (let i = 0; i < names.length; i++) {
    const want = ref.subarray(i * plane, (i + 1) * plane)
    for (const mode of MODES) {
      try {
        const px = await pixels(join(imgDir, names[i]!), mode)
        worst[mode] = Math.max(worst[mode] ?? 0, meanAbs(px, want))
      } catch {
        // fixture not in the sample folder
      }
    }
  }
  console.log(
    'fixture photos vs PIL reference, worst mean|dx|: ' +
      MODES.map((m) => `${m} ${(worst[m] ?? NaN).toFixed(5)}`).join(', ')
  )
  await engine.dispose()
}

void main()
