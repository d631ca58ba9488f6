// Merging offline copies on real project files over the sample images: two annotators decide
// different and overlapping images in two copies (with an undo and a redo), both copies are folded
// into the original, every decision lands once, a second merge adds nothing, and the current
// labels follow "latest decision wins" by decision time.
import { createHash } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { appendDecisions, currentLabel, redo, undo } from './decisions'
import { addLabels } from './labels'
import { mergeProjects } from './merge'
import { Project, nowIso } from './project'
import { setProjectKind } from './tag-state'
import { verifyCurrent } from './verify'

let dir: string
let original: string
let a: string
let b: string
let spare: string
let images: number[]

/** waits for the clock to move on, so two actions never share a millisecond */
function tick(): void {
  const t = Date.now()
  while (Date.now() <= t) {
    /* spin: at most a millisecond */
  }
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')

function withProject<T>(file: string, fn: (p: Project) => T): T {
  const p = Project.open(file)
  try {
    return fn(p)
  } finally {
    p.close()
  }
}

const labelId = (p: Project, name: string): number => p.labels().find((l) => l.name === name)!.id
const correct = (p: Project, ids: number[], label: string, who: string): number[] =>
  appendDecisions(
    p.db,
    ids.map((imageId) => ({ imageId, kind: 'corrected' as const, labelId: labelId(p, label) })),
    who
  )

interface LogRow {
  id: number
  uid: string
  kind: string
  annotator: string
  at: string
  label: string | null
  rank: number | null
  batch_kind: string
  batch_at: string
  rel_path: string
}
function log(file: string): LogRow[] {
  return withProject(file, (p) =>
    p.db
      .prepare(
        `SELECT d.id, d.uid, d.kind, d.annotator, d.at, l.name AS label, d.rank, b.kind AS batch_kind,
           b.at AS batch_at, i.rel_path FROM decisions d JOIN batches b ON b.id = d.batch_id
           JOIN images i ON i.id = d.image_id LEFT JOIN labels l ON l.id = d.label_id ORDER BY d.id`
      )
      .all()
  ) as LogRow[]
}
const counts = (file: string): number[] =>
  withProject(file, (p) =>
    ['decisions', 'batches', 'labels'].map(
      (t) => p.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number
    )
  )

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-merge-'))
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
  correct(p, [images[0]!], 'cat', 'carol') // made before the copies: in all three files
  p.close()
  a = join(dir, 'alice.zebra')
  b = join(dir, 'bob.zebra')
  spare = join(dir, 'spare.zebra')
  for (const f of [a, b, spare]) copyFileSync(original, f)

  // bob works first: his decisions are older than alice's on the images both decided
  withProject(b, (q) => {
    correct(q, images.slice(3, 7), 'dog', 'bob')
    correct(q, [images[0]!], 'dog', 'bob')
    correct(q, [images[7]!], 'cat', 'bob')
    undo(q.db, 'bob')
    redo(q.db, 'bob')
    // an image only bob's copy has (its folder is not in the original): never guessed
    const root = q.roots()[0]!.id
    const extra = q.db
      .prepare(
        "INSERT INTO images (root_id, rel_path, hash, state, added_at) VALUES (?, 'elsewhere.png', 'feedbeef', 'ok', ?) RETURNING id"
      )
      .pluck()
      .get(root, nowIso()) as number
    correct(q, [extra], 'dog', 'bob')
  })
  tick()
  withProject(a, (q) => {
    correct(q, images.slice(1, 5), 'cat', 'alice')
    addLabels(q.db, [{ name: 'bird' }])
    tick()
    correct(q, [images[2]!], 'bird', 'alice')
    undo(q.db, 'alice') // image 2 is cat again
    tick()
    correct(q, [images[5]!], 'cat', 'alice')
    undo(q.db, 'alice')
    redo(q.db, 'alice') // image 5 is alice's cat, decided after bob's dog
    tick()
    correct(q, [images[8]!], 'bird', 'alice')
  })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('zebra merge of two offline copies', () => {
  it('a dry run reports exactly what the merge does and writes nothing', () => {
    const before = counts(original)
    const dry = withProject(original, (p) => mergeProjects(p.db, p.path, [a, b], { dryRun: true }))
    expect(dry.dryRun).toBe(true)
    expect(counts(original)).toEqual(before)
    const copy = join(dir, 'dry-check.zebra')
    copyFileSync(original, copy)
    const real = withProject(copy, (p) => mergeProjects(p.db, p.path, [a, b]))
    expect(real.sources.map((s) => ({ ...s, source: '' }))).toEqual(
      dry.sources.map((s) => ({ ...s, source: '' }))
    )
  })

  it('folds both logs in: each decision once, with its annotator, time, kind, label and action', () => {
    const srcA = log(a)
    const srcB = log(b)
    const sums = [sha(a), sha(b)]
    const report = withProject(original, (p) => mergeProjects(p.db, p.path, [a, b]))
    expect([sha(a), sha(b)]).toEqual(sums) // the copies are never written

    const merged = log(original)
    const byUid = new Map(merged.map((r) => [r.uid, r]))
    expect(byUid.size).toBe(merged.length) // no identity twice
    const unmatched = srcB.filter((r) => r.rel_path === 'elsewhere.png')
    expect(unmatched).toHaveLength(1)
    for (const r of [...srcA, ...srcB].filter((x) => x.rel_path !== 'elsewhere.png')) {
      const m = byUid.get(r.uid)
      expect(m, `${r.annotator} ${r.kind} ${r.rel_path}`).toBeDefined()
      const { id: _a, ...want } = r
      const { id: _b, ...got } = m!
      expect(got).toEqual(want)
    }
    expect(byUid.has(unmatched[0]!.uid)).toBe(false)
    const sourceUids = new Set([...srcA, ...srcB].map((r) => r.uid))
    expect(merged.length).toBe(sourceUids.size - 1)

    const [ra, rb] = report.sources as [(typeof report.sources)[0], (typeof report.sources)[0]]
    expect(ra.already).toBe(1) // carol's, made before the copy
    expect(ra.added).toBe(srcA.length - 1)
    expect(rb.already).toBe(1)
    expect(rb.added).toBe(srcB.length - 2) // carol's and the unmatched image's
    expect(rb.onUnmatched).toBe(1)
    expect(rb.unmatched).toEqual([expect.objectContaining({ relPath: 'elsewhere.png', hash: 'feedbeef' })])
    expect(ra.labelsCreated).toEqual(['bird'])
    expect(rb.labelsCreated).toEqual([])
    expect(ra.annotators.map((x) => x.name)).toEqual(['alice', 'carol'])
    expect(rb.annotators.map((x) => x.name)).toEqual(['bob', 'carol'])
    expect(ra.failedCount + rb.failedCount).toBe(0)
  })

  it('the current labels follow the latest decision by time, not by arrival', () => {
    withProject(original, (p) => {
      expect(verifyCurrent(p.db).mismatches).toBe(0)
      const label = (i: number): string | null => currentLabel(p.db, images[i]!)?.label ?? null
      const who = (i: number): string | null => currentLabel(p.db, images[i]!)?.annotator ?? null
      expect([label(0), who(0)]).toEqual(['dog', 'bob']) // bob's over carol's
      expect([label(1), label(2)]).toEqual(['cat', 'cat']) // the bird was undone
      // merged after alice's but decided before: alice's stand although bob's rows came last
      expect([label(3), who(3), label(4), who(4)]).toEqual(['cat', 'alice', 'cat', 'alice'])
      expect([label(5), who(5)]).toEqual(['cat', 'alice']) // alice's redo, after bob's dog
      expect([label(6), who(6)]).toEqual(['dog', 'bob'])
      expect([label(7), who(7)]).toEqual(['cat', 'bob']) // bob's undo and redo
      expect([label(8), who(8)]).toEqual(['bird', 'alice'])
      expect(label(9)).toBeNull()
      const bobsLast = p.db
        .prepare("SELECT max(id) FROM decisions WHERE annotator = 'bob'")
        .pluck()
        .get() as number
      const aliceLast = p.db
        .prepare("SELECT max(id) FROM decisions WHERE annotator = 'alice'")
        .pluck()
        .get() as number
      expect(bobsLast).toBeGreaterThan(aliceLast) // the order of arrival is not what decided
    })
  })

  it('merging again adds nothing', () => {
    const before = counts(original)
    const again = withProject(original, (p) => mergeProjects(p.db, p.path, [b, a]))
    expect(again.sources.map((s) => s.added)).toEqual([0, 0])
    expect(again.sources.map((s) => s.batches)).toEqual([0, 0])
    expect(counts(original)).toEqual(before)
    withProject(original, (p) => expect(verifyCurrent(p.db).mismatches).toBe(0))
  })

  it('undo after the merge works on the merged actions', () => {
    withProject(original, (p) => {
      undo(p.db, 'alice') // her latest action: the bird on image 8
      expect(currentLabel(p.db, images[8]!)).toBeNull()
      expect(verifyCurrent(p.db).mismatches).toBe(0)
      redo(p.db, 'alice')
      expect(currentLabel(p.db, images[8]!)?.label).toBe('bird')
    })
  })

  it('refuses a copy of the other kind, and this file itself, writing nothing', () => {
    withProject(spare, (p) => setProjectKind(p.db, 'tags'))
    const before = counts(original)
    const refused = (sources: string[]): AppError =>
      withProject(original, (p) => {
        try {
          mergeProjects(p.db, p.path, sources)
        } catch (err) {
          return err as AppError
        }
        throw new Error('merged')
      })
    const kind = refused([a, spare])
    expect(kind).toBeInstanceOf(AppError)
    expect(kind.code).toBe('unsupported')
    expect(kind.message).toMatch(/same kind/)
    expect(refused([original]).code).toBe('invalid_input')
    expect(refused([join(dir, 'none.zebra')]).code).toBe('not_found')
    expect(counts(original)).toEqual(before)
  })
})
