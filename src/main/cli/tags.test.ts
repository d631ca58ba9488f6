// `zebra tags` and `zebra review` on a tags project, end to end: the real launcher run from a temp
// folder outside the repository, on a tags project of the sample project's images pre-labelled by
// the demo model. JSON output is checked against the project file (and against the TagModel the
// app uses, in-process on the same file); a bulk mark is one action that `review undo` takes back.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TagsSummary, TagView } from '../../shared/contract'
import { DEFAULT_TAG_NEGATIVES, coldStartProb } from '../clip/tag-scores'
import { Project } from '../db/project'
import { TagModel } from '../services/core/tag-model'
import { createPrelabelled, TAGS, tagsWorkDir, type TagsWorkDir } from './testing/tags-project'

interface PassJson {
  label: string
  scored: number
  present: number
  items: { imageId: number; prob: number; state: string | null; relPath: string }[]
  more: boolean
}

let w: TagsWorkDir
let file = ''
let ids: Record<string, number> = {}

function query<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

const count = (sql: string, ...args: unknown[]): number =>
  query(
    (db) =>
      db
        .prepare(sql)
        .pluck()
        .get(...args) as number
  )

/** labelId -> state code of each decided tag of one image */
const statesOf = (imageId: number): Record<number, number> =>
  query((db) =>
    Object.fromEntries(
      db.prepare('SELECT label_id, state FROM image_tags WHERE image_id = ?').raw().all(imageId) as [
        number,
        number
      ][]
    )
  )

/** labelId... -> s of one tag, by image */
const scoresOf = (labelId: number): Map<number, number> =>
  new Map(
    query(
      (db) =>
        db.prepare('SELECT image_id, s FROM tag_scores WHERE label_id = ?').raw().all(labelId) as [
          number,
          number
        ][]
    )
  )

/** The app's numbers on the same file: a fresh TagModel, as the review service holds one. */
function appSummary(target: number): TagsSummary {
  const p = Project.open(file)
  try {
    return new TagModel().summary(p, target)
  } finally {
    p.close()
  }
}

function json<T>(...args: string[]): T {
  const r = w.zebra(...args)
  expect(r.code, `zebra ${args.join(' ')}\n${r.stderr}`).toBe(0)
  return JSON.parse(r.stdout) as T
}

const pass = (tag: string, ...args: string[]): PassJson =>
  json<PassJson>('tags', 'pass', file, tag, '--format', 'json', ...args)

beforeAll(() => {
  w = tagsWorkDir('zebra-tags-cli-')
  createPrelabelled(w, 't.zebra', '--tags')
  file = join(w.cwd, 't.zebra')
  ids = query((db) =>
    Object.fromEntries(db.prepare('SELECT name, id FROM labels').raw().all() as [string, number][])
  )
}, 120_000)

afterAll(() => {
  if (w) rmSync(w.cwd, { recursive: true, force: true })
})

describe.sequential('zebra tags on a tags project', () => {
  it('init --tags makes a tags project, and prelabel scores every tag of every image', () => {
    expect(query((db) => db.prepare('SELECT kind FROM project').pluck().get())).toBe('tags')
    const images = count('SELECT count(*) FROM images')
    expect(images).toBe(79)
    expect(count('SELECT count(*) FROM tag_scores')).toBe(images * TAGS.length)
  })

  it('tags status: per tag its counts, its score and its threshold, as the app computes them', () => {
    const s = json<TagsSummary>('tags', 'status', file, '--format', 'json')
    expect(s.target).toBe(0.9)
    expect(s.tags.map((t) => t.label)).toEqual(TAGS)
    for (const t of s.tags) {
      expect(t).toMatchObject({ present: 0, absent: 0, unsure: 0, scored: 79 })
      expect(t.calibration).toEqual({
        kind: 'coldstart',
        present: 0,
        absent: 0,
        needs: { present: 5, absent: 5 }
      })
      expect(t.threshold).toMatchObject({ kind: 'withheld', needs: 20 })
    }
    expect(s).toEqual(appSummary(0.9))

    const table = w.zebra('tags', 'status', file, '--target', '0.8')
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/precision 80%/)
    for (const tag of TAGS)
      expect(table.stdout).toMatch(new RegExp(`^${tag} .*cold start.*withheld: Too few`, 'm'))
  })

  it("tags pass: one tag's images by probability, the cold start of the stored scores", () => {
    const all = pass('red', '--filter', 'all', '--limit', '500')
    expect(all.items).toHaveLength(79)
    expect(all.more).toBe(false)
    const probs = all.items.map((i) => i.prob)
    expect([...probs].sort((a, b) => b - a)).toEqual(probs)
    const s = scoresOf(ids.red!)
    const T = (() => {
      const p = Project.open(file)
      try {
        return p.settings().temperature
      } finally {
        p.close()
      }
    })()
    for (const i of all.items) expect(i.prob).toBeCloseTo(coldStartProb(s.get(i.imageId)!, T), 9)

    const above = pass('RED', '--above', '0.5')
    expect(above.items.length).toBeGreaterThan(0)
    expect(above.items.map((i) => i.imageId)).toEqual(
      all.items.filter((i) => i.prob >= 0.5).map((i) => i.imageId)
    )

    const table = w.zebra('tags', 'pass', file, String(ids.red), '--limit', '3')
    expect(table.code).toBe(0)
    const rows = table.stdout.split('\n').filter((l) => /^\s+\d+\s+\d\.\d{3}\s/.test(l))
    expect(rows).toHaveLength(3)
    expect(table.stdout).toMatch(/more with a higher --limit/)
  })

  it('tags mark: many images as one action, which review undo takes back whole', () => {
    const red = ids.red!
    const above = pass('red', '--above', '0.5').items.map((i) => i.imageId)
    const r = w.zebra('tags', 'mark', file, 'red', '--present', '--above', '0.5')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^${above.length} marked red present`))
    expect(
      query((db) =>
        db.prepare('SELECT image_id FROM image_tags WHERE label_id = ? AND state = 1').pluck().all(red)
      ).sort()
    ).toEqual([...above].sort())
    expect(count('SELECT count(DISTINCT batch_id) FROM decisions WHERE label_id = ?', red)).toBe(1)
    expect(json<TagsSummary>('tags', 'status', file, '--format', 'json').tags[0]!.present).toBe(above.length)

    const undo = json<{ imageIds: number[] }>('review', 'undo', file)
    expect([...undo.imageIds].sort()).toEqual([...above].sort())
    expect(count('SELECT count(*) FROM image_tags WHERE label_id = ?', red)).toBe(0)

    const low = pass('red', '--filter', 'all', '--limit', '500')
      .items.slice(-2)
      .map((i) => i.imageId)
    const some = w.zebra('tags', 'mark', file, 'red', '--absent', '--images', low.join(','))
    expect(some.stdout).toMatch(/^2 marked red absent/)
    for (const id of low) expect(statesOf(id)[red]).toBe(3)
  })

  it('review next shows each tag with its probability and state; decide --tags decides every tag', () => {
    const next = json<{ image: { id: number }; suggestions: unknown[]; tags: TagView[] }>(
      'review',
      'next',
      file
    )
    const id = next.image.id
    expect(next.suggestions).toEqual([])
    expect(next.tags.map((t) => t.label)).toEqual(TAGS)
    for (const t of next.tags) {
      expect(t.state).toBeNull()
      expect(t.prob).toBeCloseTo(tagProbOf(id, t.labelId), 9)
    }

    const step = json<{ imageId: number; skipped: boolean; tags: { label: string; state: string }[] }>(
      'review',
      'decide',
      file,
      String(id),
      '--tags',
      `RED,${ids.circle}`,
      '--unsure',
      'Striped'
    )
    expect(step.imageId).toBe(id)
    expect(step.tags.map((t) => t.state)).toEqual(['present', 'absent', 'present', 'unsure'])
    expect(statesOf(id)).toEqual({ [ids.red!]: 1, [ids.blue!]: 3, [ids.circle!]: 1, [ids.striped!]: 5 })
    const after = json<{ image: { id: number } }>('review', 'next', file)
    expect(after.image.id).not.toBe(id)

    expect(json<{ imageIds: number[] }>('review', 'undo', file).imageIds).toEqual([id])
    expect(statesOf(id)).toEqual({})
    const none = json<{ tags: { state: string }[] }>('review', 'decide', file, String(id), '--tags', '')
    expect(none.tags.map((t) => t.state)).toEqual(['absent', 'absent', 'absent', 'absent'])
    const skip = json<{ skipped: boolean }>('review', 'decide', file, String(id + 1), 'skipped')
    expect(skip.skipped).toBe(true)
  })

  it('a tag is calibrated once it has enough decisions on both sides, and status says so', () => {
    expect(w.zebra('tags', 'mark', file, 'red', '--present', '--above', '0.9').code).toBe(0)
    const low = pass('red', '--limit', '500')
      .items.slice(-6)
      .map((i) => i.imageId)
    expect(w.zebra('tags', 'mark', file, 'red', '--absent', '--images', low.join(',')).code).toBe(0)
    const s = json<TagsSummary>('tags', 'status', file, '--format', 'json', '--target', '0.95')
    const red = s.tags.find((t) => t.label === 'red')!
    expect(red.calibration.kind).toBe('calibrated')
    if (red.calibration.kind === 'calibrated') expect(red.calibration.a).toBeGreaterThan(0)
    expect(s).toEqual(appSummary(0.95))
    expect(w.zebra('tags', 'status', file).stdout).toMatch(/^red .*calibrated \(a [\d.]+, b -?[\d.]+\)/m)
  })

  it("tags negatives: shows the default prompts, --set stores the tag's own and re-scores, --clear undoes it", () => {
    const shown = json<{ default: boolean; scoredAgainst: string[] }>(
      'tags',
      'negatives',
      file,
      'red',
      '--format',
      'json'
    )
    expect(shown).toMatchObject({ default: true, scoredAgainst: [...DEFAULT_TAG_NEGATIVES] })
    const red0 = scoresOf(ids.red!)
    const blue0 = scoresOf(ids.blue!)
    const prompts = ['a photo of a blue shape.', 'a photo of a green shape.']
    const set = w.zebra('tags', 'negatives', file, 'red', '--set', prompts.join(','), '--format', 'json')
    expect(set.code, set.stderr).toBe(0)
    expect(set.stderr).toMatch(/re-scored 79 images/)
    expect(JSON.parse(set.stdout)).toMatchObject({ negatives: prompts, default: false })
    expect(
      JSON.parse(
        query((db) => db.prepare('SELECT negatives FROM labels WHERE id = ?').pluck().get(ids.red)) as string
      )
    ).toEqual(prompts)
    const red1 = scoresOf(ids.red!)
    expect([...red1].some(([id, s]) => Math.abs(s - red0.get(id)!) > 1e-3)).toBe(true)
    for (const [id, s] of scoresOf(ids.blue!)) expect(s).toBeCloseTo(blue0.get(id)!, 5)

    expect(w.zebra('tags', 'negatives', file, 'red', '--clear').stdout).toMatch(/default neutral prompts/)
    for (const [id, s] of scoresOf(ids.red!)) expect(s).toBeCloseTo(red0.get(id)!, 5)
  })

  it('bad input: a clear message, exit 2, and nothing recorded', () => {
    const before = count('SELECT count(*) FROM decisions')
    const cases: [string[], RegExp][] = [
      [['tags', 'pass', file, 'green'], /No tag "green" in this project \(it has red, blue, circle, striped/],
      [['tags', 'mark', file, 'green', '--present', '--above', '0.5'], /No tag "green"/],
      [['tags', 'mark', file, 'red', '--present'], /either --above P .* or --images/],
      [
        ['tags', 'mark', file, 'red', '--present', '--absent', '--images', '1'],
        /one of --present, --absent or --unsure/
      ],
      [['tags', 'mark', file, 'red', '--present', '--images', '1,99999'], /no image with id 99999/],
      [['tags', 'negatives', file, 'red', '--set', 'a photo.', '--clear'], /--set or --clear, not both/],
      [['review', 'decide', file, '1', '--tags', 'red,green'], /No tag "green"/],
      [
        ['review', 'decide', file, '1', '--tags', 'red', '--unsure', 'RED'],
        /"red" is both in --tags and in --unsure/
      ],
      [['review', 'decide', file, '1', 'accepted'], /is a tags project: decide an image with --tags/],
      [['tags', 'status', file, '--target', '0.3'], /--target must be a precision between 0.5 and 1/]
    ]
    for (const [args, message] of cases) {
      const r = w.zebra(...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr, args.join(' ')).toMatch(message)
      expect(r.stdout).toBe('')
    }
    expect(count('SELECT count(*) FROM decisions')).toBe(before)
  })
})

/** a tag's probability of one image as the cold start reads its stored score */
function tagProbOf(imageId: number, labelId: number): number {
  const p = Project.open(file)
  try {
    return new TagModel().view(p, imageId).find((t) => t.labelId === labelId)!.prob
  } finally {
    p.close()
  }
}
