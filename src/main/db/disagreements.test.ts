// Adjudication on a real project file that alice, bob and carol decided: the disagreements queue
// lists exactly the images whose annotators' labels differ, most disagreeing first; a reviewer's
// adjudicated decision becomes the current label, outranks a later annotator decision and takes
// the image off the queue; undoing it brings both back; a sample of one annotator's work is seeded.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { history } from './decision-history'
import { appendDecisions, currentLabel, undo } from './decisions'
import { annotatorSample, disagreements } from './disagreements'
import { Project } from './project'
import { setProjectKind, tagStatesOf } from './tag-state'
import { verifyCurrent } from './verify'

let dir: string
let p: Project
let img: number[]
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-disagree-'))
  p = Project.create(join(dir, 'p.zebra'), {
    roots: [sampleImagesDir()],
    labels: [{ name: 'cat' }, { name: 'dog' }, { name: 'bird' }]
  })
  await scanProject(p)
  img = p.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
})
afterEach(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

/** waits for the clock to move on, so two decisions never share a millisecond */
function tick(): void {
  const t = Date.now()
  while (Date.now() <= t) {
    /* spin: at most a millisecond */
  }
}

const L = (name: string): number => p.labels().find((l) => l.name === name)!.id
function label(who: string, image: number, name: string | null, adjudicated = false): void {
  tick()
  appendDecisions(
    p.db,
    [
      name === null
        ? { imageId: image, kind: 'rejected' }
        : { imageId: image, kind: 'corrected', labelId: L(name), adjudicated }
    ],
    who
  )
}
const queue = (): { id: number; spread: number; labels: string[] }[] =>
  disagreements(p.db, 100).items.map((d) => ({
    id: d.imageId,
    spread: Math.round(d.spread * 1000) / 1000,
    labels: d.labels.map((l) => `${l.annotator}:${l.label ?? '-'}`)
  }))

it('lists the images the annotators disagree on, most disagreeing first, until adjudicated', () => {
  const [a, b, c, d, e] = img as [number, number, number, number, number]
  for (const [who, image, name] of [
    ['alice', a, 'cat'],
    ['bob', a, 'cat'],
    ['carol', a, 'dog'],
    ['alice', b, 'cat'],
    ['bob', b, 'dog'],
    ['carol', b, 'bird'],
    ['alice', c, 'cat'],
    ['bob', c, 'cat'],
    ['alice', d, 'cat'],
    ['bob', d, null]
  ] as const)
    label(who, image, name)
  appendDecisions(p.db, [{ imageId: e, kind: 'skipped' }], 'alice') // no label: nothing to disagree with
  label('bob', e, 'cat')

  expect(queue()).toEqual([
    { id: b, spread: 0.667, labels: ['alice:cat', 'bob:dog', 'carol:bird'] },
    { id: d, spread: 0.5, labels: ['alice:cat', 'bob:-'] },
    { id: a, spread: 0.333, labels: ['alice:cat', 'bob:cat', 'carol:dog'] }
  ])
  expect(disagreements(p.db, 1)).toMatchObject({ total: 3, annotators: ['alice', 'bob', 'carol'] })

  // the reviewer settles b: the adjudicated label is current and b leaves the queue
  label('rev', b, 'bird', true)
  expect(currentLabel(p.db, b)).toMatchObject({ label: 'bird', annotator: 'rev' })
  expect(queue().map((q) => q.id)).toEqual([d, a])
  expect(disagreements(p.db, 100).annotators).toEqual(['alice', 'bob', 'carol']) // rev adjudicates only
  expect(history(p.db, b).map((h) => [h.annotator, h.adjudicated ?? false])).toEqual([
    ['alice', false],
    ['bob', false],
    ['carol', false],
    ['rev', true]
  ])

  // an annotator's later decision does not outrank it, but opens the disagreement again
  label('carol', b, 'cat')
  expect(currentLabel(p.db, b)).toMatchObject({ label: 'bird', annotator: 'rev' })
  expect(disagreements(p.db, 100).items.find((q) => q.imageId === b)).toMatchObject({
    adjudicated: 'bird',
    labels: [
      { annotator: 'alice', label: 'cat' },
      { annotator: 'bob', label: 'dog' },
      { annotator: 'carol', label: 'cat' }
    ]
  })
  label('rev', b, 'cat', true)
  expect(queue().map((q) => q.id)).toEqual([d, a])
  expect(verifyCurrent(p.db).mismatches).toBe(0)

  // undo of the adjudication: the one before it stands again, and b is in dispute after it
  expect(undo(p.db, 'rev')).not.toBeNull()
  expect(currentLabel(p.db, b)).toMatchObject({ label: 'bird', annotator: 'rev' })
  expect(undo(p.db, 'rev')).not.toBeNull()
  expect(currentLabel(p.db, b)).toMatchObject({ label: 'cat', annotator: 'carol' })
  // alice cat, bob dog, carol cat: as far apart as a (ties by image)
  expect(queue()).toContainEqual({ id: b, spread: 0.333, labels: ['alice:cat', 'bob:dog', 'carol:cat'] })
  expect(queue().map((q) => q.id)).toEqual([d, a, b])
  expect(verifyCurrent(p.db).mismatches).toBe(0)
})

it('samples one annotator’s labelled images, the same for the same seed', () => {
  for (const [i, image] of img.slice(0, 6).entries()) {
    label('bob', image, i % 2 ? 'cat' : 'dog')
    if (i < 2) label('alice', image, 'cat')
  }
  const s = annotatorSample(p.db, { annotator: 'bob', size: 3, seed: 7 })
  expect(s).toMatchObject({ annotator: 'bob', annotators: ['alice', 'bob'], labelled: 6 })
  expect(s.items).toHaveLength(3)
  expect(new Set(s.items.map((i) => i.imageId)).size).toBe(3)
  for (const it of s.items) {
    expect(img.slice(0, 6)).toContain(it.imageId)
    expect(it.labels.some((l) => l.annotator === 'bob')).toBe(true)
  }
  expect(annotatorSample(p.db, { annotator: 'bob', size: 3, seed: 7 })).toEqual(s)
  expect(annotatorSample(p.db, { size: 50, seed: 1 })).toMatchObject({ annotator: 'alice', labelled: 2 })
  expect(() => annotatorSample(p.db, { annotator: 'zoe', size: 3, seed: 1 })).toThrow(
    /No decisions by zoe.*alice, bob/
  )
})

it('in a tags project, lists the tags one marked present and another absent, until adjudicated', () => {
  setProjectKind(p.db, 'tags')
  const [a, b] = img as [number, number]
  const mark = (who: string, image: number, tag: string, present: boolean, adjudicated = false): void => {
    tick()
    appendDecisions(
      p.db,
      [{ imageId: image, kind: present ? 'accepted' : 'rejected', labelId: L(tag), adjudicated }],
      who
    )
  }
  mark('alice', a, 'cat', true)
  mark('bob', a, 'cat', false)
  mark('alice', a, 'dog', true)
  mark('bob', a, 'dog', false)
  mark('alice', b, 'cat', true)
  mark('bob', b, 'cat', false)
  mark('alice', b, 'bird', true)
  mark('bob', b, 'bird', true)
  const r = disagreements(p.db, 10)
  expect(r.items.map((d) => [d.imageId, d.spread, d.tags.map((t) => t.label)])).toEqual([
    [a, 2, ['cat', 'dog']],
    [b, 1, ['cat']]
  ])
  expect(r.items[0]!.tags[0]).toEqual({
    labelId: L('cat'),
    label: 'cat',
    present: ['alice'],
    absent: ['bob']
  })

  mark('rev', a, 'cat', false, true)
  mark('alice', a, 'cat', true) // later, not adjudicated: the tag stays absent
  expect(tagStatesOf(p.db, a).get(L('cat'))).toBe('absent')
  expect(disagreements(p.db, 10).items.map((d) => [d.imageId, d.tags.map((t) => t.label)])).toEqual([
    [a, ['cat', 'dog']],
    [b, ['cat']]
  ])
  mark('rev', a, 'cat', true, true)
  mark('rev', a, 'dog', true, true)
  expect(disagreements(p.db, 10).items.map((d) => d.imageId)).toEqual([b])
  expect(tagStatesOf(p.db, a).get(L('cat'))).toBe('present')
  expect(verifyCurrent(p.db).mismatches).toBe(0)
})
