// The tags room and the review room on a real tags project of the sample images, pre-labelled by
// the demo model: each image shows every tag with a cold-start probability (never a softmax
// across tags), Enter decides every tag in one undoable action, the tag pass walks one tag by
// probability and marks many images at once (undone in one step), and a tag is calibrated once it
// has enough decisions on both sides.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { invokeSchemas, type InvokeChannel, type InvokeInput, type InvokeOutput } from '../../shared/contract'
import { coldStartProb } from '../clip/tag-scores'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { Project } from '../db/project'
import { tagScoresOf } from '../db/tag-scores'
import { tagStatesOf } from '../db/tag-state'
import { verifyCurrent } from '../db/verify'
import { prelabel } from '../jobs/prelabel'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { ReviewSession } from './core/review-session'
import { createExportHandlers } from './handlers/export'
import { createReviewHandlers } from './handlers/review'
import { createTagHandlers } from './handlers/tags'
import { projectContext } from './testing/context'

let dir = ''
let engine: LoadedClipEngine
let project: Project
let handlers: ReturnType<typeof createTagHandlers> &
  ReturnType<typeof createReviewHandlers> &
  ReturnType<typeof createExportHandlers>
let session: ReviewSession

function call<K extends keyof typeof handlers & InvokeChannel>(
  ch: K,
  input: InvokeInput<K>
): Promise<InvokeOutput<K>> {
  const parsed = invokeSchemas[ch].parse(input) as never
  return (handlers[ch] as unknown as (i: never) => Promise<InvokeOutput<K>>)(parsed)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-tags-room-'))
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
  project = Project.create(join(dir, 'tags.zebra'), {
    roots: [sampleImagesDir()],
    kind: 'tags',
    labels: [{ name: 'red' }, { name: 'blue' }, { name: 'circle' }, { name: 'striped' }],
    templates: ['a photo of a {} shape.']
  })
  await scanProject(project)
  await prelabel(project, engine)
  const ctx = projectContext({ project: () => project, engine: () => engine, dataDir: dir })
  session = new ReviewSession(ctx)
  handlers = {
    ...createTagHandlers(ctx, session),
    ...createReviewHandlers(ctx, session),
    ...createExportHandlers(ctx, session)
  }
})

afterAll(async () => {
  await session?.settled()
  project?.close()
  await engine?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('an image shows every tag with its own cold-start probability', async () => {
  const w = await call('review.window', { status: 'unreviewed', ahead: 2 })
  const item = w.item!
  expect(item.suggestions).toEqual([])
  expect(item.tags!.map((t) => t.label)).toEqual(['red', 'blue', 'circle', 'striped'])
  const scores = tagScoresOf(project.db, item.image.id)
  const T = project.settings().temperature
  for (const t of item.tags!) {
    expect(t.source).toBe('coldstart')
    expect(t.prob).toBeCloseTo(coldStartProb(scores.get(t.labelId)!, T), 6)
    expect(t.checked).toBe(t.prob >= 0.5)
  }
})

it('Enter decides every tag as one action; undo takes it back whole', async () => {
  const w = await call('review.window', { status: 'unreviewed', ahead: 1 })
  const item = w.item!
  const [red, , circle, striped] = item.tags!.map((t) => t.labelId) as [number, number, number, number]
  const step = await call('review.decide', {
    imageId: item.image.id,
    kind: 'accepted',
    tags: { present: [red, circle], unsure: [striped] },
    then: { query: { status: 'unreviewed' }, ahead: 1 }
  })
  expect(step.next[0]?.image.id).not.toBe(item.image.id)
  expect(step.item.tags!.map((t) => t.state)).toEqual(['present', 'absent', 'present', 'unsure'])
  expect(step.stats.reviewed).toBe(w.stats.reviewed + 1)
  expect(verifyCurrent(project.db).mismatches).toBe(0)

  const u = await call('review.undo', {})
  expect(u.imageId).toBe(item.image.id)
  expect(tagStatesOf(project.db, item.image.id).size).toBe(0)
  await expect(call('review.decide', { imageId: item.image.id, kind: 'accepted' })).rejects.toMatchObject({
    code: 'invalid_input'
  })
})

it('a tag pass walks one tag by probability and marks many images as one undoable action', async () => {
  const [red] = project.activeLabels().map((l) => l.id) as [number]
  const first = await call('tags.pass', { labelId: red, filter: 'all', limit: 5 })
  expect(first.items).toHaveLength(5)
  const probs = first.items.map((i) => i.prob)
  expect([...probs].sort((a, b) => b - a)).toEqual(probs)
  const second = await call('tags.pass', { labelId: red, filter: 'all', limit: 5, after: first.after })
  expect(second.items[0]!.prob).toBeLessThanOrEqual(probs[4]!)
  expect(new Set([...first.items, ...second.items].map((i) => i.imageId)).size).toBe(10)

  const above = await call('tags.pass', { labelId: red, filter: 'undecided', limit: 500, minProb: 0.5 })
  const marked = await call('tags.mark', { labelId: red, state: 'present', minProb: 0.5 })
  expect(marked.count).toBe(above.items.length)
  const after = await call('tags.pass', { labelId: red, filter: 'present', limit: 500 })
  expect(after.present).toBe(marked.count)
  const u = await call('review.undo', {})
  expect(u.imageIds).toHaveLength(marked.count)
  expect((await call('tags.pass', { labelId: red, filter: 'present', limit: 500 })).items).toHaveLength(0)
})

it('a tag is calibrated once it has enough present and absent decisions', async () => {
  const [red, blue] = project.activeLabels().map((l) => l.id) as [number, number]
  const before = await call('tags.summary', {})
  expect(before.tags.find((t) => t.labelId === red)!.calibration.kind).toBe('coldstart')
  // decide 12 images: red present on the most red-looking half, absent on the rest
  const pass = await call('tags.pass', { labelId: red, filter: 'undecided', limit: 12 })
  for (const [i, it] of pass.items.entries())
    await call('review.decide', {
      imageId: it.imageId,
      kind: 'accepted',
      tags: { present: i < 6 ? [red] : [blue] }
    })
  await session.settled()
  const s = await call('tags.summary', { target: 0.9 })
  const tag = s.tags.find((t) => t.labelId === red)!
  expect(tag.present).toBe(6)
  expect(tag.absent).toBe(6)
  // the first answer after the decisions may read the previous fits; the refit is then queued
  await session.settled()
  const cal = (await call('tags.summary', {})).tags.find((t) => t.labelId === red)!.calibration
  expect(cal.kind).toBe('calibrated')
  expect(tag.threshold.kind).toBe('withheld')
  const item = await call('review.get', { imageId: pass.items[0]!.imageId })
  expect(item.tags!.find((t) => t.labelId === red)!.source).toBe('calibrated')
})

it('export.run of a tags project writes the probabilities the tag pass shows (calibrated)', async () => {
  await session.settled()
  const [red] = project.activeLabels().map((l) => l.id) as [number]
  const pass = await call('tags.pass', { labelId: red, filter: 'present', limit: 500 })
  expect(pass.calibration.kind).toBe('calibrated')
  const out = join(dir, 'export-jsonl')
  const r = await call('export.run', { format: 'jsonl', outDir: out })
  expect(r.total).toBe(12)
  const rows = readFileSync(join(out, 'labels.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { rel_path: string; tags: string[]; probs: Record<string, number> })
  for (const it of pass.items) {
    const row = rows.find((x) => x.rel_path === it.relPath)!
    expect(row.tags).toContain('red')
    expect(row.probs.red).toBeCloseTo(it.prob, 5)
  }
  const summary = JSON.parse(readFileSync(join(out, 'export-summary.json'), 'utf8')) as {
    probabilities: string
  }
  expect(summary.probabilities).toBe('calibrated')
})
