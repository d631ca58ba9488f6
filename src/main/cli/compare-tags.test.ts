// `zebra compare` on a tags project, run as a child process from a folder outside the repo: the
// sample images in a tags project pre-labelled with the demo model and decided tag by tag. The
// per-tag numbers are checked against the scores pre-labelling stored in the file.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ModelsReport } from '../../shared/models-report'
import type { CompareReport } from '../../shared/report'
import type { TagLearningCurve } from '../../shared/tag-report'
import { imageIdByRel } from '../db/images'
import { Project } from '../db/project'
import { tagScoresOf } from '../db/tag-scores'
import { makeTagSampleProject, SAMPLE_IMAGE_TRUTH, SAMPLE_IMAGE_TAGS } from '../services/testing/tag-sample'
import { runZebra, workDir, type CliRun } from './testing/harness'

let cwd = ''
let env: NodeJS.ProcessEnv
/** per tag the stored s and the decision of each decided image */
const decided: { s: number[]; present: boolean[] }[] = []
const zebra = (...args: string[]): Promise<CliRun> => runZebra(args, { cwd, env })
async function ok(...args: string[]): Promise<string> {
  const r = await zebra(...args)
  expect(r.code, `zebra ${args.join(' ')}\n${r.stderr}`).toBe(0)
  return r.stdout
}

beforeAll(async () => {
  cwd = workDir('zebra-cli-tags-compare-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'tester' }
  const project: Project = await makeTagSampleProject(join(cwd, 'tags.zebra'))
  try {
    const root = project.roots()[0]!.id
    project.activeLabels().forEach((l, t) => {
      const d = { s: [] as number[], present: [] as boolean[] }
      for (const [rel, marks] of Object.entries(SAMPLE_IMAGE_TRUTH)) {
        if (marks[t] !== 'P' && marks[t] !== 'A') continue
        d.s.push(tagScoresOf(project.db, imageIdByRel(project.db, root, rel)!).get(l.id)!)
        d.present.push(marks[t] === 'P')
      }
      decided.push(d)
    })
  } finally {
    project.close()
  }
}, 120_000)

afterAll(() => {
  if (cwd) rmSync(cwd, { recursive: true, force: true })
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

describe('zebra compare on a tags project', () => {
  it('prints each set tag by tag as JSON, deterministically', async () => {
    const report = JSON.parse(await ok('compare', 'tags.zebra', '--format', 'json')) as CompareReport
    expect(report.templates).toEqual([])
    const t = report.tags!
    expect(t.images).toBe(Object.keys(SAMPLE_IMAGE_TRUTH).length)
    expect(t.tags).toEqual(SAMPLE_IMAGE_TAGS)
    expect(t.sets).toHaveLength(1)
    const [set] = t.sets
    set!.perTag.forEach((row, k) => {
      const d = decided[k]!
      expect(row.present).toBe(d.present.filter(Boolean).length)
      expect(row.absent).toBe(d.present.filter((x) => !x).length)
      expect(row.ap).toBeCloseTo(ap(d.s, d.present), 5)
      const tp = d.s.filter((v, i) => v >= 0 && d.present[i]).length
      expect(row.atHalf.recall).toBe(tp / row.present)
    })
    const aps = set!.perTag.map((r) => r.ap!)
    expect(set!.mAP).toBeCloseTo(aps.reduce((a, b) => a + b, 0) / aps.length, 12)
    expect(t.curve!.points.length).toBeGreaterThan(0)
    const again = JSON.parse(await ok('compare', 'tags.zebra', '--format', 'json')) as CompareReport
    expect({ ...again, timingMs: 0 }).toEqual({ ...report, timingMs: 0 })

    const curve = JSON.parse(
      await ok('compare', 'tags.zebra', '--learning-curve', '--format', 'json')
    ) as TagLearningCurve
    expect(curve).toEqual(t.curve)
  })

  it('prints the per-tag table, mAP and the learning curve as markdown, with a preset', async () => {
    const md = await ok('compare', 'tags.zebra', '--preset', 'CIFAR10')
    expect(md).toMatch(/^# Template comparison \(tags\)/)
    expect(md).toContain('| CIFAR10 (preset) |')
    expect(md).toContain('## Per tag: "CIFAR10 (preset)"')
    for (const tag of SAMPLE_IMAGE_TAGS) expect(md).toMatch(new RegExp(`\\| ${tag} \\| \\d+ \\| \\d+ \\| `))
    expect(md).toContain('Thresholds withheld: Too few decisions on this tag')
    expect(md).toContain('| decided images | zero-shot mAP | calibrated mAP | few-shot heads mAP |')
  })

  it('compares the models tag by tag with --models', async () => {
    const r = JSON.parse(
      await ok('compare', 'tags.zebra', '--models', '--no-measure', '--format', 'json')
    ) as ModelsReport
    const report = JSON.parse(await ok('compare', 'tags.zebra', '--format', 'json')) as CompareReport
    expect(r.labels).toEqual(SAMPLE_IMAGE_TAGS)
    expect(r.models).toHaveLength(1)
    expect(r.models[0]!.tags!.perTag).toEqual(report.tags!.sets[0]!.perTag)
    expect(r.models[0]!.tags!.curve).toEqual(report.tags!.curve!.points)
    const md = await ok('compare', 'tags.zebra', '--models', '--no-measure')
    expect(md).toMatch(/^# Which model for this dataset \(tags\)/)
    expect(md).toContain('## AP per tag')
  })
})
