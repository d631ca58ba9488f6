// `zebra review` and the app answer through one review service: with adapted suggestions on (the
// default), the CLI shows the suggestions the app shows, and `decide --rank N` records the label
// the app's rank N would, not the stored zero-shot one. A real project file, the demo model, the
// CLI run as a subprocess from a folder outside the repository.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { SHAPE_CLASSES, writeShapeDataset } from '../adapt/testing/shapes'
import { loadEngine } from '../clip/engine'
import { appendDecisions, currentLabel } from '../db/decisions'
import { reviewItem } from '../db/ops'
import { Project } from '../db/project'
import { prelabel } from '../jobs/prelabel'
import { scanProject } from '../jobs/scan'
import { demoModelDir } from '../paths'
import { ReviewSession } from '../services/core/review-session'
import { runZebra } from './testing/harness'

let dir = ''
let file = ''
const ALL = { order: 'file', status: 'all' } as const

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-review-same-'))
  const root = join(dir, 'images')
  const images = await writeShapeDataset(root, { perClass: 8, seed: 11 })
  file = join(dir, 'same.zebra')
  const p = Project.create(file, {
    roots: [root],
    labels: SHAPE_CLASSES.map((c) => ({ name: c.name })),
    templates: ['a photo of a {}.']
  })
  try {
    p.updateSettings({ modelPath: demoModelDir(), adapt: true })
    await scanProject(p)
    const engine = await loadEngine({ modelDir: 'demo', threads: 1 })
    try {
      await prelabel(p, engine)
    } finally {
      await engine.dispose()
    }
    const idOf = new Map(
      (p.db.prepare('SELECT id, rel_path AS rel FROM images').all() as { id: number; rel: string }[]).map(
        (r) => [r.rel, r.id]
      )
    )
    const labels = p.labels()
    // the truth for 3 images of 4: enough for the adapter to move the suggestions
    appendDecisions(
      p.db,
      images
        .filter((_, i) => i % 4 !== 3)
        .map((img) => ({
          imageId: idOf.get(relative(root, img.file).split(sep).join('/'))!,
          kind: 'corrected' as const,
          labelId: labels[img.label]!.id
        })),
      'truth'
    )
  } finally {
    p.close()
  }
}, 120_000)

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('the CLI shows the app’s suggestions and a rank records the label the app shows there', async () => {
  const p = Project.open(file)
  let imageId = 0
  let rank = 0
  let appLabel = 0
  let storedLabel = 0
  let firstShown: { labelId: number; source: string }[] = []
  let firstId = 0
  try {
    const session = new ReviewSession({
      project: () => p,
      annotator: () => 'app',
      engine: () => Promise.reject(new AppError('no_model', 'cached prompts only'))
    })
    const first = (await session.next({ order: 'file', status: 'unreviewed' }))!
    firstId = first.image.id
    firstShown = first.suggestions.map((s) => ({ labelId: s.labelId, source: s.source }))
    // an unreviewed image whose adapted suggestion at some rank differs from the stored one
    const unreviewed = session.queue({ order: 'file', status: 'unreviewed' }, 100)
    for (const id of unreviewed) {
      const shown = (await session.item(ALL, id)).suggestions
      const stored = reviewItem(p, ALL, id).suggestions
      const r = shown.findIndex((s, i) => stored[i] && s.labelId !== stored[i]!.labelId)
      if (r >= 0) {
        imageId = id
        rank = r + 1
        appLabel = shown[r]!.labelId
        storedLabel = stored[r]!.labelId
        break
      }
    }
  } finally {
    p.close()
  }
  expect(firstShown.some((s) => s.source === 'adapted')).toBe(true)
  expect(imageId).toBeGreaterThan(0) // the adapter moved at least one suggestion
  expect(appLabel).not.toBe(storedLabel)

  const cwd = mkdtempSync(join(tmpdir(), 'zebra-review-same-cwd-'))
  try {
    const next = await runZebra(['review', 'next', file, '--order', 'file', '--status', 'unreviewed'], {
      cwd
    })
    expect(next.code).toBe(0)
    const item = JSON.parse(next.stdout) as {
      image: { id: number }
      suggestions: { labelId: number; source: string }[]
    }
    expect(item.image.id).toBe(firstId)
    expect(item.suggestions.map((s) => ({ labelId: s.labelId, source: s.source }))).toEqual(firstShown)

    const decided = await runZebra(
      ['review', 'decide', file, String(imageId), 'accepted', '--rank', String(rank), '--annotator', 'cli'],
      { cwd }
    )
    expect(decided.code).toBe(0)
    expect(JSON.parse(decided.stdout).current).toMatchObject({ kind: 'accepted', labelId: appLabel })
  } finally {
    rmSync(cwd, { recursive: true, force: true })
  }
  const after = Project.open(file)
  try {
    expect(currentLabel(after.db, imageId)).toMatchObject({
      kind: 'accepted',
      labelId: appLabel,
      annotator: 'cli'
    })
  } finally {
    after.close()
  }
}, 120_000)
