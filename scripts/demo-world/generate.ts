// Writes the demo model's training and monitoring data: scenes of the demo world rendered
// by the app's own renderer, preprocessed by the app's own preprocessing (PIL-exact bicubic resize +
// centre crop to the demo model's 64 px), stored as uint8 RGB; and every training caption with its
// token ids from the app's own tokenizer, so training and the app agree. Held-out compositions
// (HELD_OUT_KEYS) never appear in the training split. Captions come in English and Chinese, each
// marked with its language (train.py takes the Chinese ones only with --chinese).
//   npx tsx scripts/demo-world/generate.ts OUT_DIR [TRAIN_COUNT] [EVAL_COUNT]
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadTokenizer } from '../../src/main/clip/tokenizer'
import { decodeRgb, resizeCropNormalize } from '../../src/main/clip/preprocess'
import type { PreprocessConfig } from '../../src/main/clip/model-folder'
import { allCaptions } from '../../src/main/demo-world/captions'
import { renderScene } from '../../src/main/demo-world/render'
import { PHOTO_TEMPLATE_ZH } from '../../src/main/demo-world/words-zh'
import { allCompositions, isHeldOut, mulberry32, pick, randomScene } from '../../src/main/demo-world/world'

const SIZE = 64
const CFG: PreprocessConfig = {
  shortestEdge: SIZE,
  cropSize: SIZE,
  mean: [0.48145466, 0.4578275, 0.40821073],
  std: [0.26862954, 0.26130258, 0.27577711],
  rescaleFactor: 1 / 255
}

async function split(
  name: string,
  count: number,
  seed: number,
  heldOut: boolean | null,
  out: string
): Promise<void> {
  const comps = allCompositions()
  const pool = heldOut === null ? comps : comps.filter((c) => isHeldOut(c) === heldOut)
  const rnd = mulberry32(seed)
  const px = Buffer.alloc(count * 3 * SIZE * SIZE)
  const f = new Float32Array(3 * SIZE * SIZE)
  const labels: number[] = []
  const t0 = Date.now()
  for (let i = 0; i < count; i++) {
    const c = pick(pool, rnd)
    const scene = randomScene(c, rnd, { minSize: 64, maxSize: 320, maxCount: rnd() < 0.2 ? 3 : 1 })
    // 'dct' pinned: the mode that wrote the shipped model's training data (the app's default moved on)
    const img = await decodeRgb(await renderScene(scene), SIZE, 'dct')
    resizeCropNormalize(img, CFG, f)
    // back to the uint8 values the normalisation came from (exact: they were 8-bit)
    const o = i * 3 * SIZE * SIZE
    for (let k = 0; k < 3; k++)
      for (let j = 0; j < SIZE * SIZE; j++) {
        const v = (f[k * SIZE * SIZE + j] * CFG.std[k] + CFG.mean[k]) * 255
        px[o + k * SIZE * SIZE + j] = Math.max(0, Math.min(255, Math.round(v)))
      }
    labels.push(
      comps.findIndex((x) => x.shape === c.shape && x.colour === c.colour && x.pattern === c.pattern)
    )
    if (i % 2000 === 0)
      process.stdout.write(`${name}: ${i}/${count} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`)
  }
  writeFileSync(join(out, `${name}.u8`), px)
  writeFileSync(join(out, `${name}.json`), JSON.stringify({ size: SIZE, count, labels }))
}

async function main(): Promise<void> {
  const out = process.argv[2]
  if (!out) throw new Error('usage: generate.ts OUT_DIR [TRAIN_COUNT] [EVAL_COUNT]')
  const train = Number(process.argv[3] ?? 20000)
  const evalCount = Number(process.argv[4] ?? 1200)
  mkdirSync(out, { recursive: true })
  const tok = await loadTokenizer({
    kind: 'tokenizer.json',
    file: join(__dirname, '../../resources/demo-model/tokenizer.json')
  })
  const caps = allCaptions().map((c) => ({ ...c, ids: tok.encode(c.text) }))
  const comps = allCompositions()
  // the photo template of each language: train.py's monitor prompts ('a photo of a star.')
  const photoTemplates = { en: 'a photo of a {}.', zh: PHOTO_TEMPLATE_ZH }
  writeFileSync(
    join(out, 'captions.json'),
    JSON.stringify({ compositions: comps, captions: caps, photoTemplates })
  )
  await split('eval_seen', evalCount, 2, false, out)
  await split('eval_held', evalCount, 3, true, out)
  await split('train', train, 1, false, out)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
