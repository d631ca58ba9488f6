// Outcomes of the bundled demo model on freshly rendered images it never saw in
// training, through the app's engine and zero-shot classifier: per-attribute zero-shot top-1,
// compositions held out of training entirely, and a never-trained word given by its description.
// Fixed seeds; thresholds sit below the figures measured by scripts/demo-world/measure.ts.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { renderFreshSet, type RenderedImage } from './fresh'
import { attributeFigures, DESCRIBED_LABELS, descriptionFigures, embedAll } from './measure'
import { allCompositions, HELD_OUT_KEYS, isHeldOut } from './world'

const FIGURES = process.env.ZEBRA_DEMO_FIGURES === '1'
let dir = ''
let engine: LoadedClipEngine
let seen: RenderedImage[] = []
let held: RenderedImage[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-demo-world-'))
  seen = await renderFreshSet(join(dir, 'all'), { count: 120, seed: 1401, maxCount: 2 })
  held = await renderFreshSet(join(dir, 'held'), { count: 60, seed: 1402, pool: 'held-out' })
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
})

afterAll(async () => {
  await engine?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the demo world', () => {
  it('holds out at least 20% of the 120 compositions', () => {
    expect(allCompositions()).toHaveLength(120)
    expect(HELD_OUT_KEYS.length).toBeGreaterThanOrEqual(24)
    expect(allCompositions().filter(isHeldOut)).toHaveLength(HELD_OUT_KEYS.length)
  })
})

describe('the demo model, zero-shot on fresh renders', () => {
  it('names shape, colour and pattern (5-, 8- and 3-way)', async () => {
    const f = await attributeFigures(engine, await embedAll(engine, seen), seen)
    if (FIGURES) console.log('all 120', JSON.stringify(f))
    // shape: 0.98 on trained compositions, 0.78 on held-out ones; the mix misses the 0.9 target (DEMO.md)
    expect(f.shape).toBeGreaterThanOrEqual(0.7)
    expect(f.colour).toBeGreaterThanOrEqual(0.85)
    expect(f.pattern).toBeGreaterThanOrEqual(0.85)
  })

  it('names compositions it never saw in training, out of all 120', async () => {
    const f = await attributeFigures(engine, await embedAll(engine, held), held)
    if (FIGURES) console.log('held out', JSON.stringify(f))
    expect(f.composition).toBeGreaterThanOrEqual(0.45)
  })

  it('a never-trained word is found from its description, not from the bare word', async () => {
    const imgs: RenderedImage[] = []
    const truth: number[] = []
    for (const [k, l] of DESCRIBED_LABELS.entries()) {
      const part = await renderFreshSet(join(dir, `desc${k}`), { count: 8, seed: 1403 + k, pool: l.members })
      imgs.push(...part)
      truth.push(...part.map(() => k))
    }
    const f = await descriptionFigures(engine, await embedAll(engine, imgs), truth)
    if (FIGURES) console.log('described', JSON.stringify(f))
    expect(f.described).toBeGreaterThanOrEqual(f.bare + 0.3)
    expect(f.zebraDescribed).toBeGreaterThanOrEqual(f.zebraBare + 0.3)
    expect(f.zebraDescribed).toBeGreaterThanOrEqual(0.75)
  })
})
