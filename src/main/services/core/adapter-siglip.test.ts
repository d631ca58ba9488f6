// Review's suggestions for a single-label SigLIP 2 project before any review: the adapter's
// zero-shot reading is the model's own sigmoid, the same top-k pre-labeling stored.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from '../../clip/engine'
import { siglipDir, siglipImages } from '../../clip/siglip-fixtures'
import { embeddingRows } from '../../db/embeddings'
import { Project } from '../../db/project'
import { prelabel } from '../../jobs/prelabel'
import { scanProject } from '../../jobs/scan'
import { sampleImagesDir } from '../../paths'
import { fitProjectAdapter, scoreAdapted } from './adapter-cache'

let engine: LoadedClipEngine
let dir: string
let project: Project
beforeAll(async () => {
  engine = await loadEngine({ modelDir: siglipDir('siglip2-224'), ep: 'cpu', threads: 1 })
  dir = mkdtempSync(join(tmpdir(), 'zebra-siglip-adapter-'))
  const root = join(dir, 'images')
  mkdirSync(root)
  for (const f of siglipImages('siglip2-224')) copyFileSync(join(sampleImagesDir(), f), join(root, f))
  project = Project.create(join(dir, 'single.zebra'), {
    roots: [root],
    labels: [{ name: 'cat' }, { name: 'rocket' }, { name: '猫' }]
  })
  await scanProject(project)
  await prelabel(project, engine)
})
afterAll(async () => {
  project.close()
  await engine.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('zero-shot suggestions of a SigLIP 2 project', () => {
  it('are the sigmoid top-k that pre-labeling stored', async () => {
    const pa = await fitProjectAdapter(project, () => Promise.resolve(engine))
    expect(pa.scoring).toEqual(engine.scoring)
    const rows = embeddingRows(project.db, engine.modelId)
    const x = new Float32Array(rows.length * engine.embedDim)
    rows.forEach((r, i) =>
      x.set(new Float32Array(r.vec.buffer, r.vec.byteOffset, engine.embedDim), i * engine.embedDim)
    )
    const { top, source } = scoreAdapted(pa, x, rows.length)
    expect(source).toBe('zeroshot')
    const stored = new Map(
      (
        project.db.prepare('SELECT image_id, topk FROM predictions').all() as {
          image_id: number
          topk: string
        }[]
      ).map((r) => [r.image_id, JSON.parse(r.topk) as [number, number][]])
    )
    rows.forEach((r, i) => {
      const want = stored.get(r.id)!
      expect(top[i].map(([l]) => l)).toEqual(want.map(([l]) => l))
      top[i].forEach(([, p], k) => expect(p).toBeCloseTo(want[k][1], 5))
    })
  })
})
