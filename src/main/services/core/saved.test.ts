// Compare results and export choices persist per project: written into the project file by the
// handlers that produce them, read back after the project is closed and opened again. Real
// project file, real demo engine, real export on disk.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Handlers } from '../../../shared/contract'
import { SHAPE_CLASSES, writeShapeDataset } from '../../adapt/testing/shapes'
import { loadEngine, type LoadedClipEngine } from '../../clip/engine'
import { appendDecisions } from '../../db/decisions'
import { Project } from '../../db/project'
import { writeSaved } from '../../db/saved-state'
import { exportProject } from '../../export/export'
import { prelabel } from '../../jobs/prelabel'
import { scanProject } from '../../jobs/scan'
import { createCompareHandlers } from '../handlers/compare'
import type { ServiceContext } from './context'
import { projectContext } from '../testing/context'
import { withSavedState, type UnsavedHandlers } from './saved'

let dir = ''
let file = ''
let project: Project
let engine: LoadedClipEngine
let ctx: ServiceContext

function handlers(): Handlers {
  const base = {
    ...createCompareHandlers(ctx),
    'export.run': (input: Parameters<Handlers['export.run']>[0]) => exportProject(project, input)
  }
  // only the channels under test are real; the others are never called here
  return withSavedState(ctx, base as unknown as UnsavedHandlers)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-saved-'))
  const root = join(dir, 'images')
  const images = await writeShapeDataset(root, { perClass: 4, seed: 5 })
  file = join(dir, 'shapes.zebra')
  project = Project.create(file, { roots: [root], labels: SHAPE_CLASSES.map((c) => ({ name: c.name })) })
  await scanProject(project)
  engine = await loadEngine({ modelDir: 'demo', threads: 1 })
  await prelabel(project, engine)
  const ids = new Map(
    (project.db.prepare('SELECT id, rel_path FROM images').all() as { id: number; rel_path: string }[]).map(
      (r) => [r.rel_path, r.id]
    )
  )
  const labels = project.labels()
  appendDecisions(
    project.db,
    images.map((img) => ({
      imageId: ids.get(relative(root, img.file).split(sep).join('/'))!,
      kind: 'corrected' as const,
      labelId: labels[img.label]!.id
    })),
    'tester'
  )
  ctx = projectContext({ project: () => project, engine: () => engine, dataDir: dir })
}, 120_000)

afterAll(async () => {
  project?.close()
  await engine?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('the last compare report survives closing and reopening the project', async () => {
  expect(await handlers()['compare.saved']({})).toBeNull()
  const options = { templateSetIds: [project.activeTemplateSetId()!], presets: [], greedy: false }
  const report = await handlers()['compare.run'](options)
  expect(report.images).toBe(20)
  // 20 reviewed images: the service result itself withholds the threshold and says why
  expect(report.suggestedThreshold).toBeNull()
  expect(report.thresholdWithheld).toMatchObject({ reason: 'too_few', images: 20, classes: 5 })

  project.close()
  project = Project.open(file)
  const saved = await handlers()['compare.saved']({})
  expect(saved?.report).toEqual(report)
  expect(saved?.options).toEqual(options)
  expect(Date.parse(saved!.savedAt)).not.toBeNaN()
})

it('the export dialog choices (not force) survive reopening the project', async () => {
  expect(await handlers()['export.saved']({})).toBeNull()
  const input = {
    format: 'jsonl' as const,
    outDir: join(dir, 'out'),
    split: { train: 0.75, val: 0.25 },
    seed: 7,
    link: 'copy' as const,
    include: ['corrected' as const],
    force: true,
    csvRaw: true,
    includeMissing: false
  }
  const r = await handlers()['export.run'](input)
  expect(r.total).toBe(20)
  project.close()
  project = Project.open(file)
  const saved = await handlers()['export.saved']({})
  const { force: _f, ...kept } = input
  expect(saved?.options).toEqual(kept)
  expect(saved?.options).not.toHaveProperty('force')
})

it('a failed export leaves the saved choices as they were', async () => {
  const before = await handlers()['export.saved']({})
  await expect(
    handlers()['export.run']({
      format: 'csv',
      outDir: join(dir, 'out'),
      seed: 0,
      link: 'copy',
      include: ['accepted', 'corrected'],
      force: false,
      csvRaw: false,
      includeMissing: false
    })
  ).rejects.toMatchObject({ code: 'target_not_empty' })
  expect(await handlers()['export.saved']({})).toEqual(before)
})

it('saved choices are read with the contract schema: an older row gets the defaults, a damaged one is no choice', async () => {
  // written before csvRaw and includeMissing existed
  writeSaved(project.db, 'export.options', {
    format: 'csv',
    outDir: join(dir, 'old'),
    seed: 3,
    link: 'copy',
    include: ['accepted']
  })
  expect((await handlers()['export.saved']({}))?.options).toEqual({
    format: 'csv',
    outDir: join(dir, 'old'),
    seed: 3,
    link: 'copy',
    include: ['accepted'],
    csvRaw: false,
    includeMissing: false
  })
  writeSaved(project.db, 'export.options', { format: 'tiff', outDir: join(dir, 'old') })
  expect(await handlers()['export.saved']({})).toBeNull()

  const saved = await handlers()['compare.saved']({})
  writeSaved(project.db, 'compare.report', { report: saved!.report, options: { greedy: 'yes' } })
  expect(await handlers()['compare.saved']({})).toBeNull()
  writeSaved(project.db, 'compare.report', { report: saved!.report, options: {} })
  expect((await handlers()['compare.saved']({}))?.options).toEqual({ greedy: true })
})
