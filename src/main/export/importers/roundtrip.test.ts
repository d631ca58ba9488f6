// Export -> import -> the same decisions: every importable format written by Zebra and read back
// into a fresh project over the same images gives each image the label it had; read back into
// the project it came from, it changes nothing. The dry run writes nothing; the import is one batch.
import { renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportFormat, ImportFormat } from '../../../shared/contract'
import { undo } from '../../db/decisions'
import { scanProject } from '../../jobs/scan'
import { exportProject } from '../export'
import { currentLabels, freshProject, makeFixture, type Fixture } from '../testing/fixture'
import { importLabels } from '.'

let f: Fixture
let expected: Record<string, string>

beforeAll(async () => {
  f = await makeFixture(scanProject, 'zebra-roundtrip-')
  expected = currentLabels(f.project)
}, 120_000)
afterAll(() => {
  f?.project.close()
  if (f) rmSync(f.dir, { recursive: true, force: true })
})

const decisions = (p: Fixture['project']): number =>
  p.db.prepare('SELECT count(*) FROM decisions').pluck().get() as number

// total: entries read (labels.jsonl also lists the rejected image, without a label)
const CASES: {
  exp: ExportFormat
  imp: ImportFormat
  file?: string
  split?: Record<string, number>
  total?: number
}[] = [
  { exp: 'labelstudio', imp: 'labelstudio', file: 'tasks.json' },
  { exp: 'csv', imp: 'csv', file: 'labels.csv' },
  { exp: 'imagefolder', imp: 'imagefolder', split: { train: 0.5, val: 0.5 } },
  { exp: 'imagefolder', imp: 'imagefolder' },
  { exp: 'yolo-cls', imp: 'imagefolder' },
  { exp: 'fiftyone-tree', imp: 'imagefolder' },
  { exp: 'cvat-imagenet', imp: 'cvat-imagenet' },
  { exp: 'fiftyone-json', imp: 'fiftyone-json' },
  { exp: 'fiftyone-json', imp: 'fiftyone-json', split: { train: 0.5, val: 0.5 } },
  { exp: 'hf', imp: 'hf', split: { train: 0.5, test: 0.5 } },
  { exp: 'coco-labels', imp: 'coco-labels', split: { train: 0.5, val: 0.5 } },
  { exp: 'jsonl', imp: 'jsonl', file: 'labels.jsonl', total: 14 }
]

describe('export -> import round trips', () => {
  for (const c of CASES) {
    it(`${c.exp}${c.split ? ' (split)' : ''} -> ${c.imp}`, async () => {
      const out = join(f.dir, `rt-${c.exp}-${c.split ? 'split' : 'flat'}`)
      await exportProject(f.project, { format: c.exp, outDir: out, split: c.split })
      const path = c.file ? join(out, c.file) : out
      const fresh = await freshProject(scanProject, f, `fresh-${c.exp}-${c.split ? 's' : 'f'}`)
      try {
        const dry = await importLabels(fresh, { format: c.imp, path, dryRun: true, annotator: 'imp' })
        expect(dry).toMatchObject({
          total: c.total ?? 13,
          matched: 13,
          unmatchedCount: 0,
          wouldImport: 13,
          imported: 0
        })
        expect(dry.unknownLabels).toEqual([])
        expect(dry.perLabel).toEqual({ cat: 5, 'cup/mug': 4, rocket: 4 })
        expect(decisions(fresh)).toBe(0)

        const done = await importLabels(fresh, { format: c.imp, path, dryRun: false, annotator: 'imp' })
        expect(done.imported).toBe(13)
        expect(currentLabels(fresh)).toEqual(expected)
        // one batch: one undo takes the whole import back
        expect(undo(fresh.db, 'imp')?.imageIds).toHaveLength(13)
        expect(currentLabels(fresh)).toEqual({})
      } finally {
        fresh.close()
      }
      // back into the project it came from: every label is already so, nothing is written
      const before = decisions(f.project)
      const same = await importLabels(f.project, { format: c.imp, path, dryRun: false, annotator: 'imp' })
      expect(same).toMatchObject({ matched: 13, unchanged: 13, imported: 0, wouldImport: 0 })
      expect(decisions(f.project)).toBe(before)
    })
  }

  it('a file moved to another label folder in the exported tree imports as that label', async () => {
    const out = join(f.dir, 'moved')
    await exportProject(f.project, { format: 'imagefolder', outDir: out })
    // two photo_chelsea.jpg (a/, "b ü"/): the name alone would be ambiguous; sources.csv is not
    renameSync(join(out, 'cat', 'photo_chelsea_1.jpg'), join(out, 'rocket', 'photo_chelsea_1.jpg'))
    const r = await importLabels(f.project, {
      format: 'imagefolder',
      path: out,
      dryRun: false,
      annotator: 'imp'
    })
    expect(r).toMatchObject({ matched: 13, unchanged: 12, imported: 1, perLabel: { rocket: 1 } })
    const now = currentLabels(f.project)
    const changed = Object.keys(now).filter((k) => now[k] !== expected[k])
    expect(changed).toHaveLength(1)
    expect(changed[0]).toMatch(/photo_chelsea\.jpg$/)
    expect(now[changed[0]!]).toBe('rocket')
    undo(f.project.db, 'imp')
    expect(currentLabels(f.project)).toEqual(expected)
  })
})
