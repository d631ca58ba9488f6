// The grid room on a real project of the sample images, pre-labelled by the demo model: pages name
// each tile's zero-shot top-1, the adapted top-1 of a page is exactly what the review room
// suggests for the same images (one source of suggestions, whichever screen asks), and a
// threshold's precision is counted from the decisions made through the review room.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  MIN_PRECISION_DECISIONS,
  invokeSchemas,
  type GridRow,
  type InvokeChannel,
  type InvokeInput,
  type InvokeOutput
} from '../../shared/contract'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import { Project } from '../db/project'
import { prelabel } from '../jobs/prelabel'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { ReviewSession } from './core/review-session'
import { createGridHandlers } from './handlers/grid'
import { createReviewHandlers } from './handlers/review'
import { projectContext } from './testing/context'

let dir = ''
let engine: LoadedClipEngine
let project: Project
let handlers: ReturnType<typeof createGridHandlers> & ReturnType<typeof createReviewHandlers>
let session: ReviewSession

function call<K extends keyof typeof handlers & InvokeChannel>(
  ch: K,
  input: InvokeInput<K>
): Promise<InvokeOutput<K>> {
  const parsed = invokeSchemas[ch].parse(input) as never
  return (handlers[ch] as unknown as (i: never) => Promise<InvokeOutput<K>>)(parsed)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-grid-room-'))
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
  project = Project.create(join(dir, 'grid.zebra'), {
    roots: [sampleImagesDir()],
    // names the model cannot know: only the decisions tell photos from drawings, so adaptation
    // learns from them where zero-shot guesses
    labels: [{ name: 'alpha' }, { name: 'beta' }]
  })
  await scanProject(project)
  await prelabel(project, engine)
  const ctx = projectContext({ project: () => project, engine: () => engine, dataDir: dir })
  session = new ReviewSession(ctx)
  handlers = { ...createGridHandlers(ctx, session), ...createReviewHandlers(ctx, session) }
})

afterAll(async () => {
  await session?.settled()
  project?.close()
  await engine?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const allRows = async (): Promise<GridRow[]> =>
  (await call('grid.page', { status: 'all', offset: 0, limit: 1000 })).rows

it('pages name the zero-shot top-1 of every tile', async () => {
  const rows = await allRows()
  expect(rows.length).toBeGreaterThan(10)
  const names = new Map(project.labels().map((l) => [l.id, l.name]))
  for (const r of rows) expect(r.label).toBe(names.get(r.labelId))
})

it('the adapted top-1 of a page is what review suggests for each image, and nothing with adapt off', async () => {
  project.updateSettings({ adapt: false })
  const rows = await allRows()
  const ids = rows.map((r) => r.imageId)
  expect(await call('grid.adapted', { imageIds: ids })).toEqual({ source: null, rows: [] })

  project.updateSettings({ adapt: true })
  // decide most images through the review room: photos are alpha, the drawn ones beta
  const [alpha, beta] = project.labels()
  for (const r of rows.slice(0, 10)) {
    const labelId = r.relPath.startsWith('photo_') ? alpha!.id : beta!.id
    await call('review.decide', { imageId: r.imageId, kind: 'corrected', labelId })
  }
  // the adapter refits in the background after a run of decisions: the first ask starts it
  await call('grid.adapted', { imageIds: ids })
  await session.settled()
  const adapted = await call('grid.adapted', { imageIds: ids })
  expect(adapted.source).toBe('adapted')
  // and it is not the grid's zero-shot top-1 everywhere: the two must be told apart
  expect(adapted.rows.some((a, i) => a.labelId !== rows[i]!.labelId)).toBe(true)
  expect(adapted.rows.map((r) => r.imageId)).toEqual(ids)
  const review = await call('review.items', { imageIds: ids })
  for (const [i, a] of adapted.rows.entries()) {
    const top = review[i]!.suggestions[0]!
    expect({ imageId: a.imageId, labelId: a.labelId, label: a.label, source: adapted.source }).toEqual({
      imageId: review[i]!.image.id,
      labelId: top.labelId,
      label: top.label,
      source: top.source
    })
    expect(a.prob).toBeCloseTo(top.prob, 5)
  }
})

it('a threshold’s precision counts the decisions made in review against the zero-shot top-1', async () => {
  const rows = await allRows()
  const before = await call('grid.threshold', { minProb: 0 })
  // accept the rest through review (rank 1: the suggestion review shows, adapted or not)
  const decidedAs = new Map<number, number>()
  for (const r of rows) {
    const cur = r.current?.labelId ?? null
    if (cur !== null) {
      decidedAs.set(r.imageId, cur)
      continue
    }
    const step = await call('review.decide', { imageId: r.imageId, kind: 'accepted', rank: 1 })
    decidedAs.set(r.imageId, step.item.current!.labelId!)
  }
  const after = await allRows()
  for (const minProb of [0, after[Math.floor(after.length / 2)]!.prob]) {
    const evidence = after.filter((r) => r.prob >= minProb && decidedAs.has(r.imageId))
    const correct = evidence.filter((r) => decidedAs.get(r.imageId) === r.labelId).length
    const e = await call('grid.threshold', { minProb, status: 'all' })
    expect(e).toMatchObject({
      minProb,
      decided: evidence.length,
      correct,
      precision: evidence.length >= MIN_PRECISION_DECISIONS ? correct / evidence.length : null,
      above: after.filter((r) => r.prob >= minProb).length,
      total: after.length
    })
  }
  // the view is the unreviewed grid by default: all decided now, so it covers nothing
  expect(before.total).toBeGreaterThan(0)
  expect(await call('grid.threshold', { minProb: 0 })).toMatchObject({ above: 0, total: 0, coverage: 0 })
})
