// Prints the demo model's zero-shot figures on fresh renders (seeds unused by training and tests),
// through the app's engine and classifier, for each variant: English prompts, then Chinese ones
// (measure-zh.ts) on the same images and on the Chinese sample's classes.
//   npx tsx scripts/demo-world/measure.ts [MODEL_DIR]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadEngine } from '../../src/main/clip/engine'
import { renderFreshSet, type RenderedImage } from '../../src/main/demo-world/fresh'
import {
  attributeFigures,
  DESCRIBED_LABELS,
  descriptionFigures,
  embedAll
} from '../../src/main/demo-world/measure'
import {
  attributeFiguresZh,
  descriptionFiguresZh,
  zebraFiguresZh
} from '../../src/main/demo-world/measure-zh'
import { SAMPLE_LABELS_ZH, sampleMembersZh } from '../../src/main/demo-world/sample-zh'

async function main(): Promise<void> {
  const modelDir = process.argv[2] ?? 'demo'
  const dir = mkdtempSync(join(tmpdir(), 'zebra-measure-'))
  try {
    const all = await renderFreshSet(join(dir, 'all'), { count: 600, seed: 7001, maxCount: 2 })
    const held = await renderFreshSet(join(dir, 'held'), { count: 300, seed: 7002, pool: 'held-out' })
    const desc: RenderedImage[] = []
    const truth: number[] = []
    for (const [k, l] of DESCRIBED_LABELS.entries()) {
      const part = await renderFreshSet(join(dir, `d${k}`), { count: 40, seed: 7100 + k, pool: l.members })
      desc.push(...part)
      truth.push(...part.map(() => k))
    }
    // the Chinese sample's seven classes, 40 images each, for its zebra (斑马) by description
    const zh: RenderedImage[] = []
    const zhTruth: number[] = []
    for (const [k, l] of SAMPLE_LABELS_ZH.entries()) {
      const part = await renderFreshSet(join(dir, `z${k}`), {
        count: 40,
        seed: 7200 + k,
        pool: sampleMembersZh(l.name)
      })
      zh.push(...part)
      zhTruth.push(...part.map(() => k))
    }
    for (const variant of ['fp32', 'quantized'] as const) {
      const engine = await loadEngine({ modelDir, variant, threads: 1 })
      const [aEmb, hEmb] = [await embedAll(engine, all), await embedAll(engine, held)]
      const a = await attributeFigures(engine, aEmb, all)
      const h = await attributeFigures(engine, hEmb, held)
      const dEmb = await embedAll(engine, desc)
      const d = await descriptionFigures(engine, dEmb, truth)
      console.log(JSON.stringify({ variant, all120: a, heldOut30: h, described: d }))
      const za = await attributeFiguresZh(engine, aEmb, all)
      const zh30 = await attributeFiguresZh(engine, hEmb, held)
      const zz = await zebraFiguresZh(engine, await embedAll(engine, zh), zhTruth)
      // the six never-trained words in Chinese (瓢虫, 太阳, ...) on the same images as in English
      const zd = await descriptionFiguresZh(engine, dEmb, truth)
      console.log(JSON.stringify({ variant, zh: { all120: za, heldOut30: zh30, sample: zz, described: zd } }))
      await engine.dispose()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
