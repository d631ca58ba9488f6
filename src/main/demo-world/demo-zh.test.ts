// Outcomes of the bundled demo model with Chinese prompts, on freshly rendered images it never saw
// in training, through the app's engine and zero-shot classifier: shape, colour and pattern named
// by their Chinese words (target 0.85 each), the Chinese sample project's zebra (斑马, a word never
// trained) found from its Chinese description, and six never-trained words found from theirs, not
// from the bare words. Prints the figures; fixed seeds.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { renderFreshSet, type RenderedImage } from './fresh'
import { embedAll } from './measure'
import { attributeFiguresZh, DESCRIBED_LABELS_ZH, descriptionFiguresZh, zebraFiguresZh } from './measure-zh'
import { SAMPLE_LABELS_ZH, sampleMembersZh } from './sample-zh'

let dir = ''
let engine: LoadedClipEngine

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-demo-zh-'))
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
})

afterAll(async () => {
  await engine?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the demo model with Chinese prompts, zero-shot on fresh renders', () => {
  it('names shape, colour and pattern in Chinese (5-, 8- and 3-way)', async () => {
    const imgs = await renderFreshSet(join(dir, 'all'), { count: 240, seed: 1501, maxCount: 2 })
    const f = await attributeFiguresZh(engine, await embedAll(engine, imgs), imgs)
    console.log(
      `demo model, Chinese prompts, ${imgs.length} fresh images: shape ${f.shape.toFixed(3)}, ` +
        `colour ${f.colour.toFixed(3)}, pattern ${f.pattern.toFixed(3)}, composition (120-way) ${f.composition.toFixed(3)}`
    )
    expect(f.shape).toBeGreaterThanOrEqual(0.85)
    expect(f.colour).toBeGreaterThanOrEqual(0.85)
    expect(f.pattern).toBeGreaterThanOrEqual(0.85)
  })

  it('finds 斑马 (zebra) in the Chinese sample from its description', async () => {
    const imgs: RenderedImage[] = []
    const truth: number[] = []
    for (const [k, l] of SAMPLE_LABELS_ZH.entries()) {
      const part = await renderFreshSet(join(dir, `l${k}`), {
        count: 12,
        seed: 1510 + k,
        pool: sampleMembersZh(l.name)
      })
      imgs.push(...part)
      truth.push(...part.map(() => k))
    }
    const f = await zebraFiguresZh(engine, await embedAll(engine, imgs), truth)
    console.log(
      `Chinese sample, ${imgs.length} fresh images: 7-way top-1 ${f.bare.toFixed(3)} bare, ` +
        `${f.described.toFixed(3)} with 斑马's description; zebra images named 斑马: ` +
        `${f.zebraBare.toFixed(3)} bare, ${f.zebraDescribed.toFixed(3)} described (黑白条纹的形状)`
    )
    // bare, 斑马 can still win on the zebra images by elimination: none of the other six fits them
    expect(f.zebraDescribed).toBeGreaterThanOrEqual(0.85)
    expect(f.described).toBeGreaterThanOrEqual(0.85)
  })

  it('never-trained Chinese words are found from their descriptions, not from the bare words', async () => {
    const imgs: RenderedImage[] = []
    const truth: number[] = []
    for (const [k, l] of DESCRIBED_LABELS_ZH.entries()) {
      const part = await renderFreshSet(join(dir, `d${k}`), { count: 8, seed: 1520 + k, pool: l.members })
      imgs.push(...part)
      truth.push(...part.map(() => k))
    }
    const f = await descriptionFiguresZh(engine, await embedAll(engine, imgs), truth)
    console.log(
      `6 never-trained words (${DESCRIBED_LABELS_ZH.map((l) => l.name).join(' ')}), ${imgs.length} fresh images: ` +
        `top-1 ${f.bare.toFixed(3)} bare, ${f.described.toFixed(3)} described; ` +
        `斑马 images: ${f.zebraBare.toFixed(3)} bare, ${f.zebraDescribed.toFixed(3)} described`
    )
    expect(f.described).toBeGreaterThanOrEqual(f.bare + 0.3)
    expect(f.zebraDescribed).toBeGreaterThanOrEqual(f.zebraBare + 0.3)
    expect(f.zebraDescribed).toBeGreaterThanOrEqual(0.75)
  })
})
