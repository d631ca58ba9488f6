// Search, duplicate groups, group decisions and possible mistakes on a real project file:
// generated shape images (two exact copies of one, so there is a duplicate group for sure),
// scanned, pre-labelled with the demo engine, reviewed through the decision log; the handlers are
// the real ones the app calls.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeShapeDataset, SHAPE_CLASSES, type ShapeImage } from '../adapt/testing/shapes'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { appendDecisions, currentLabel, redo, undo } from '../db/decisions'
import { verifyCurrent } from '../db/verify'
import { keptImages } from '../db/kept-labels'
import { Project } from '../db/project'
import { prelabel } from '../jobs/prelabel'
import { scanProject } from '../jobs/scan'
import { EmbeddingCache } from './core/adapter-cache'
import { ReviewSession } from './core/review-session'
import { createReviewHandlers } from './handlers/review'
import { createSearchHandlers } from './handlers/search'
import type { ServiceContext } from './core/context'
import { projectContext } from './testing/context'

let dir = ''
let project: Project
let engine: LoadedClipEngine
let images: ShapeImage[] = []
let ctx: ServiceContext
const idOf = new Map<string, number>()
let root = ''

const rel = (file: string): string => relative(root, file).split(sep).join('/')
const state = (id: number) => {
  const c = currentLabel(project.db, id)
  return c ? `${c.kind}:${c.labelId}` : 'unreviewed'
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-reach-'))
  root = join(dir, 'images')
  images = await writeShapeDataset(root, { perClass: 8, seed: 5 })
  // two byte-identical copies of the first red circle: a near-duplicate group of three
  copyFileSync(images[0]!.file, join(root, 'class_a', 'copy-1.png'))
  copyFileSync(images[0]!.file, join(root, 'class_a', 'copy-2.png'))
  project = Project.create(join(dir, 'reach.zebra'), {
    roots: [root],
    labels: SHAPE_CLASSES.map((c) => ({ name: c.name })),
    templates: ['a photo of a {}.']
  })
  await scanProject(project)
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
  await prelabel(project, engine)
  for (const r of project.db.prepare('SELECT id, rel_path FROM images').all() as {
    id: number
    rel_path: string
  }[])
    idOf.set(r.rel_path, r.id)
  ctx = projectContext({ project: () => project, engine: () => engine, dataDir: dir })
})

afterAll(async () => {
  await ctx?.jobs.cancelAll()
  project?.close()
  await engine?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('duplicate groups and group decisions', () => {
  it('finds the copies as one group and decides it in one step that one undo reverts', async () => {
    const h = {
      ...rooms(ctx),
      ...rooms(ctx)
    }
    const copies = [rel(images[0]!.file), 'class_a/copy-1.png', 'class_a/copy-2.png'].map((p) => idOf.get(p)!)
    const groups = await h['review.duplicateGroups']({ level: 'similar', threshold: 0.999, limit: 100 })
    expect(groups).toMatchObject({ level: 'similar', threshold: 0.999, auto: false })
    const group = groups.groups.find((g) => g.imageIds.includes(copies[0]!))!
    expect([...group.imageIds].sort((a, b) => a - b)).toEqual([...copies].sort((a, b) => a - b))
    expect(group.unreviewed).toBe(3)
    // the current image's duplicates are the other two copies
    const dups = await h['review.duplicates']({ imageId: copies[0]!, threshold: 0.999 })
    expect(dups.map((d) => d.imageId).sort((a, b) => a - b)).toEqual(copies.slice(1).sort((a, b) => a - b))

    // one copy was already reviewed as another label: the group decision must restore it on undo
    const labels = project.labels()
    appendDecisions(
      project.db,
      [{ imageId: copies[1]!, kind: 'corrected', labelId: labels[3]!.id }],
      'tester'
    )
    const before = copies.map(state)
    expect(before).toEqual(['unreviewed', `corrected:${labels[3]!.id}`, 'unreviewed'])

    expect(await h['review.decideGroup']({ imageIds: copies, labelId: labels[0]!.id })).toMatchObject({
      count: 3,
      next: []
    })
    const after = copies.map(state)
    for (const s of after) expect(s).toMatch(new RegExp(`^(accepted|corrected):${labels[0]!.id}$`))
    expect(
      (await h['review.duplicateGroups']({ level: 'similar', threshold: 0.999, limit: 100 })).groups.find(
        (g) => g.imageIds.includes(copies[0]!)
      )?.unreviewed
    ).toBe(0)

    // ONE undo restores every image of the group, the earlier correction included
    const u = undo(project.db, 'tester')!
    expect([...u.imageIds].sort((a, b) => a - b)).toEqual([...copies].sort((a, b) => a - b))
    expect(copies.map(state)).toEqual(before)
    expect(verifyCurrent(project.db).mismatches).toBe(0)
    // and one redo puts the whole group back
    expect(redo(project.db, 'tester')!.imageIds).toHaveLength(3)
    expect(copies.map(state)).toEqual(after)
    // a second undo after the redo reverts the group again, not the older single correction
    undo(project.db, 'tester')
    expect(copies.map(state)).toEqual(before)
  })

  it('writes nothing for an unknown label or image', async () => {
    const h = rooms(ctx)
    const n = project.db.prepare('SELECT count(*) FROM decisions').pluck().get() as number
    await expect(h['review.decideGroup']({ imageIds: [1, 2], labelId: 9999 })).rejects.toMatchObject({
      code: 'not_found'
    })
    await expect(h['review.decideGroup']({ imageIds: [1, 99_999], labelId: 1 })).rejects.toMatchObject({
      code: 'not_found'
    })
    expect(project.db.prepare('SELECT count(*) FROM decisions').pluck().get()).toBe(n)
  })
})

describe('text search', () => {
  it('finds red circles for "a photo of a red circle."', async () => {
    const h = rooms(ctx)
    const hits = await h['search.text']({ query: 'a photo of a red circle.', limit: 6 })
    expect(hits).toHaveLength(6)
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score)
    // class_a is the red circle: most of the best hits are from its folder (10 of 42 images)
    expect(hits.filter((x) => x.relPath.startsWith('class_a/')).length).toBeGreaterThanOrEqual(4)
  })
})

describe('possible mistakes', () => {
  it('lists flipped labels with the suggested label id; keep hides one until its label changes', async () => {
    const adapt = rooms(ctx)
    const reach = rooms(ctx)
    const labels = project.labels()
    // review every generated image with its true class, then flip two
    const truth = images.map((img) => ({
      imageId: idOf.get(rel(img.file))!,
      kind: 'corrected' as const,
      labelId: labels[img.label]!.id
    }))
    appendDecisions(project.db, truth, 'tester', 'bulk')
    const flipped = [truth[2]!, truth[3]!].map((d) => ({
      ...d,
      labelId: labels[(labels.findIndex((l) => l.id === d.labelId) + 2) % labels.length]!.id
    }))
    appendDecisions(project.db, flipped, 'tester', 'bulk')

    const list = await adapt['review.mistakes']({ limit: 20 })
    const hit = list.filter((m) => flipped.some((f) => f.imageId === m.imageId))
    expect(hit.length).toBeGreaterThanOrEqual(1)
    for (const m of list) {
      expect(m.labelId).toBe(currentLabel(project.db, m.imageId)!.labelId)
      expect(labels.find((l) => l.id === m.suggestedId)?.name).toBe(m.suggested)
      expect(m.suggestedId).not.toBe(m.labelId)
    }
    const kept = hit[0]!
    await reach['review.keepLabel']({ imageId: kept.imageId })
    const afterKeep = await adapt['review.mistakes']({ limit: 20 })
    expect(afterKeep.map((m) => m.imageId)).not.toContain(kept.imageId)
    expect(afterKeep.length).toBe(list.length - 1)
    expect(keptImages(project.db).has(kept.imageId)).toBe(true)
    // a new label on it ends the keep: the model may flag the new label again
    appendDecisions(
      project.db,
      [{ imageId: kept.imageId, kind: 'corrected', labelId: kept.suggestedId }],
      'tester'
    )
    expect(keptImages(project.db).has(kept.imageId)).toBe(false)
    await expect(reach['review.keepLabel']({ imageId: 99_999 })).rejects.toMatchObject({ code: 'not_found' })
    // an image with no label has nothing to keep (the second copy was decided, then undone)
    const unlabelled = idOf.get('class_a/copy-2.png')!
    expect(currentLabel(project.db, unlabelled)).toBeNull()
    await expect(reach['review.keepLabel']({ imageId: unlabelled })).rejects.toMatchObject({
      code: 'invalid_input'
    })
    expect(keptImages(project.db).has(unlabelled)).toBe(false)
  })
})

/** the review and search rooms over their own embedding cache */
function rooms(c: ServiceContext) {
  const cache = new EmbeddingCache()
  return { ...createReviewHandlers(c, new ReviewSession(c, cache), cache), ...createSearchHandlers(c, cache) }
}
