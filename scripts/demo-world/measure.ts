// Prints the demo model's zero-shot figures on fresh renders (seeds unused by training and tests),
// through the app's engine and classifier, for each variant.
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
    for (const variant of ['fp32', 'quantized'] as const) {
      const engine = await loadEngine({ modelDir, variant, threads: 1 })
      const a = await attributeFigures(engine, await embedAll(engine, all), all)
      const h = await attributeFigures(engine, await embedAll(engine, held), held)
      const d = await descriptionFigures(engine, await embedAll(engine, desc), truth)
      console.log(JSON.stringify({ variant, all120: a, heldOut30: h, described: d }))
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
