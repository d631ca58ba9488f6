// A tags project scored by SigLIP 2 reads the model's own cold start in the tag model (what review,
// the tag pass and the CLI show): sigmoid(scale · s + bias) with the scale and bias of the folder
// the project recorded, and "select p ≥ x" maps back through the same bias.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from '../../clip/engine'
import { siglipDir, siglipImages } from '../../clip/siglip-fixtures'
import { projectTagColdStart } from '../../db/model-scoring'
import { Project } from '../../db/project'
import { tagScoresOf } from '../../db/tag-scores'
import { prelabel } from '../../jobs/prelabel'
import { scanProject } from '../../jobs/scan'
import { sampleImagesDir } from '../../paths'
import { TagModel } from './tag-model'

let engine: LoadedClipEngine
let dir: string
let project: Project
beforeAll(async () => {
  engine = await loadEngine({ modelDir: siglipDir('siglip2-256'), ep: 'cpu', threads: 1 })
  dir = mkdtempSync(join(tmpdir(), 'zebra-siglip-tags-'))
  const root = join(dir, 'images')
  mkdirSync(root)
  for (const f of siglipImages('siglip2-256')) copyFileSync(join(sampleImagesDir(), f), join(root, f))
  project = Project.create(join(dir, 'tags.zebra'), {
    roots: [root],
    kind: 'tags',
    labels: [{ name: 'cat' }, { name: 'Katze' }, { name: 'rocket' }]
  })
  await scanProject(project)
  await prelabel(project, engine)
})
afterAll(async () => {
  project.close()
  await engine.dispose()
  rmSync(dir, { recursive: true, force: true })
})

describe('the tag model of a SigLIP 2 project', () => {
  it("reads the model's scale and bias as every tag's cold start", () => {
    if (engine.scoring.kind !== 'sigmoid') throw new Error('not a sigmoid model')
    const { scale, bias } = engine.scoring
    expect(projectTagColdStart(project)).toEqual({ scale, bias, negatives: false })
    const model = new TagModel()
    const ids = project.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
    let n = 0
    for (const id of ids)
      for (const [labelId, s] of tagScoresOf(project.db, id)) {
        expect(model.prob(project, labelId, s)).toBeCloseTo(1 / (1 + Math.exp(-(scale * s + bias))), 12)
        n++
      }
    expect(n).toBe(ids.length * 3)
  })

  it('maps a probability back to its score through the same bias', () => {
    const model = new TagModel()
    const labelId = project.activeLabels()[0]!.id
    for (const p of [0.05, 0.5, 0.9]) {
      const s = model.scoreAt(project, labelId, p)
      expect(model.prob(project, labelId, s)).toBeCloseTo(p, 9)
    }
  })
})
