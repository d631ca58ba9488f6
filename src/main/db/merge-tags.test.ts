// Merging offline copies of a tags project on real files over the sample images: per-tag decisions
// of two annotators on overlapping images, with an undo and a redo, folded into the original; the
// per-tag states and each image's derived kind follow the latest decision by time.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { appendDecisions, redo, undo } from './decisions'
import { mergeProjects } from './merge'
import { Project } from './project'
import { tagStatesOf, type TagState } from './tag-state'
import { verifyCurrent } from './verify'

let dir: string
let original: string
let a: string
let b: string
let images: number[]

function tick(): void {
  const t = Date.now()
  while (Date.now() <= t) {
    /* spin: at most a millisecond */
  }
}

function withProject<T>(file: string, fn: (p: Project) => T): T {
  const p = Project.open(file)
  try {
    return fn(p)
  } finally {
    p.close()
  }
}

const KIND = { present: 'accepted', absent: 'rejected', unsure: 'unsure' } as const
/** one Enter on an image: the given tags in their states, one batch */
function decide(p: Project, image: number, tags: Record<string, TagState>, who: string): void {
  const ids = new Map(p.labels().map((l) => [l.name, l.id]))
  appendDecisions(
    p.db,
    Object.entries(tags).map(([name, state]) => ({
      imageId: image,
      kind: KIND[state],
      labelId: ids.get(name)!
    })),
    who
  )
}

function states(p: Project, image: number): Record<string, TagState> {
  const names = new Map(p.labels().map((l) => [l.id, l.name]))
  return Object.fromEntries([...tagStatesOf(p.db, image)].map(([id, s]) => [names.get(id)!, s]))
}

const logSize = (file: string): number =>
  withProject(file, (p) => p.db.prepare('SELECT count(*) FROM decisions').pluck().get() as number)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-merge-tags-'))
  original = join(dir, 'original.zebra')
  const p = Project.create(original, {
    roots: [sampleImagesDir()],
    kind: 'tags',
    labels: [{ name: 'red' }, { name: 'round' }, { name: 'striped' }]
  })
  await scanProject(p)
  images = p.db
    .prepare("SELECT id FROM images WHERE state = 'ok' ORDER BY rel_path")
    .pluck()
    .all() as number[]
  p.close()
  a = join(dir, 'alice.zebra')
  b = join(dir, 'bob.zebra')
  copyFileSync(original, a)
  copyFileSync(original, b)
  withProject(b, (q) => {
    decide(q, images[0]!, { red: 'absent', round: 'present', striped: 'absent' }, 'bob')
    decide(q, images[1]!, { red: 'present', round: 'present', striped: 'unsure' }, 'bob')
    decide(q, images[2]!, { red: 'present' }, 'bob')
    undo(q.db, 'bob')
    redo(q.db, 'bob')
  })
  tick()
  withProject(a, (q) => {
    decide(q, images[0]!, { red: 'present', round: 'present', striped: 'absent' }, 'alice')
    tick()
    decide(q, images[1]!, { striped: 'absent' }, 'alice')
    tick()
    decide(q, images[3]!, { red: 'absent', round: 'absent', striped: 'absent' }, 'alice')
    undo(q.db, 'alice')
  })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('merges per-tag decisions once; states and image kinds follow the latest decision by time', () => {
  const total = logSize(a) + logSize(b) - logSize(original)
  const report = withProject(original, (p) => mergeProjects(p.db, p.path, [a, b]))
  expect(report.sources.map((s) => s.added)).toEqual([logSize(a), logSize(b)])
  expect(logSize(original)).toBe(total)
  withProject(original, (p) => {
    expect(verifyCurrent(p.db).mismatches).toBe(0)
    // alice decided image 0 after bob: her red stands although bob's rows were merged later
    expect(states(p, images[0]!)).toEqual({ red: 'present', round: 'present', striped: 'absent' })
    // each tag on its own: bob's red and round, alice's later striped
    expect(states(p, images[1]!)).toEqual({ red: 'present', round: 'present', striped: 'absent' })
    expect(states(p, images[2]!)).toEqual({ red: 'present' }) // bob's redo
    expect(states(p, images[3]!)).toEqual({}) // alice's undo
    const kind = (i: number): number =>
      p.db.prepare('SELECT kind FROM images WHERE id = ?').pluck().get(images[i]!) as number
    expect([kind(0), kind(1), kind(2), kind(3)]).toEqual([1, 1, 0, 0]) // done, done, partly, none
  })
  const again = withProject(original, (p) => mergeProjects(p.db, p.path, [a, b]))
  expect(again.sources.map((s) => s.added)).toEqual([0, 0])
  expect(logSize(original)).toBe(total)
})
