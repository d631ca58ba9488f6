// Evidence for the adaptation issue: on generated images whose classes really differ in
// appearance, embedded by the real demo engine (opaque label names it cannot know: zero-shot is near chance), the
// adapted scoring beats zero-shot on held-out reviewed images, and the "possible mistakes" queue
// finds labels flipped on purpose.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { normalizeRows } from '../math/rows'
import { fitAdapter, leaveOneOutProbs } from './adapter'
import { learningCurve } from './curve'
import { possibleMistakes } from './mistakes'
import { searchByEmbedding } from './similarity'
import { SHAPE_CLASSES, writeShapeDataset, type ShapeImage } from './testing/shapes'

let dir = ''
let engine: LoadedClipEngine
let images: ShapeImage[] = []
let x = new Float32Array(0)
let text = new Float32Array(0)
let d = 0
const c = SHAPE_CLASSES.length

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-shapes-'))
  images = await writeShapeDataset(dir, { perClass: 24, seed: 1 })
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
  d = engine.embedDim
  const res = await engine.embedImages(images.map((i) => i.file))
  x = new Float32Array(images.length * d)
  res.forEach((r, i) => x.set(r.embedding!, i * d))
  normalizeRows(x, images.length, d)
  const t = await engine.embedTexts(SHAPE_CLASSES.map((k) => `a photo of a ${k.name}.`))
  text = new Float32Array(c * d)
  t.forEach((v, k) => text.set(v, k * d))
  normalizeRows(text, c, d)
})

afterAll(async () => {
  await engine?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('adaptation on generated shapes with the demo engine', () => {
  it('learning curve: adapted beats zero-shot on held-out images as reviews accumulate', () => {
    const labels = images.map((i) => i.label)
    const curve = learningCurve({ images: x, labels, text, classes: c, dim: d }, { seed: 0 })
    expect(curve.length).toBeGreaterThanOrEqual(4)
    expect(curve.map((p) => p.n)).toEqual([...curve.map((p) => p.n)].sort((a, b) => a - b))
    const last = curve[curve.length - 1]
    // Random-weight zero-shot is near chance (1/5); prototypes of real appearance differences are not.
    expect(last.zeroshot_top1).toBeLessThan(0.45)
    expect(last.adapted_top1).toBeGreaterThan(last.zeroshot_top1 + 0.3)
    // more reviewed images never make the adapter much worse than with few
    expect(last.adapted_top1).toBeGreaterThanOrEqual(curve[0].adapted_top1)
    // deterministic
    expect(learningCurve({ images: x, labels, text, classes: c, dim: d }, { seed: 0 })).toEqual(curve)
  })

  it('flags labels flipped on purpose as possible mistakes', () => {
    const labels = images.map((i) => i.label)
    const flipped = [3, 17, 40, 77, 100]
    for (const i of flipped) labels[i] = (labels[i] + 1) % c
    const inp = { reviewed: x, labels, text, classes: c, dim: d }
    const a = fitAdapter(inp)
    expect(a.lambda).toBeGreaterThan(0)
    const top = possibleMistakes(leaveOneOutProbs(a, inp), labels, c, flipped.length).map((m) => m.index)
    const found = top.filter((i) => flipped.includes(i)).length
    expect(found).toBeGreaterThanOrEqual(3)
  })

  it('text search returns images ranked by cosine to the query embedding', async () => {
    const [q] = await engine.embedTexts(['a red circle'])
    normalizeRows(q, 1, d)
    const hits = searchByEmbedding(q, x, images.length, d, 10)
    expect(hits).toHaveLength(10)
    for (let i = 1; i < hits.length; i++)
      expect(hits[i - 1].similarity).toBeGreaterThanOrEqual(hits[i].similarity)
  })
})
