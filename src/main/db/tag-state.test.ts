// A tags project on a real project file: per-tag decisions in the append-only log, the image's
// derived kind, undo and redo per action, the tag pass index, and turning the kind back and forth.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { appendDecisions, redo, undo } from './decisions'
import { Project, nowIso } from './project'
import { setProjectKind, tagStatesOf } from './tag-state'
import { tagPassPage, tagPassSelect, tagScoreWriter, tagScoresOf } from './tag-scores'
import { verifyCurrent } from './verify'

let dir: string
let p: Project
let ids: { a: number; b: number; c: number }
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-tags-'))
  p = Project.create(join(dir, 't.zebra'), {
    roots: [dir],
    kind: 'tags',
    labels: [{ name: 'a' }, { name: 'b' }, { name: 'c' }]
  })
  const [a, b, c] = p.labels().map((l) => l.id) as [number, number, number]
  ids = { a, b, c }
  const root = p.roots()[0]!.id
  const ins = p.db.prepare("INSERT INTO images (root_id, rel_path, state, added_at) VALUES (?, ?, 'ok', ?)")
  for (let i = 1; i <= 4; i++) ins.run(root, `img${i}.png`, nowIso())
})
afterEach(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

const kindOf = (imageId: number): number =>
  p.db.prepare('SELECT kind FROM images WHERE id = ?').pluck().get(imageId) as number

it('an image is done when every tag is decided; undo and redo work per action', () => {
  expect(p.kind).toBe('tags')
  appendDecisions(p.db, [{ imageId: 1, kind: 'accepted', labelId: ids.a }], 'ann')
  expect(kindOf(1)).toBe(0) // partly decided: still to review
  appendDecisions(
    p.db,
    [
      { imageId: 1, kind: 'accepted', labelId: ids.b },
      { imageId: 1, kind: 'rejected', labelId: ids.c }
    ],
    'ann'
  )
  expect(kindOf(1)).toBe(1)
  expect([...tagStatesOf(p.db, 1)]).toEqual([
    [ids.a, 'present'],
    [ids.b, 'present'],
    [ids.c, 'absent']
  ])
  expect(verifyCurrent(p.db).mismatches).toBe(0)

  undo(p.db, 'ann')
  expect(kindOf(1)).toBe(0)
  expect([...tagStatesOf(p.db, 1)]).toEqual([[ids.a, 'present']])
  expect(verifyCurrent(p.db).mismatches).toBe(0)
  redo(p.db, 'ann')
  expect(kindOf(1)).toBe(1)
  expect(verifyCurrent(p.db).mismatches).toBe(0)

  // an unsure tag makes the image unsure; a new tag makes it undecided again
  appendDecisions(p.db, [{ imageId: 1, kind: 'unsure', labelId: ids.c }], 'ann')
  expect(kindOf(1)).toBe(5)
  p.addLabels([{ name: 'd' }])
  expect(kindOf(1)).toBe(0)
  expect(verifyCurrent(p.db).mismatches).toBe(0)
  expect(() => appendDecisions(p.db, [{ imageId: 2, kind: 'accepted' }], 'ann')).toThrow(/name the tag/)
})

it('the tag pass reads a tag by score, filters by state and selects above a score', () => {
  const key = { modelId: 'm', labelVersion: p.labelVersion, templateSetId: p.activeTemplateSetId()! }
  p.db.transaction(() => {
    const w = tagScoreWriter(p.db, key)
    for (let i = 1; i <= 4; i++)
      w.scores(
        i,
        [
          [ids.a, i / 10],
          [ids.b, -i / 10],
          [ids.c, 0]
        ],
        { top1Label: ids.a, top1Prob: 0.5, margin: 0 }
      )
    // rescoring one image replaces its rows instead of adding to them
    w.scores(
      4,
      [
        [ids.a, 0.05],
        [ids.b, 0],
        [ids.c, 0]
      ],
      { top1Label: ids.a, top1Prob: 0.5, margin: 0 }
    )
  })()
  expect(tagScoresOf(p.db, 4).get(ids.a)).toBe(0.05)
  const all = tagPassPage(p.db, { labelId: ids.a, filter: 'all', limit: 10 })
  expect(all.map((r) => r.imageId)).toEqual([3, 2, 1, 4])
  const page2 = tagPassPage(p.db, { labelId: ids.a, filter: 'all', limit: 2, after: all[1]! })
  expect(page2.map((r) => r.imageId)).toEqual([1, 4])

  appendDecisions(p.db, [{ imageId: 3, kind: 'accepted', labelId: ids.a }], 'ann')
  expect(tagPassPage(p.db, { labelId: ids.a, filter: 'undecided', limit: 10 }).map((r) => r.imageId)).toEqual(
    [2, 1, 4]
  )
  expect(tagPassPage(p.db, { labelId: ids.a, filter: 'present', limit: 10 })).toEqual([
    { imageId: 3, s: 0.3, state: 'present' }
  ])
  expect(tagPassSelect(p.db, ids.a, 0.1, 'undecided')).toEqual([2, 1])
})

it('turns into a single-label project only while no image has two tags present', () => {
  appendDecisions(
    p.db,
    [
      { imageId: 1, kind: 'accepted', labelId: ids.a },
      { imageId: 1, kind: 'accepted', labelId: ids.b },
      { imageId: 2, kind: 'accepted', labelId: ids.c },
      { imageId: 3, kind: 'rejected', labelId: ids.c }
    ],
    'ann'
  )
  expect(() => setProjectKind(p.db, 'single')).toThrow(/1 image\(s\) have two or more tags present/)
  undo(p.db, 'ann')
  appendDecisions(p.db, [{ imageId: 2, kind: 'accepted', labelId: ids.c }], 'ann')
  setProjectKind(p.db, 'single')
  expect(p.kind).toBe('single')
  expect(verifyCurrent(p.db).mismatches).toBe(0)
  const cur = p.db.prepare('SELECT kind FROM images WHERE id = 2').pluck().get()
  expect(cur).toBe(1)
  // and back: image 2's label becomes its one present tag
  setProjectKind(p.db, 'tags')
  expect([...tagStatesOf(p.db, 2)]).toEqual([[ids.c, 'present']])
  expect(verifyCurrent(p.db).mismatches).toBe(0)
})
