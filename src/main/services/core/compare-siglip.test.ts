// The compare reports of SigLIP 2 projects read the model's own sigmoid, on the parity fixture run
// by onnxruntime: the single-label report's calibration (ECE) is that of the sigmoid top-1 that
// pre-labelling stored, and a tags project is scored on the cosine alone at the model's scale and
// bias (no negatives), as its tag model reads it.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine, type LoadedClipEngine } from '../../clip/engine'
import { siglipDir, siglipImages } from '../../clip/siglip-fixtures'
import { decide, decideTags } from '../../db/ops'
import { Project } from '../../db/project'
import { tagScoresOf } from '../../db/tag-scores'
import { expectedCalibrationError } from '../../eval/metrics'
import { prelabel } from '../../jobs/prelabel'
import { scanProject } from '../../jobs/scan'
import { sampleImagesDir } from '../../paths'
import { compareTagModelsProject } from './compare-tag-models'
import { modelEngines } from './model-engines'
import { compareProject } from './project-data'
import { compareTagsProject } from './tag-compare'

let engine: LoadedClipEngine
let dir: string
let single: Project
let tags: Project
const getEngine = (): Promise<LoadedClipEngine> => Promise.resolve(engine)

async function made(name: string, kind: 'single' | 'tags'): Promise<Project> {
  const root = join(dir, name)
  mkdirSync(root)
  for (const f of siglipImages('siglip2-224')) copyFileSync(join(sampleImagesDir(), f), join(root, f))
  const p = Project.create(join(dir, `${name}.zebra`), {
    roots: [root],
    ...(kind === 'tags' ? { kind: 'tags' as const } : {}),
    labels: [{ name: 'cat' }, { name: 'rocket' }, { name: '猫' }]
  })
  await scanProject(p)
  await prelabel(p, engine)
  return p
}

const imageIds = (p: Project): number[] =>
  p.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]

beforeAll(async () => {
  engine = await loadEngine({ modelDir: siglipDir('siglip2-224'), ep: 'cpu', threads: 1 })
  dir = mkdtempSync(join(tmpdir(), 'zebra-siglip-compare-'))
  single = await made('single', 'single')
  tags = await made('tags', 'tags')
}, 120_000)
afterAll(async () => {
  single?.close()
  tags?.close()
  await engine?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the compare report of a single-label SigLIP 2 project', () => {
  it('measures the calibration of the sigmoid top-1 pre-labelling stored', async () => {
    const labels = single.activeLabels().map((l) => l.id)
    const stored = new Map(
      (
        single.db.prepare('SELECT image_id, topk FROM predictions').all() as {
          image_id: number
          topk: string
        }[]
      ).map((r) => [r.image_id, JSON.parse(r.topk) as [number, number][]])
    )
    const conf: number[] = []
    const correct: boolean[] = []
    imageIds(single).forEach((id, i) => {
      const top = stored.get(id)!
      // every other image corrected to another label, so the top-1 is right on half of them
      const truth = i % 2 === 0 ? top[0]![0] : labels.find((l) => l !== top[0]![0])!
      decide(single, { imageId: id, kind: 'corrected', labelId: truth }, 'ann')
      conf.push(top[0]![1])
      correct.push(truth === top[0]![0])
    })
    const report = await compareProject(single, getEngine, {
      templateSetIds: [single.activeTemplateSet().id],
      greedy: false
    })
    const row = report.ensembles.find((e) => e.name === single.activeTemplateSet().name)!
    expect(row.top1).toBeCloseTo(0.5, 12)
    expect(row.ece).toBeCloseTo(expectedCalibrationError(conf, correct, 10), 5)
    // sigmoid probabilities of three labels: not a softmax's, which read at least 1/3
    expect(Math.min(...conf)).toBeLessThan(1 / 3)
  })
})

describe('the compare reports of a tags SigLIP 2 project', () => {
  it("score the cosine alone at the model's scale and bias", async () => {
    if (engine.scoring.kind !== 'sigmoid') throw new Error('not a sigmoid model')
    const { scale, bias } = engine.scoring
    const live = tags.activeLabels()
    const ids = imageIds(tags)
    // cat present on the first half, rocket on the second, 猫 absent everywhere
    ids.forEach((id, i) =>
      decideTags(
        tags,
        id,
        live.map((l, t) => ({
          imageId: id,
          labelId: l.id,
          kind: (t === 0 && i < ids.length / 2) || (t === 1 && i >= ids.length / 2) ? 'accepted' : 'rejected'
        })),
        'ann'
      )
    )
    const report = await compareTagsProject(tags, getEngine, {
      templateSetIds: [tags.activeTemplateSet().id]
    })
    const section = report.tags!
    expect(section.scale).toBe(scale)
    const set = section.sets[0]!
    live.forEach((l, t) => {
      // "at 0.5" counted by hand: present where sigmoid(scale · cos + bias) ≥ 0.5, the stored
      // cosine of a sigmoid model being the tag's score as it is
      let tp = 0
      let fp = 0
      let fn = 0
      ids.forEach((id, i) => {
        const s = tagScoresOf(tags.db, id).get(l.id)!
        const present = (t === 0 && i < ids.length / 2) || (t === 1 && i >= ids.length / 2)
        const predicted = scale * s + bias >= 0
        if (predicted && present) tp++
        else if (predicted) fp++
        else if (present) fn++
      })
      const row = set.perTag[t]!
      expect(row.label).toBe(l.name)
      expect(row.atHalf.precision).toBeCloseTo(tp + fp ? tp / (tp + fp) : 0, 12)
      expect(row.atHalf.recall).toBeCloseTo(tp + fn ? tp / (tp + fn) : 0, 12)
    })
    const engines = modelEngines(tags, engine)
    const models = await compareTagModelsProject(tags, engines)
    await engines.dispose()
    expect(models.tags?.scale).toBe(scale)
    expect(models.models[0]!.tags!.perTag.map((r) => r.atHalf)).toEqual(set.perTag.map((r) => r.atHalf))
  })
})
