// Where an image's non-model cost goes, per image size:
//   npx tsx bench/preprocess-cost.ts [camera|dataset] [--images 100] [--modes large,dct,vips,off]
// CPU ms per image (all threads of this process, one image at a time, one libvips thread as in the
// preprocessing workers) of the scan's content hash, the header read, and decode + resize + crop +
// normalise through each ZEBRA_PRESHRINK mode; ZEBRA_RESAMPLE=js times the JS resample loops
// instead of the WebAssembly ones. `npm run bench` measures the whole pipeline; this says which
// part of it to work on.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import sharp from 'sharp'
import { loadModelFolder } from '../src/main/clip/model-folder'
import { preprocessImage, type PreshrinkMode } from '../src/main/clip/preprocess'
import { TINY_CLIP_DIR } from '../src/main/clip/test-fixtures'
import { probeImage } from '../src/main/jobs/scan'
import { generateImages, MIXES, type Mix } from './lib/images'
import { cpuMs } from './lib/cpu'

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    images: { type: 'string', default: '100' },
    modes: { type: 'string', default: 'large,dct,vips,off' }
  }
})

async function perImage(files: string[], fn: (f: string) => Promise<unknown>): Promise<number> {
  const c = cpuMs()
  for (const f of files) await fn(f)
  return (cpuMs() - c) / files.length
}

async function main(): Promise<void> {
  sharp.concurrency(1)
  sharp.cache(false)
  const mix = (positionals[0] ?? 'camera') as Mix
  if (!(mix in MIXES)) throw new Error(`unknown mix ${mix}: camera or dataset`)
  const modes = args.modes!.split(',') as PreshrinkMode[]
  const dir = await generateImages(Number(args.images), mix)
  const files = readdirSync(dir)
    .sort()
    .map((f) => join(dir, f))
  const bySize = new Map<string, string[]>()
  for (const f of files) {
    const m = await sharp(f).metadata()
    const k = `${m.width}x${m.height}`
    bySize.set(k, [...(bySize.get(k) ?? []), f])
  }
  // ViT-B/32's 224 px preprocessing, as its preprocessor_config.json says it
  const cfg = (await loadModelFolder(TINY_CLIP_DIR)).preprocess
  const out = new Float32Array(3 * cfg.cropSize * cfg.cropSize)
  const total = new Map<string, number>()
  const add = (k: string, ms: number, n: number): string => {
    total.set(k, (total.get(k) ?? 0) + ms * n)
    return `${k} ${ms.toFixed(2)}`
  }
  console.log(`${mix} mix, ${files.length} images: CPU ms per image`)
  for (const [size, fs] of bySize) {
    const mb = fs.reduce((a, f) => a + statSync(f).size, 0) / fs.length / 1e6
    const row = [`${size} (${fs.length}, ${mb.toFixed(2)} MB)`]
    // what the scan does per new file: one read, the SHA-1 and the header
    row.push(add('scan', await perImage(fs, (f) => probeImage(f, statSync(f).size)), fs.length))
    for (const m of modes)
      row.push(add(m, await perImage(fs, (f) => preprocessImage(f, cfg, out, 0, m)), fs.length))
    console.log(row.join('  '))
  }
  console.log('mean: ' + [...total].map(([k, v]) => `${k} ${(v / files.length).toFixed(2)}`).join('  '))
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
