// The compare and adaptation services on a real project file: generated shape images, scanned,
// pre-labelled with the demo engine, part of them reviewed through the decision log.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventChannel, EventMap } from '../../shared/contract'
import { writeShapeDataset, SHAPE_CLASSES, type ShapeImage } from '../adapt/testing/shapes'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { appendDecisions } from '../db/decisions'
import { Project } from '../db/project'
import { prelabel } from '../jobs/prelabel'
import { scanProject } from '../jobs/scan'
import {
  AdapterCache,
  diverseOrderIds,
  EmbeddingCache,
  fitProjectAdapter,
  scoreAdapted
} from './core/adapter-cache'
import { ReviewSession } from './core/review-session'
import { createReviewHandlers } from './handlers/review'
import { createSearchHandlers } from './handlers/search'
import { engineGetter } from './core/engine'
import { createCompareHandlers } from './handlers/compare'
import type { ServiceContext } from './core/context'
import { projectContext } from './testing/context'

let dir = ''
let project: Project
let engine: LoadedClipEngine
let images: ShapeImage[] = []
const events: { ch: EventChannel; payload: unknown }[] = []
let ctx: ServiceContext
const idOf = new Map<string, number>()
const reviewed: number[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-svc-'))
  const root = join(dir, 'images')
  images = await writeShapeDataset(root, { perClass: 12, seed: 3 })
  project = Project.create(join(dir, 'shapes.zebra'), {
    roots: [root],
    labels: SHAPE_CLASSES.map((c) => ({ name: c.name })),
    templates: ['a photo of a {}.', 'a drawing of a {}.']
  })
  await scanProject(project)
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
  await prelabel(project, engine)
  const rows = project.db.prepare('SELECT id, rel_path FROM images').all() as {
    id: number
    rel_path: string
  }[]
  for (const r of rows) idOf.set(r.rel_path, r.id)
  const labels = project.labels()
  // Review 2/3 of the images: the truth is the class each image was drawn as.
  const decisions = images
    .filter((_, i) => i % 3 !== 2)
    .map((img) => {
      const imageId = idOf.get(relative(root, img.file).split(sep).join('/'))!
      reviewed.push(imageId)
      return { imageId, kind: 'corrected' as const, labelId: labels[img.label].id }
    })
  appendDecisions(project.db, decisions, 'tester')
  ctx = projectContext({
    project: () => project,
    engine: () => engine,
    dataDir: dir,
    emit: <K extends EventChannel>(ch: K, payload: EventMap[K]) => void events.push({ ch, payload })
  })
})

afterAll(async () => {
  await ctx?.jobs.cancelAll()
  project?.close()
  await engine?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('compare service', () => {
  it('reports on the reviewed images of the project', async () => {
    const h = createCompareHandlers(ctx)
    const r = await h['compare.run']({ greedy: true })
    expect(r.images).toBe(reviewed.length)
    expect(r.labels).toEqual(SHAPE_CLASSES.map((c) => c.name))
    expect(r.templates.map((t) => t.template)).toEqual(['a photo of a {}.', 'a drawing of a {}.'])
    expect(r.ensembles[0].name).toBe(project.activeTemplateSet().name)
    expect(r.greedy?.templates.length).toBeGreaterThan(0)
    const withPreset = await h['compare.run']({ presets: ['CIFAR10'], greedy: false })
    expect(withPreset.ensembles.map((e) => e.name)).toEqual(['CIFAR10 (preset)'])
    expect(withPreset.templates).toHaveLength(18)
  })

  it('produces a learning curve where adaptation beats zero-shot', async () => {
    const curve = await createCompareHandlers(ctx)['compare.learningCurve']({})
    const last = curve[curve.length - 1]
    expect(last.n).toBeGreaterThan(10)
    expect(last.adapted_top1).toBeGreaterThan(last.zeroshot_top1 + 0.25)
  })

  it('applies a template set as the default and re-scores in the background', async () => {
    const before = project.templateSets().length
    const summary = await createCompareHandlers(ctx)['compare.apply']({
      name: 'greedy pick',
      templates: ['a drawing of a {}.']
    })
    expect(summary.templateSets).toHaveLength(before + 1)
    expect(summary.templateSets.find((s) => s.id === summary.activeTemplateSetId)?.name).toBe('greedy pick')
    const job = ctx.jobs.list().find((j) => j.kind === 'rescore')!
    expect(job).toBeDefined()
    expect((await ctx.jobs.finished(job.jobId)).state).toBe('done')
    const stale = project.db
      .prepare('SELECT count(*) FROM predictions WHERE template_set_id != ?')
      .pluck()
      .get(summary.activeTemplateSetId) as number
    expect(stale).toBe(0)
    expect(events.some((e) => e.ch === 'project.changed')).toBe(true)
  })
})

describe('adaptation services', () => {
  it('scores unreviewed images with the adapter, better than zero-shot', async () => {
    const pa = await fitProjectAdapter(project, engineGetter(ctx))
    expect(pa.adapter.lambda).toBeGreaterThan(0)
    const labels = project.labels()
    const root = project.roots()[0].path
    const held = images.filter((_, i) => i % 3 === 2)
    const rows = held.map((img) => idOf.get(relative(root, img.file).split(sep).join('/'))!)
    const vecs = rows.map(
      (id) =>
        project.db.prepare('SELECT vec FROM image_embeddings WHERE image_id = ?').pluck().get(id) as Buffer
    )
    const d = pa.adapter.dim
    const m = new Float32Array(rows.length * d)
    vecs.forEach((v, i) =>
      m.set(new Float32Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)), i * d)
    )
    const { top, source } = scoreAdapted(pa, m, rows.length)
    expect(source).toBe('adapted')
    const adaptedHits = top.filter((t, i) => t[0][0] === labels[held[i].label].id).length
    const zsHits = rows.filter((id, i) => {
      const p = project.db
        .prepare('SELECT topk FROM predictions WHERE image_id = ?')
        .pluck()
        .get(id) as string
      return (JSON.parse(p) as [number, number][])[0][0] === labels[held[i].label].id
    }).length
    expect(adaptedHits).toBeGreaterThan(zsHits + held.length * 0.25)
  })

  it('finds near-duplicates, searches by text, lists possible mistakes, orders diversely', async () => {
    const h = rooms(ctx)
    const first = reviewed[0]
    // threshold 0: every image at a non-negative cosine (a trained model also has negative ones)
    const dups = await h['review.duplicates']({ imageId: first, threshold: 0 })
    expect(dups.length).toBeGreaterThan(images.length / 2)
    expect(dups.length).toBeLessThanOrEqual(images.length - 1)
    expect(dups.every((x) => x.imageId !== first)).toBe(true)
    expect(await h['review.duplicates']({ imageId: first, threshold: 1 })).toEqual([])
    const hits = await h['search.text']({ query: 'a red circle', limit: 7 })
    expect(hits).toHaveLength(7)
    expect(hits[0].score).toBeGreaterThanOrEqual(hits[6].score)
    // flip two reviewed labels: they should surface as possible mistakes
    const labels = project.labels()
    const flipped = reviewed.slice(5, 7)
    const cur = (id: number) =>
      project.db
        .prepare('SELECT d.label_id FROM images i JOIN decisions d ON d.id = i.cur_decision WHERE i.id = ?')
        .pluck()
        .get(id) as number
    appendDecisions(
      project.db,
      flipped.map((imageId) => ({
        imageId,
        kind: 'corrected' as const,
        labelId: labels[(labels.findIndex((l) => l.id === cur(imageId)) + 2) % labels.length].id
      })),
      'tester'
    )
    const mistakes = await h['review.mistakes']({ limit: 10 })
    expect(mistakes.length).toBeGreaterThan(0)
    expect(mistakes.filter((m) => flipped.includes(m.imageId)).length).toBeGreaterThanOrEqual(1)
    for (const m of mistakes) expect(m.label).not.toBe(m.suggested)
    const order = diverseOrderIds(project, new EmbeddingCache(), undefined, 10)
    expect(new Set(order).size).toBe(images.length)
  })

  it('refits the adapter after N decisions in the background, not on every decision', async () => {
    const cache = new AdapterCache(new EmbeddingCache(), 3)
    const first = await cache.get(project, engineGetter(ctx))
    expect(first).not.toBeNull()
    const label = project.labels()[1]
    const decideOne = (id: number) =>
      appendDecisions(project.db, [{ imageId: id, kind: 'corrected', labelId: label.id }], 'tester')
    decideOne(reviewed[0])
    expect(await cache.get(project, engineGetter(ctx))).toBe(first) // 1 < 3 new decisions
    decideOne(reviewed[1])
    decideOne(reviewed[2])
    expect(await cache.get(project, engineGetter(ctx))).toBe(first) // refit started, old one served
    await cache.settled()
    const refitted = await cache.get(project, engineGetter(ctx))
    expect(refitted).not.toBe(first)
    expect(refitted?.adapter.reviewed).toBe(first?.adapter.reviewed)
  })

  it('decides a group as one undoable batch', async () => {
    const h = rooms(ctx)
    const unreviewed = project.db
      .prepare('SELECT id FROM images WHERE rv = 0 ORDER BY id LIMIT 3')
      .pluck()
      .all() as number[]
    const label = project.labels()[0]
    expect(await h['review.decideGroup']({ imageIds: unreviewed, labelId: label.id })).toMatchObject({
      count: 3,
      next: []
    })
    const batches = project.db
      .prepare('SELECT count(DISTINCT batch_id) FROM decisions WHERE image_id IN (?, ?, ?)')
      .pluck()
      .get(...unreviewed) as number
    expect(batches).toBe(1)
    expect(
      project.db
        .prepare('SELECT count(*) FROM images WHERE rv = 1 AND id IN (?, ?, ?)')
        .pluck()
        .get(...unreviewed)
    ).toBe(3)
  })
})

/** the review and search rooms over their own embedding cache */
function rooms(c: ServiceContext) {
  const cache = new EmbeddingCache()
  return { ...createReviewHandlers(c, new ReviewSession(c, cache), cache), ...createSearchHandlers(c, cache) }
}
