// A tags project exported and imported back: every format that holds several labels per image,
// written by Zebra and read into a fresh tags project over the same images, gives each image the
// tag states it had (present, absent, unsure; undecided stays undecided), as one undoable import
// batch after a dry run that writes nothing. Read back into the project it came from, nothing
// changes; unknown tags are left out unless created; into a single-label project one present
// tag is the label and several are refused per image.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportFormat, ImportFormat } from '../../../shared/contract'
import { undo } from '../../db/decisions'
import { Project } from '../../db/project'
import { scanProject } from '../../jobs/scan'
import { exportProject } from '../export'
import {
  freshTagsProject,
  makeTagFixture,
  tagStatesByPath,
  TAG_DECISIONS,
  type TagFixture
} from '../testing/tag-fixture'
import { importLabels } from '.'

let f: TagFixture
let expected: ReturnType<typeof tagStatesByPath>

beforeAll(async () => {
  f = await makeTagFixture(scanProject, 'zebra-tag-roundtrip-')
  expected = tagStatesByPath(f.project)
  expect(Object.keys(expected).sort()).toEqual(Object.keys(TAG_DECISIONS).sort())
}, 120_000)
afterAll(() => {
  f?.project.close()
  if (f) rmSync(f.dir, { recursive: true, force: true })
})

const decisions = (p: Project): number =>
  p.db.prepare('SELECT count(*) FROM decisions').pluck().get() as number
/** tag decisions the fixture made: what a fresh project gets */
const TAG_COUNT = Object.values(TAG_DECISIONS).reduce((a, d) => a + Object.keys(d).length, 0)

const CASES: { exp: ExportFormat; imp: ImportFormat; file?: string; split?: Record<string, number> }[] = [
  { exp: 'csv', imp: 'csv', file: 'labels.csv' },
  { exp: 'jsonl', imp: 'jsonl', file: 'labels.jsonl' },
  { exp: 'labelstudio', imp: 'labelstudio', file: 'tasks.json' },
  { exp: 'hf', imp: 'hf' },
  { exp: 'hf', imp: 'hf', split: { train: 0.5, test: 0.5 } },
  { exp: 'coco-labels', imp: 'coco-labels' },
  { exp: 'coco-labels', imp: 'coco-labels', split: { train: 0.5, val: 0.5 } },
  { exp: 'fiftyone-json', imp: 'fiftyone-json' },
  { exp: 'fiftyone-json', imp: 'fiftyone-json', split: { train: 0.5, val: 0.5 } }
]

describe('tags export -> import round trips', () => {
  for (const c of CASES) {
    const name = `${c.exp}${c.split ? '-split' : ''}`
    it(`${name} -> ${c.imp}`, async () => {
      const out = join(f.dir, `rt-${name}`)
      await exportProject(f.project, { format: c.exp, outDir: out, split: c.split, includePartial: true })
      const path = c.file ? join(out, c.file) : out
      const fresh = await freshTagsProject(scanProject, f, `fresh-${name}`)
      try {
        const dry = await importLabels(fresh, { format: c.imp, path, dryRun: true, annotator: 'imp' })
        expect(dry).toMatchObject({
          matched: 5,
          unmatchedCount: 0,
          unknownLabels: [],
          wouldImport: TAG_COUNT,
          imported: 0,
          tagDecisions: { present: 6, absent: 11, unsure: 1 }
        })
        expect(dry.perLabel).toEqual({ cat: 2, 'cup/mug': 1, 'red;blue': 2, outdoor: 1 })
        expect(decisions(fresh)).toBe(0)

        const done = await importLabels(fresh, { format: c.imp, path, dryRun: false, annotator: 'imp' })
        expect(done.imported).toBe(TAG_COUNT)
        expect(tagStatesByPath(fresh)).toEqual(expected)
        // one batch: one undo takes the whole import back
        expect(undo(fresh.db, 'imp')?.imageIds).toHaveLength(5)
        expect(tagStatesByPath(fresh)).toEqual({})
      } finally {
        fresh.close()
      }
      const before = decisions(f.project)
      const same = await importLabels(f.project, { format: c.imp, path, dryRun: false, annotator: 'imp' })
      expect(same).toMatchObject({ matched: 5, unchanged: 5, imported: 0, wouldImport: 0 })
      expect(decisions(f.project)).toBe(before)
    })
  }

  it('unknown tags are left out (the rest imports) unless created', async () => {
    const out = join(f.dir, 'rt-unknown')
    await exportProject(f.project, { format: 'csv', outDir: out })
    const p = Project.create(join(f.dir, 'fewer.zebra'), {
      roots: [f.root],
      kind: 'tags',
      labels: [{ name: 'cat' }, { name: 'outdoor' }]
    })
    try {
      await scanProject(p)
      const path = join(out, 'labels.csv')
      const dry = await importLabels(p, { format: 'csv', path, dryRun: true, annotator: 'imp' })
      expect(dry.unknownLabels).toEqual([
        { name: 'cup/mug', count: 4 },
        { name: 'red;blue', count: 4 }
      ])
      expect(dry.skippedUnknown).toBe(8)
      const kept = await importLabels(p, { format: 'csv', path, dryRun: false, annotator: 'imp' })
      expect(kept.imported).toBe(8)
      const states = tagStatesByPath(p)
      expect(states['a/photo_coffee.jpg']).toEqual({ cat: 'absent', outdoor: 'unsure' })
      const made = await importLabels(p, {
        format: 'csv',
        path,
        dryRun: false,
        createLabels: true,
        annotator: 'imp'
      })
      expect(made).toMatchObject({ createdLabels: ['cup/mug', 'red;blue'], imported: 8 })
      expect(tagStatesByPath(p)['a/photo_coffee.jpg']).toEqual(expected['a/photo_coffee.jpg'])
    } finally {
      p.close()
    }
  })

  it('into a single-label project: one present tag is the label, several are refused per image', async () => {
    const out = join(f.dir, 'rt-single')
    await exportProject(f.project, { format: 'jsonl', outDir: out, includePartial: true })
    const p = Project.create(join(f.dir, 'single.zebra'), {
      roots: [f.root],
      labels: [{ name: 'cat' }, { name: 'cup/mug' }, { name: 'red;blue' }, { name: 'outdoor' }]
    })
    try {
      await scanProject(p)
      const r = await importLabels(p, {
        format: 'jsonl',
        path: join(out, 'labels.jsonl'),
        dryRun: false,
        annotator: 'i'
      })
      expect(r).toMatchObject({ imported: 2, perLabel: { cat: 2 }, unmatchedCount: 2, unlabeled: 1 })
      expect(r.unmatched.map((u) => u.reason)).toEqual([
        '2 tags present (cup/mug, red;blue): this project has one label per image',
        '2 tags present (red;blue, outdoor): this project has one label per image'
      ])
    } finally {
      p.close()
    }
  })

  it('a class-folder tree or a single-choice Label Studio task into a tags project', async () => {
    const p = await freshTagsProject(scanProject, f, 'fresh-single-sources')
    try {
      // a tree says one tag is present and nothing about the others
      const tree = join(f.dir, 'tree')
      mkdirSync(join(tree, 'cat'), { recursive: true })
      copyFileSync(join(f.root, 'a', 'photo_chelsea.jpg'), join(tree, 'cat', 'photo_chelsea.jpg'))
      const t = await importLabels(p, { format: 'imagefolder', path: tree, dryRun: false, annotator: 'imp' })
      expect(t).toMatchObject({ matched: 1, imported: 1, tagDecisions: { present: 1, absent: 0, unsure: 0 } })
      expect(tagStatesByPath(p)['a/photo_chelsea.jpg']).toEqual({ cat: 'present' })
      // a Label Studio annotation chooses among the project's tags: the others are absent
      const tasks = join(f.dir, 'single-ls.json')
      const choice = (c: string[]) => ({ result: [{ type: 'choices', value: { choices: c } }] })
      writeFileSync(
        tasks,
        JSON.stringify([
          { data: { path: join(f.root, 'a', 'photo_coffee.jpg') }, annotations: [choice(['outdoor'])] }
        ])
      )
      const l = await importLabels(p, { format: 'labelstudio', path: tasks, dryRun: false, annotator: 'imp' })
      expect(l).toMatchObject({ imported: 4, tagDecisions: { present: 1, absent: 3, unsure: 0 } })
      expect(tagStatesByPath(p)['a/photo_coffee.jpg']).toEqual({
        cat: 'absent',
        'cup/mug': 'absent',
        'red;blue': 'absent',
        outdoor: 'present'
      })
    } finally {
      p.close()
    }
  })
})
