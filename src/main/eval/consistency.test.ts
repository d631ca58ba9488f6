// The compare report must agree with the zero-shot engine: an ensemble's top-1 is exactly what
// clip/zeroshot.ts classify() gives for the same embeddings, labels and templates (real demo
// engine, real sample images).
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { buildClassifier, classify, type LabelSpec } from '../clip/zeroshot'
import { sampleImagesDir } from '../paths'
import { compareTemplates } from './compare'
import { normalizeRows } from '../math/rows'
import { confusionMatrix } from './metrics'

let engine: LoadedClipEngine
let x = new Float32Array(0)
let n = 0
const templates = ['a photo of a {}.', 'a blurry photo of the {}.', 'art of the {}.']
const labels: LabelSpec[] = [
  { name: 'cat', descriptions: ['furry', 'has whiskers'] },
  { name: 'rocket' },
  { name: 'cup of coffee', descriptions: ['brown'] },
  { name: 'astronaut' },
  { name: 'motorcycle' }
]

beforeAll(async () => {
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
  const files = readdirSync(sampleImagesDir())
    .sort()
    .map((f) => join(sampleImagesDir(), f))
  const res = (await engine.embedImages(files)).filter((r) => r.embedding)
  n = res.length
  x = new Float32Array(n * engine.embedDim)
  res.forEach((r, i) => x.set(r.embedding!, i * engine.embedDim))
  normalizeRows(x, n, engine.embedDim)
})

afterAll(async () => {
  await engine?.dispose()
})

describe('compare report vs zero-shot classify', () => {
  it('ensemble top-1 and confusion matrix equal classify() on the same inputs', async () => {
    const truth = Array.from({ length: n }, (_, i) => i % labels.length)
    const d = engine.embedDim
    const plain = labels.map((l) => ({ name: l.name }))
    const report = await compareTemplates(
      {
        images: x,
        dim: d,
        imageIds: truth.map((_, i) => i + 1),
        truth,
        labels: plain,
        templateSets: [{ name: 'three', templates }],
        embedTexts: (p) => engine.embedTexts(p)
      },
      { greedy: false }
    )
    const cls = await buildClassifier(engine, plain, templates)
    const pred = classify(x, cls, { topK: 1 }).top.map((t) => t[0].index)
    const top1 = pred.filter((p, i) => p === truth[i]).length / n
    expect(report.ensembles[0].top1).toBe(top1)
    expect(report.confusionMatrix).toEqual(confusionMatrix(pred, truth, labels.length))
    // each single template is an ensemble of one
    for (const t of templates) {
      const one = classify(x, await buildClassifier(engine, plain, [t]), { topK: 1 }).top.map(
        (r) => r[0].index
      )
      expect(report.templates.find((s) => s.template === t)!.top1).toBe(
        one.filter((p, i) => p === truth[i]).length / n
      )
    }
  })

  it('the descriptions variant equals classify() with label descriptions', async () => {
    const truth = Array.from({ length: n }, (_, i) => (i * 3) % labels.length)
    const report = await compareTemplates(
      {
        images: x,
        dim: engine.embedDim,
        imageIds: truth.map((_, i) => i + 1),
        truth,
        labels,
        templateSets: [{ name: 'three', templates }],
        embedTexts: (p) => engine.embedTexts(p)
      },
      { greedy: false }
    )
    const withDesc = report.ensembles.find((e) => e.descriptions)!
    expect(withDesc.name).toBe('three + descriptions')
    const pred = classify(x, await buildClassifier(engine, labels, templates), { topK: 1 }).top.map(
      (t) => t[0].index
    )
    expect(withDesc.top1).toBe(pred.filter((p, i) => p === truth[i]).length / n)
  })
})
