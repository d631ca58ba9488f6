// project.merge through the project room on a real project of the sample images and a real copy:
// the dry run reports and writes nothing, the merge writes and says so with project.changed, a
// second merge adds nothing, and a bad source is refused with the one AppError.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { invokeSchemas, type EventMap } from '../../shared/contract'
import { appendDecisions } from '../db/decisions'
import { Project } from '../db/project'
import { verifyCurrent } from '../db/verify'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { createProjectHandlers } from './handlers/project'
import { projectContext } from './testing/context'

let dir = ''
let project: Project
let copy = ''
const events: EventMap['project.changed'][] = []
let handlers: ReturnType<typeof createProjectHandlers>

const merge = (input: { sources: string[]; dryRun?: boolean }) =>
  handlers['project.merge'](invokeSchemas['project.merge'].parse(input))
const count = (): number => project.db.prepare('SELECT count(*) FROM decisions').pluck().get() as number

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-merge-room-'))
  const file = join(dir, 'p.zebra')
  const p = Project.create(file, { roots: [sampleImagesDir()], labels: [{ name: 'cat' }, { name: 'dog' }] })
  await scanProject(p)
  p.close()
  copy = join(dir, 'copy.zebra')
  copyFileSync(file, copy)
  const c = Project.open(copy)
  const dog = c.labels().find((l) => l.name === 'dog')!.id
  appendDecisions(
    c.db,
    [1, 2, 3].map((imageId) => ({ imageId, kind: 'corrected' as const, labelId: dog })),
    'ann'
  )
  c.close()
  project = Project.open(file)
  const ctx = projectContext({
    project: () => project,
    engine: () => null,
    dataDir: dir,
    emit: (ch, payload) => {
      if (ch === 'project.changed') events.push(payload as EventMap['project.changed'])
    }
  })
  handlers = createProjectHandlers(ctx)
})

afterAll(() => {
  project?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('previews, merges once, and says what changed', async () => {
  const dry = await merge({ sources: [copy], dryRun: true })
  expect(dry.sources[0]).toMatchObject({ added: 3, batches: 1, already: 0 })
  expect(count()).toBe(0)
  expect(events).toEqual([])

  const done = await merge({ sources: [copy] })
  expect(done.dryRun).toBe(false)
  expect(done.sources[0]!.added).toBe(3)
  expect(count()).toBe(3)
  expect(events).toEqual([{ reason: 'decision' }])
  expect(verifyCurrent(project.db).mismatches).toBe(0)

  expect((await merge({ sources: [copy] })).sources[0]!.added).toBe(0)
  expect(count()).toBe(3)
})

it('refuses a file that is not a Zebra project, writing nothing', async () => {
  await expect(merge({ sources: [join(sampleImagesDir(), 'gradient_640x480.jpg')] })).rejects.toMatchObject({
    code: 'project_corrupt'
  })
  expect(count()).toBe(3)
  expect(() => invokeSchemas['project.merge'].parse({ sources: [] })).toThrow()
})
