// The review room's adjudication channels on a real project alice and bob decided, inputs parsed
// with the contract's schemas: review.disagreements lists the image, review.decide with
// `adjudicate` records the reviewer's label as adjudicated (current, off the list, outranking a
// later annotator decision), review.undo takes it back, and review.sample samples one annotator.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { invokeSchemas, type InvokeChannel, type InvokeInput } from '../../shared/contract'
import { appendDecisions, currentLabel } from '../db/decisions'
import { Project } from '../db/project'
import { verifyCurrent } from '../db/verify'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { createReviewHandlers, type ReviewHandlers } from './handlers/review'
import { projectContext } from './testing/context'

let dir = ''
let project: Project
let handlers: ReviewHandlers
let image = 0

function call<K extends InvokeChannel & keyof ReviewHandlers>(ch: K, input: InvokeInput<K>) {
  return (handlers[ch] as (i: unknown) => ReturnType<ReviewHandlers[K]>)(invokeSchemas[ch].parse(input))
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-adjudicate-room-'))
  project = Project.create(join(dir, 'p.zebra'), {
    roots: [sampleImagesDir()],
    labels: [{ name: 'cat' }, { name: 'dog' }]
  })
  await scanProject(project)
  image = project.db.prepare('SELECT min(id) FROM images').pluck().get() as number
  appendDecisions(project.db, [{ imageId: image, kind: 'corrected', labelId: 1 }], 'alice')
  appendDecisions(project.db, [{ imageId: image, kind: 'corrected', labelId: 2 }], 'bob')
  handlers = createReviewHandlers(
    projectContext({ project: () => project, engine: () => null, dataDir: dir, annotator: 'rev' })
  )
})
afterAll(() => {
  project?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('adjudicates a disagreement through the review room, and undoes it', async () => {
  const before = await call('review.disagreements', {})
  expect(before.items.map((d) => [d.imageId, d.labels.map((l) => l.label)])).toEqual([
    [image, ['cat', 'dog']]
  ])

  const step = await call('review.decide', {
    imageId: image,
    kind: 'corrected',
    labelId: 1,
    adjudicate: true
  })
  expect(step.item.current).toMatchObject({ label: 'cat', annotator: 'rev' })
  expect(
    project.db.prepare('SELECT adjudicated FROM decisions WHERE id = ?').pluck().get(step.decisionId)
  ).toBe(1)
  expect((await call('review.disagreements', {})).total).toBe(0)
  expect(verifyCurrent(project.db).mismatches).toBe(0)

  await call('review.undo', {})
  expect(currentLabel(project.db, image)).toMatchObject({ label: 'dog', annotator: 'bob' })
  expect((await call('review.disagreements', {})).total).toBe(1)

  const sample = await call('review.sample', { annotator: 'alice' })
  expect(sample).toMatchObject({ annotator: 'alice', annotators: ['alice', 'bob'], labelled: 1 })
  expect(sample.items.map((i) => i.imageId)).toEqual([image])
})
