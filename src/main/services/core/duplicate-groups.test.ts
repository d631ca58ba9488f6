// Duplicate groups at both levels on a real project: generated shape images with byte-identical
// copies of two of them, scanned and pre-labelled with the demo model (real ONNX), decisions
// through the log; answered by the review room the app calls.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHAPE_CLASSES, writeShapeDataset } from '../../adapt/testing/shapes'
import { loadEngine, type LoadedClipEngine } from '../../clip/engine'
import { appendDecisions, currentLabel } from '../../db/decisions'
import { predictionOf } from '../../db/predictions'
import { Project } from '../../db/project'
import { prelabel } from '../../jobs/prelabel'
import { scanProject } from '../../jobs/scan'
import { createReviewHandlers } from '../handlers/review'
import { projectContext } from '../testing/context'
import { EmbeddingCache } from './adapter-cache'
import { ReviewSession } from './review-session'

let dir = ''
let project: Project
let engine: LoadedClipEngine
let h: ReturnType<typeof createReviewHandlers>

const sorted = (ids: number[]): number[] => [...ids].sort((a, b) => a - b)
const asSets = (groups: { imageIds: number[] }[]): number[][] => groups.map((g) => sorted(g.imageIds))

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-dupgroups-'))
  const root = join(dir, 'images')
  const shapes = await writeShapeDataset(root, { perClass: 8, seed: 5 })
  copyFileSync(shapes[0]!.file, join(root, 'copy-a1.png'))
  copyFileSync(shapes[0]!.file, join(root, 'copy-a2.png'))
  copyFileSync(shapes[1]!.file, join(root, 'copy-b1.png'))
  project = Project.create(join(dir, 'dups.zebra'), {
    roots: [root],
    labels: SHAPE_CLASSES.map((c) => ({ name: c.name })),
    templates: ['a photo of a {}.']
  })
  await scanProject(project)
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
  await prelabel(project, engine)
  const ctx = projectContext({ project: () => project, engine: () => engine, dataDir: dir })
  const cache = new EmbeddingCache()
  h = createReviewHandlers(ctx, new ReviewSession(ctx, cache), cache)
}, 120_000)

afterAll(async () => {
  project?.close()
  await engine?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('duplicate levels', () => {
  it('identical files: exactly the copies, certain (no threshold)', async () => {
    const r = await h['review.duplicateGroups']({ level: 'identical', limit: 100 })
    expect(r).toMatchObject({ level: 'identical', threshold: null, auto: false })
    expect(r.groups.map((g) => g.relPaths.filter((p) => p.startsWith('copy-')).sort())).toEqual([
      ['copy-a1.png', 'copy-a2.png'],
      ['copy-b1.png']
    ])
    expect(r.groups.map((g) => g.imageIds.length)).toEqual([3, 2])
    // copies have one embedding, so one top-1: not mixed
    for (const g of r.groups) expect(g).toMatchObject({ mixed: false, unreviewed: g.imageIds.length })
  })

  it('similar without a threshold: the one chosen for the demo model finds the copies and nothing else', async () => {
    const identical = await h['review.duplicateGroups']({ level: 'identical', limit: 100 })
    const auto = await h['review.duplicateGroups']({ level: 'similar', limit: 100 })
    expect(auto.auto).toBe(true)
    expect(auto.threshold).toBeGreaterThanOrEqual(0.9)
    expect(auto.threshold).toBeLessThanOrEqual(0.999)
    expect(auto.typical).toBeLessThan(auto.threshold!)
    expect(asSets(auto.groups)).toEqual(asSets(identical.groups))
    // one image's near-duplicates without a threshold: the same choice, so its copies
    const [a] = identical.groups
    const near = await h['review.duplicates']({ imageId: a!.imageIds[0]! })
    expect(sorted(near.map((d) => d.imageId))).toEqual(sorted(a!.imageIds.slice(1)))
    // a threshold given is used as given
    const given = await h['review.duplicateGroups']({ level: 'similar', threshold: 0.9, limit: 100 })
    expect(given).toMatchObject({ threshold: 0.9, auto: false })
    expect(given.groups.length).toBeGreaterThan(0)
  })

  it("marks a group mixed when its members' labels differ, with counts per label", async () => {
    // at 0.9 the demo model joins shapes whose top-1 labels differ; mixed says exactly that
    const loose = await h['review.duplicateGroups']({ level: 'similar', threshold: 0.9, limit: 100 })
    for (const g of loose.groups) {
      const tops = new Set(g.imageIds.map((id) => predictionOf(project.db, id)!.top[0]![0]))
      expect(g.mixed, g.relPaths.join()).toBe(tops.size > 1)
      expect(g.labels.reduce((n, l) => n + l.count, 0)).toBe(g.imageIds.length)
      for (let i = 1; i < g.labels.length; i++)
        expect(g.labels[i - 1]!.count).toBeGreaterThanOrEqual(g.labels[i]!.count)
    }
    expect(loose.groups.some((g) => g.mixed)).toBe(true)

    // copies agree on top-1, but a decision on one of them that differs makes their group mixed
    const labels = project.labels()
    const [a] = (await h['review.duplicateGroups']({ level: 'identical', limit: 100 })).groups
    const top = predictionOf(project.db, a!.imageIds[0]!)!.top[0]![0]
    const other = labels.find((l) => l.id !== top)!
    appendDecisions(project.db, [{ imageId: a!.imageIds[2]!, kind: 'corrected', labelId: other.id }], 't')
    expect(currentLabel(project.db, a!.imageIds[2]!)?.labelId).toBe(other.id)
    const [mixed] = (await h['review.duplicateGroups']({ level: 'identical', limit: 100 })).groups
    expect(mixed).toMatchObject({
      mixed: true,
      unreviewed: 2,
      labels: [
        { labelId: top, label: labels.find((l) => l.id === top)!.name, count: 2, decided: 0 },
        { labelId: other.id, label: other.name, count: 1, decided: 1 }
      ]
    })
  })
})
