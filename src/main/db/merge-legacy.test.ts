// Rows without a uid (written before migration 10) in a merge: the ones made before the copy match
// by their legacy identity; one made on a copy after it (an older Zebra) is merged with its legacy
// identity as uid, so the next merge recognises it; and two different rows that claim one legacy
// identity are refused, not merged over each other.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { refreshCurrent } from './decisions'
import { legacyUid } from './decision-uid'
import { mergeProjects } from './merge'
import { Project } from './project'
import { verifyCurrent } from './verify'

let dir: string
let original: string
let created: string
let images: number[]

function withProject<T>(file: string, fn: (p: Project) => T): T {
  const p = Project.open(file)
  try {
    return fn(p)
  } finally {
    p.close()
  }
}

/** a decision as an older Zebra wrote it: no uid */
function legacyDecision(p: Project, image: number, label: string, who: string, at: string): number {
  const labelId = p.labels().find((l) => l.name === label)!.id
  const batch = p.db
    .prepare("INSERT INTO batches (kind, annotator, at) VALUES ('decide', ?, ?) RETURNING id")
    .pluck()
    .get(who, at) as number
  const id = p.db
    .prepare(
      "INSERT INTO decisions (batch_id, image_id, kind, label_id, annotator, at) VALUES (?, ?, 'corrected', ?, ?, ?) RETURNING id"
    )
    .pluck()
    .get(batch, image, labelId, who, at) as number
  refreshCurrent(p.db, image)
  return id
}

const rows = (file: string): { id: number; uid: string | null; annotator: string }[] =>
  withProject(file, (p) => p.db.prepare('SELECT id, uid, annotator FROM decisions ORDER BY id').all()) as {
    id: number
    uid: string | null
    annotator: string
  }[]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-merge-legacy-'))
  original = join(dir, 'original.zebra')
  const p = Project.create(original, {
    roots: [sampleImagesDir()],
    labels: [{ name: 'cat' }, { name: 'dog' }]
  })
  await scanProject(p)
  images = p.db
    .prepare("SELECT id FROM images WHERE state = 'ok' ORDER BY rel_path")
    .pluck()
    .all() as number[]
  created = p.db.prepare('SELECT created_at FROM project').pluck().get() as string
  legacyDecision(p, images[0]!, 'cat', 'carol', '2020-01-01T00:00:00.000Z')
  p.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('matches rows made before the copy, keeps a later one recognisable, refuses a clash', () => {
  const a = join(dir, 'a.zebra')
  const b = join(dir, 'b.zebra')
  copyFileSync(original, a)
  copyFileSync(original, b)
  const late = withProject(a, (q) => legacyDecision(q, images[1]!, 'dog', 'dave', '2020-01-02T00:00:00.000Z'))

  const first = withProject(original, (p) => mergeProjects(p.db, p.path, [a]))
  expect(first.sources[0]).toMatchObject({ added: 1, already: 1, failedCount: 0 })
  const merged = rows(original)
  expect(merged.filter((r) => r.uid === null).map((r) => r.annotator)).toEqual(['carol'])
  expect(merged.find((r) => r.annotator === 'dave')!.uid).toBe(legacyUid(created, late))

  // the merged row carries its identity: merging a again, or merging the original into b, adds it once
  expect(withProject(original, (p) => mergeProjects(p.db, p.path, [a])).sources[0]!.added).toBe(0)
  const back = withProject(b, (q) => mergeProjects(q.db, q.path, [original]))
  expect(back.sources[0]).toMatchObject({ added: 1, already: 1 })
  expect(rows(b).filter((r) => r.annotator === 'dave')).toHaveLength(1)
  expect(withProject(b, (q) => mergeProjects(q.db, q.path, [a])).sources[0]!.added).toBe(0)

  // c and d each got a different uid-less row at the same id after the copy: one identity, two rows
  const c = join(dir, 'c.zebra')
  const d = join(dir, 'd.zebra')
  copyFileSync(original, c)
  copyFileSync(original, d)
  const ic = withProject(c, (q) => legacyDecision(q, images[2]!, 'cat', 'erin', '2020-01-03T00:00:00.000Z'))
  const id = withProject(d, (q) => legacyDecision(q, images[3]!, 'dog', 'finn', '2020-01-04T00:00:00.000Z'))
  expect(ic).toBe(id)
  const clash = withProject(c, (q) => mergeProjects(q.db, q.path, [d]))
  expect(clash.sources[0]).toMatchObject({ added: 0, failedCount: 1 })
  expect(clash.sources[0]!.failed[0]!.decision).toBe(legacyUid(created, id))
  expect(rows(c).filter((r) => r.annotator === 'finn')).toHaveLength(0)
  withProject(c, (q) => expect(verifyCurrent(q.db).mismatches).toBe(0))
})
