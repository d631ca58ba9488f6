import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine } from '../clip/engine'
import { buildTagScorer } from '../clip/tag-scores'
import { normalizeRows } from '../math/rows'
import { tagLearningCurve } from './tag-curve'
import type { TagHeadInput } from './tag-heads'
import { SHAPE_CLASSES, writeShapeDataset } from './testing/shapes'
import { syntheticTags } from './testing/tag-synthetic'

describe('tag learning curve on synthetic embeddings', () => {
  it('the learning curve: heads beat zero-shot, calibration keeps its order, held-out never leaks', () => {
    const inp = syntheticTags(240, 32, 5, 3)
    const curve = tagLearningCurve(inp, { seed: 1 })
    expect(curve.map((c) => c.n)).toEqual([2, 4, 8, 16, 32, 64, 128, 168])
    const last = curve[curve.length - 1]
    expect(last.adaptedMAP).toBeGreaterThan(last.zeroShotMAP + 0.05)
    for (const c of curve) {
      // calibration is monotonic per tag: the same ranking, so the same AP
      expect(c.calibratedMAP).toBeCloseTo(c.zeroShotMAP, 6)
      expect(c.zeroShotMAP).toBe(curve[0].zeroShotMAP)
      // held toward zero-shot: a few decisions never cost much ranking
      expect(c.adaptedMAP).toBeGreaterThan(c.zeroShotMAP - 0.02)
    }
    expect(tagLearningCurve(inp, { seed: 1 })).toEqual(curve)
    // only images with a decision are split: 10 decided of 240 leave 3 held out and a pool of 7
    const few = new Int8Array(inp.present.length).fill(-1)
    few.set(inp.present.subarray(0, 10 * 5), 0)
    const fewCurve = tagLearningCurve({ ...inp, present: few }, { seed: 1 })
    expect(fewCurve.map((c) => c.n)).toEqual([2, 4, 7])
  })
})

describe('tag learning curve on generated shapes embedded by the demo engine', () => {
  let dir = ''
  let inp: TagHeadInput
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zebra-tag-shapes-'))
    const images = await writeShapeDataset(dir, { perClass: 16, seed: 4 })
    const engine = await loadEngine({ modelDir: 'demo', threads: 1 })
    try {
      const d = engine.embedDim
      const res = await engine.embedImages(images.map((i) => i.file))
      const x = new Float32Array(images.length * d)
      res.forEach((r, i) => x.set(r.embedding!, i * d))
      normalizeRows(x, images.length, d)
      // opaque names: the demo model cannot know what "class_a" looks like, so zero-shot guesses
      const tags = SHAPE_CLASSES.map((k) => ({ name: k.name }))
      const scorer = await buildTagScorer(engine, tags, ['a photo of a {}.'])
      const present = new Int8Array(images.length * tags.length)
      images.forEach((im, i) => (present[i * tags.length + im.label] = 1))
      inp = { ...scorer, images: x, n: images.length, present, scale: 100 }
    } finally {
      await engine.dispose()
    }
  })
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('decisions teach the heads what the tag names could not', () => {
    const curve = tagLearningCurve(inp, { seed: 0 })
    const last = curve[curve.length - 1]
    expect(last.adaptedMAP).toBeGreaterThan(last.zeroShotMAP + 0.2)
    expect(last.adaptedMAP).toBeGreaterThanOrEqual(curve[0].adaptedMAP)
  })
})
