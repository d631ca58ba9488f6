// Class indices stay put while labelling goes on: two exports of the same project, with a label
// decided for the first time in between, give every class the same index, read the way training
// code reads them (torchvision's ImageFolder for the class trees; the class lists of COCO and
// FiftyOne as json). Every label's folder is there, empty or not; archived labels keep theirs, a
// merged label has none (its images are in the label it went into).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportFormat } from '../../../shared/contract'
import { undo } from '../../db/decisions'
import { decide } from '../../db/ops'
import { Project } from '../../db/project'
import { scanProject } from '../../jobs/scan'
import { sampleImagesDir } from '../../paths'
import { parseCsv, unescapeCell } from '../csv'
import { exportProject } from '../export'
import { assertTorchvision, runPython } from '../testing/python'

// Ultralytics passes allow_empty=True (torchvision >= 0.18); older torchvision has no such
// argument and refuses an empty class folder, so there the same numbering (find_classes) is read
// with the empty classes skipped, which is what allow_empty=True does.
const READ_TREES = `
import json, os, sys
from torchvision.datasets import ImageFolder, folder

class Lenient(ImageFolder):
    @staticmethod
    def make_dataset(directory, class_to_idx, extensions=None, is_valid_file=None, **kw):
        out = []
        for c, i in sorted(class_to_idx.items()):
            if os.listdir(os.path.join(directory, c)):
                out += folder.make_dataset(directory, {c: i}, extensions, is_valid_file)
        return out

def read(d):
    try:
        return ImageFolder(d, allow_empty=True)
    except TypeError:
        return Lenient(d)

root, out = sys.argv[1], {}
for part in sys.argv[2:]:
    ds = read(root if part == '.' else os.path.join(root, part))
    out[part] = {'class_to_idx': ds.class_to_idx,
                 'samples': [[os.path.relpath(p, root).replace(os.sep, '/'), c] for p, c in ds.samples]}
print(json.dumps(out))
`
type Trees = Record<string, { class_to_idx: Record<string, number>; samples: [string, number][] }>

let dir: string
let p: Project
let ids: number[]
const label = (name: string): number => p.labelByName(name)!.id

beforeAll(async () => {
  assertTorchvision()
  dir = mkdtempSync(join(tmpdir(), 'zebra-class-index-'))
  const root = join(dir, 'images')
  mkdirSync(root)
  for (const f of readdirSync(sampleImagesDir())) copyFileSync(join(sampleImagesDir(), f), join(root, f))
  p = Project.create(join(dir, 'p.zebra'), {
    roots: [root],
    labels: ['ant', 'bee', 'cat', 'dog', 'eel', 'fox'].map((name) => ({ name }))
  })
  await scanProject(p)
  ids = p.db
    .prepare('SELECT id FROM images ORDER BY rel_path')
    .all()
    .map((r) => (r as { id: number }).id)
  expect(ids.length).toBeGreaterThanOrEqual(12)
  // ant and cat on five images each, dog on one then archived, eel on one then merged into cat;
  // bee on none yet, fox on none and archived
  const plan = ['ant', 'ant', 'ant', 'ant', 'ant', 'cat', 'cat', 'cat', 'cat', 'cat', 'dog', 'eel']
  plan.forEach((name, i) => decide(p, { imageId: ids[i]!, kind: 'corrected', labelId: label(name) }, 'ann'))
  p.updateLabel(label('dog'), { archived: true })
  p.updateLabel(label('fox'), { archived: true })
  p.mergeLabel(label('eel'), label('cat'))
}, 180_000)
afterAll(() => {
  p?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function exportBoth(format: ExportFormat, split?: Record<string, number>): Promise<[string, string]> {
  const first = join(dir, `${format}-1`)
  const second = join(dir, `${format}-2`)
  await exportProject(p, { format, outDir: first, split })
  // bee gets its first image between the two exports
  decide(p, { imageId: ids[12]!, kind: 'corrected', labelId: label('bee') }, 'bee-annotator')
  await exportProject(p, { format, outDir: second, split })
  // undone, so bee has no image again for the next format's first export
  expect(undo(p.db, 'bee-annotator')?.imageIds).toEqual([ids[12]])
  return [first, second]
}

/** sources.csv: placed file -> its label */
function labelOfFile(out: string): Map<string, string> {
  const [head, ...rows] = parseCsv(readFileSync(join(out, 'sources.csv'), 'utf8')).map((r) =>
    r.map(unescapeCell)
  )
  return new Map(rows.map((r) => [r[head!.indexOf('file')]!, r[head!.indexOf('label')]!]))
}

const EVERY = { ant: 0, bee: 1, cat: 2, dog: 3, fox: 4 }

describe('class indices across exports', () => {
  it('imagefolder: every label has its folder, so torchvision numbers the classes the same both times', async () => {
    const [first, second] = await exportBoth('imagefolder')
    expect(readdirSync(join(first, 'bee'))).toEqual([])
    const trees = [first, second].map((out) => runPython<Trees>(READ_TREES, [out, '.']))
    expect(trees[0]!['.']!.class_to_idx).toEqual(EVERY)
    expect(trees[1]!['.']!.class_to_idx).toEqual(EVERY)
    ;[first, second].forEach((out, i) => {
      const labels = labelOfFile(out)
      for (const [file] of trees[i]!['.']!.samples) expect(file.split('/')[0], file).toBe(labels.get(file))
      expect(trees[i]!['.']!.samples.map(([, c]) => c)).toContain(EVERY.cat)
    })
    expect(trees[1]!['.']!.samples.filter(([, c]) => c === EVERY.bee)).toHaveLength(1)
  })

  it('yolo-cls: every class folder in every split, the same numbering in each split and each export', async () => {
    const [first, second] = await exportBoth('yolo-cls', { train: 0.5, val: 0.25, test: 0.25 })
    for (const out of [first, second]) {
      for (const s of ['train', 'val', 'test'])
        for (const c of Object.keys(EVERY)) expect(existsSync(join(out, s, c)), `${s}/${c}`).toBe(true)
      expect(existsSync(join(out, 'train', 'eel'))).toBe(false)
      const read = runPython<Trees>(READ_TREES, [out, 'train', 'val', 'test'])
      for (const s of ['train', 'val', 'test']) expect(read[s]!.class_to_idx, s).toEqual(EVERY)
      const labels = labelOfFile(out)
      const byIndex = Object.keys(EVERY)
      for (const s of ['train', 'val', 'test'])
        for (const [file, c] of read[s]!.samples) expect(byIndex[c], file).toBe(labels.get(file))
    }
  })

  it('coco-labels and fiftyone-json: one class list of every label, in creation order, both times', async () => {
    const [c1, c2] = await exportBoth('coco-labels')
    const cats = [c1, c2].map(
      (out) =>
        (
          JSON.parse(readFileSync(join(out, 'annotations', 'labels_default.json'), 'utf8')) as {
            categories: { id: number; name: string }[]
          }
        ).categories
    )
    expect(cats[0]!.map((c) => [c.id, c.name])).toEqual([
      [1, 'ant'],
      [2, 'bee'],
      [3, 'cat'],
      [4, 'dog'],
      [5, 'fox']
    ])
    expect(cats[1]).toEqual(cats[0])
    const [f1, f2] = await exportBoth('fiftyone-json')
    const classes = [f1, f2].map(
      (out) => (JSON.parse(readFileSync(join(out, 'labels.json'), 'utf8')) as { classes: string[] }).classes
    )
    expect(classes[0]).toEqual(Object.keys(EVERY))
    expect(classes[1]).toEqual(classes[0])
    const summary = JSON.parse(readFileSync(join(f1, 'export-summary.json'), 'utf8')) as {
      classes: string[]
      perLabel: Record<string, number>
    }
    expect(summary.classes).toEqual(Object.keys(EVERY))
    expect(summary.perLabel).toEqual({ ant: 5, cat: 6, dog: 1 })
  })

  it('labelstudio: Choices are the labels to go on with plus those a task names, not every class', async () => {
    const out = join(dir, 'ls')
    const r = await exportProject(p, { format: 'labelstudio', outDir: out })
    const values = [...r.labelConfig!.matchAll(/<Choice value="([^"]*)"/g)].map((m) => m[1])
    // archived dog is named by a task; archived fox by none
    expect(values).toEqual(['ant', 'bee', 'cat', 'dog'])
  })
})
