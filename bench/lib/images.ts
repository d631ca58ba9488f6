// A generated folder of JPEGs of realistic sizes and compressibility (smooth structure plus grain),
// cached between runs by count.
import { mkdirSync, readdirSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'

type Size = { w: number; h: number; share: number }

/** Share of each camera size, roughly what a mixed real folder holds. */
const CAMERA: Size[] = [
  { w: 640, h: 480, share: 0.3 },
  { w: 1280, h: 960, share: 0.3 },
  { w: 1920, h: 1080, share: 0.2 },
  { w: 3000, h: 2000, share: 0.1 },
  { w: 4000, h: 3000, share: 0.1 }
]

/** A typical dataset folder (ImageNet-like): mostly ~500x375 JPEGs, some portrait and smaller. */
const DATASET: Size[] = [
  { w: 500, h: 375, share: 0.7 },
  { w: 375, h: 500, share: 0.15 },
  { w: 500, h: 333, share: 0.1 },
  { w: 333, h: 250, share: 0.05 }
]

export const MIXES = { camera: CAMERA, dataset: DATASET } as const
export type Mix = keyof typeof MIXES

/** "640x480: 60, 1280x960: 60, ..." for n images of a mix. */
export function describeMix(n: number, mix: Mix): string {
  const counts = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const s = sizeFor(i, n, MIXES[mix])
    counts.set(`${s.w}x${s.h}`, (counts.get(`${s.w}x${s.h}`) ?? 0) + 1)
  }
  return [...counts].map(([k, v]) => `${k}: ${v}`).join(', ')
}

function sizeFor(i: number, n: number, SIZES: Size[]): { w: number; h: number } {
  const t = (i + 0.5) / n
  let acc = 0
  for (const s of SIZES) {
    acc += s.share
    if (t <= acc) return s
  }
  return SIZES[SIZES.length - 1]
}

export async function generateImages(
  n: number,
  mix: Mix = 'camera',
  dir = join(tmpdir(), `zebra-bench-images-${mix === 'camera' ? '' : mix + '-'}${n}`)
): Promise<string> {
  const SIZES = MIXES[mix]
  mkdirSync(dir, { recursive: true })
  const have = new Set(readdirSync(dir))
  const todo: number[] = []
  for (let i = 0; i < n; i++) if (!have.has(name(i))) todo.push(i)
  // Distinct sizes are few: build one base per size, then vary each image cheaply (tint + flip).
  const bases = new Map<string, Buffer>()
  for (const s of SIZES) {
    const small = await sharp({
      create: {
        width: 64,
        height: 48,
        channels: 3,
        background: { r: 90, g: 120, b: 160 },
        noise: { type: 'gaussian', mean: 128, sigma: 60 }
      }
    })
      .png()
      .toBuffer()
    const big = await sharp(small).resize(s.w, s.h, { kernel: 'cubic' }).png().toBuffer()
    const grain = await sharp({
      create: {
        width: s.w,
        height: s.h,
        channels: 3,
        background: { r: 0, g: 0, b: 0 },
        noise: { type: 'gaussian', mean: 0, sigma: 12 }
      }
    })
      .png()
      .toBuffer()
    bases.set(
      `${s.w}x${s.h}`,
      await sharp(big)
        .composite([{ input: grain, blend: 'add' }])
        .png()
        .toBuffer()
    )
  }
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const i = todo[next++]
      const s = sizeFor(i, n, SIZES)
      const base = bases.get(`${s.w}x${s.h}`)!
      const tint = { r: (i * 37) % 255, g: (i * 91) % 255, b: (i * 53) % 255 }
      let img = sharp(base).tint(tint)
      if (i % 2) img = img.flop()
      await img.jpeg({ quality: 88 }).toFile(join(dir, name(i)))
    }
  }
  await Promise.all(Array.from({ length: availableParallelism() }, worker))
  return dir
}

function name(i: number): string {
  return `img_${String(i).padStart(6, '0')}.jpg`
}
