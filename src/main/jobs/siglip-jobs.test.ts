// Pre-labeling with a SigLIP 2 model and rescoring its stored embeddings without the model loaded
// read the same sigmoid: the scale and bias come from the folder the project recorded, so a rescore
// never falls back to CLIP's softmax (or, in a tags project, to scores against negatives).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { siglipDir, siglipImages } from '../clip/siglip-fixtures'
import { Project } from '../db/project'
import { sampleImagesDir } from '../paths'
import { projectModelScoring } from '../db/model-scoring'
import { prelabel, rescore } from './prelabel'
import { scanProject } from './scan'

let engine: LoadedClipEngine
let dir: string
beforeAll(async () => {
  engine = await loadEngine({ modelDir: siglipDir('siglip2-224'), ep: 'cpu', threads: 1 })
  dir = mkdtempSync(join(tmpdir(), 'zebra-siglip-jobs-'))
})
afterAll(async () => {
  await engine.dispose()
  rmSync(dir, { recursive: true, force: true })
})

async function project(name: string, kind: 'single' | 'tags'): Promise<Project> {
  const root = join(dir, name)
  mkdirSync(root)
  for (const f of siglipImages('siglip2-224')) copyFileSync(join(sampleImagesDir(), f), join(root, f))
  const p = Project.create(join(dir, `${name}.zebra`), {
    roots: [root],
    kind,
    labels: [{ name: 'cat' }, { name: 'rocket' }, { name: '猫' }]
  })
  await scanProject(p)
  return p
}

const stored = (p: Project): unknown[] =>
  p.db.prepare('SELECT image_id, topk FROM predictions ORDER BY image_id').all()
const top1 = (p: Project): unknown[] =>
  p.db.prepare('SELECT id, top1_label, top1_prob, margin FROM images ORDER BY id').all()

describe('SigLIP 2 in a project', () => {
  it("reads the recorded model's sigmoid when rescoring without the model", async () => {
    const p = await project('single', 'single')
    try {
      await prelabel(p, engine)
      expect(projectModelScoring(p, engine.modelId)).toEqual(engine.scoring)
      const before = { preds: stored(p), top: top1(p) }
      const probs = (top: [number, number][][]): number =>
        Math.max(...top.map((t) => t.reduce((s, [, q]) => s + q, 0)))
      const sums = probs((before.preds as { topk: string }[]).map((r) => JSON.parse(r.topk)))
      // independent sigmoids: no row is a softmax that sums to 1
      expect(sums).toBeLessThan(0.99)
      expect((await rescore(p, engine.modelId, null, { all: true })).rescored).toBe(4)
      expect({ preds: stored(p), top: top1(p) }).toEqual(before)
    } finally {
      p.close()
    }
  })

  it('scores a tags project on the cosine alone, the same after a rescore', async () => {
    const p = await project('tags', 'tags')
    try {
      await prelabel(p, engine)
      const before = { preds: stored(p), top: top1(p) }
      if (engine.scoring.kind !== 'sigmoid') throw new Error('not a sigmoid model')
      const { scale, bias } = engine.scoring
      // each image's most probable tag reads the model's own cold start, sigmoid(scale · s + bias)
      const rows = before.preds as { image_id: number; topk: string }[]
      const byImage = new Map((before.top as { id: number; top1_prob: number }[]).map((r) => [r.id, r]))
      for (const r of rows) {
        const s = (JSON.parse(r.topk) as [number, number][]).map(([, v]) => v)
        for (const v of s) expect(Math.abs(v)).toBeLessThanOrEqual(1)
        const best = Math.max(...s.map((v) => 1 / (1 + Math.exp(-(scale * v + bias)))))
        expect(byImage.get(r.image_id)?.top1_prob).toBeCloseTo(best, 6)
      }
      expect((await rescore(p, engine.modelId, null, { all: true })).rescored).toBe(4)
      expect({ preds: stored(p), top: top1(p) }).toEqual(before)
    } finally {
      p.close()
    }
  })
})
