// The compare room on a real tags project of the sample images, pre-labelled with the demo model
// and decided tag by tag: compare.run scores each template set tag by tag (checked here against
// the scores pre-labelling stored, with plain loops), keeps the report in the project file, and
// compare.models scores the demo model and the tiny fixture model on the same decided images.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeSchemas, type Handlers } from '../../shared/contract'
import type { CompareReport } from '../../shared/report'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { TINY_CLIP_DIR } from '../clip/test-fixtures'
import { imageIdByRel } from '../db/images'
import type { Project } from '../db/project'
import { tagScoresOf } from '../db/tag-scores'
import { createCompareHandlers } from './handlers/compare'
import { withSavedState, type UnsavedHandlers } from './core/saved'
import { MAX_CURVE_IMAGES, tagCurvePoints } from './core/tag-compare'
import { mulberry32 } from '../math/rng'
import { normalizeRows } from '../math/rows'
import { projectContext } from './testing/context'
import {
  makeTagSampleProject,
  prelabelWith,
  SAMPLE_IMAGE_TRUTH,
  SAMPLE_IMAGE_TAGS
} from './testing/tag-sample'

let dir = ''
let project: Project
let h: Handlers
let report: CompareReport
let engine: LoadedClipEngine

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-tag-compare-'))
  project = await makeTagSampleProject(join(dir, 'tags.zebra'))
  project.saveTemplateSet('Plain', ['a {}.'], false)
  // the demo model embeds the prompts of the set it never pre-labelled with
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
  const ctx = projectContext({ project: () => project, engine: () => engine, dataDir: dir })
  h = withSavedState(ctx, createCompareHandlers(ctx) as unknown as UnsavedHandlers)
  report = await h['compare.run'](invokeSchemas['compare.run'].parse({}))
}, 120_000)

afterAll(async () => {
  project?.close()
  await engine?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** AP by its definition: the mean over present images of the precision at their rank (no ties). */
function ap(scores: number[], present: boolean[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!)
  let hits = 0
  let sum = 0
  order.forEach((i, k) => {
    if (present[i]) sum += ++hits / (k + 1)
  })
  return sum / hits
}

/** The decided (score, present) pairs of tag t, from the scores pre-labelling stored. */
function stored(t: number): { s: number[]; present: boolean[] } {
  const root = project.roots()[0]!.id
  const labelId = project.activeLabels()[t]!.id
  const s: number[] = []
  const present: boolean[] = []
  for (const [rel, marks] of Object.entries(SAMPLE_IMAGE_TRUTH)) {
    if (marks[t] !== 'P' && marks[t] !== 'A') continue
    s.push(tagScoresOf(project.db, imageIdByRel(project.db, root, rel)!).get(labelId)!)
    present.push(marks[t] === 'P')
  }
  return { s, present }
}

describe('compare.run on a tags project', () => {
  it('scores the default set tag by tag as its stored scores rank the decided images', () => {
    expect(report.templates).toEqual([])
    expect(report.ensembles).toEqual([])
    expect(report.greedy).toBeNull()
    const tags = report.tags!
    expect(tags.tags).toEqual(SAMPLE_IMAGE_TAGS)
    expect(tags.images).toBe(Object.keys(SAMPLE_IMAGE_TRUTH).length)
    expect(tags.scale).toBe(project.settings().temperature)
    expect(tags.sets.map((x) => x.name)).toEqual(project.templateSets().map((x) => x.name))
    const set = tags.sets.find((x) => x.name === project.activeTemplateSet().name)!
    const aps = SAMPLE_IMAGE_TAGS.map((tag, t) => {
      const { s, present } = stored(t)
      const row = set.perTag[t]!
      expect(row.label).toBe(tag)
      expect(row.present).toBe(present.filter(Boolean).length)
      expect(row.absent).toBe(present.filter((x) => !x).length)
      expect(row.ap).toBeCloseTo(ap(s, present), 5)
      // p >= 0.5 is s >= 0 at the cold start
      const tp = s.filter((v, i) => v >= 0 && present[i]).length
      const predicted = s.filter((v) => v >= 0).length
      expect(row.atHalf.precision).toBe(predicted ? tp / predicted : 0)
      expect(row.atHalf.recall).toBe(tp / row.present)
      // under 20 decisions a tag has no threshold, and nothing is read at one
      expect(row.threshold.kind).toBe('withheld')
      expect(row.atThreshold).toBeNull()
      return row.ap!
    })
    expect(set.mAP).toBeCloseTo(aps.reduce((a, b) => a + b, 0) / aps.length, 12)
    const best = [...tags.sets].sort((a, b) => b.mAP! - a.mAP!)[0]!
    expect(tags.best).toBe(best.name)
  })

  it('draws the few-shot learning curve in mAP from the default set', () => {
    const curve = report.tags!.curve!
    expect(curve.basis).toBe(project.activeTemplateSet().name)
    expect(curve.points.length).toBeGreaterThan(0)
    const ns = curve.points.map((p) => p.n)
    expect([...ns].sort((a, b) => a - b)).toEqual(ns)
    for (const p of curve.points) {
      for (const v of [p.zeroShotMAP, p.calibratedMAP, p.adaptedMAP]) {
        expect(v).toBeGreaterThan(0)
        expect(v).toBeLessThanOrEqual(1)
      }
    }
  })

  it('keeps the report, tags section included, in the project file', async () => {
    const saved = await h['compare.saved']({})
    expect(saved!.report).toEqual(report)
  })

  it('answers compare.learningCurve with where the curve is', async () => {
    await expect(h['compare.learningCurve']({})).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('run the comparison')
    })
  })
})

describe('compare.models on a tags project', () => {
  beforeAll(async () => {
    await prelabelWith(project, TINY_CLIP_DIR)
  }, 120_000)

  it('scores every model tag by tag on the same decided images', async () => {
    const r = await h['compare.models'](invokeSchemas['compare.models'].parse({ measure: false }))
    expect(r.tags).toEqual({ target: report.tags!.target, scale: report.tags!.scale })
    expect(r.images).toBe(report.tags!.images)
    expect(r.labels).toEqual(SAMPLE_IMAGE_TAGS)
    expect(r.models).toHaveLength(2)
    const demo = r.models.find((m) => m.name === 'demo-model')!
    const tiny = r.models.find((m) => m.name === 'tiny-clip')!
    // the tiny model pre-labelled last: its suggestions are the current ones
    expect(tiny.current).toBe(true)
    for (const m of r.models) {
      expect(m.top1).toBeNull()
      expect(m.reviewed).toBe(report.tags!.images)
      expect(m.tags!.perTag.map((t) => t.label)).toEqual(SAMPLE_IMAGE_TAGS)
    }
    // the demo model on the default set is the comparison's default-set row
    const set = report.tags!.sets.find((x) => x.name === project.activeTemplateSet().name)!
    expect(demo.tags!.perTag).toEqual(set.perTag)
    expect(demo.tags!.mAP).toBe(set.mAP)
    expect(tiny.tags!.mAP).not.toBe(set.mAP)
  })
})

describe('the learning curve of a large project', () => {
  it(`is drawn on a seeded sample of ${MAX_CURVE_IMAGES} decided images`, () => {
    // 2100 decided images of 2 tags in 4 dimensions: tag t present when coordinate t is positive
    const n = MAX_CURVE_IMAGES + 100
    const dim = 4
    const rnd = mulberry32(3)
    const embeddings = normalizeRows(
      Float32Array.from({ length: n * dim }, () => rnd() - 0.5),
      n,
      dim
    )
    const truth = Int8Array.from({ length: n * 2 }, (_, k) =>
      embeddings[(k >> 1) * dim + (k & 1)]! > 0 ? 1 : 0
    )
    const labels = project.activeLabels().slice(0, 2)
    const d = {
      modelId: 'm',
      dim,
      imageIds: Array.from({ length: n }, (_, i) => i + 1),
      embeddings,
      labels,
      truth
    }
    const scorer = {
      pos: Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0]),
      neg: Float32Array.from([0, 0, 1, 0, 0, 0, 1, 0]),
      dim,
      tags: 2
    }
    const points = tagCurvePoints(d, scorer, { scale: 10, bias: 0 })
    // the pool is what the held-out third leaves of the sample, not of every decided image
    expect(points.at(-1)!.n).toBe(MAX_CURVE_IMAGES - Math.round(MAX_CURVE_IMAGES * 0.3))
    expect(points.at(-1)!.adaptedMAP).toBeGreaterThan(0.9)
  })
})
