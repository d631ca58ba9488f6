// Each export format read back by its real consumer where one installs here: torchvision's
// ImageFolder for the class trees, YOLO classification and the HF tree; Python's json, xml and
// PIL against the documented schemas of FiftyOne, COCO (Datumaro coco_labels) and Label Studio.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanProject } from '../../jobs/scan'
import { parseCsv, unescapeCell } from '../csv'
import { exportProject } from '../export'
import { currentLabels, makeFixture, type Fixture } from '../testing/fixture'
import { assertTorchvision, runPython } from '../testing/python'

let f: Fixture
/** rel_path -> label, what every export must carry */
let expected: Record<string, string>

beforeAll(async () => {
  assertTorchvision()
  f = await makeFixture(scanProject)
  expected = currentLabels(f.project)
  expect(Object.keys(expected)).toHaveLength(13)
}, 180_000)
afterAll(() => {
  f?.project.close()
  if (f) rmSync(f.dir, { recursive: true, force: true })
})

/** sources.csv of an export: file (relative to it) -> rel_path of the source image, and label. */
function sources(out: string): Map<string, { rel: string; label: string; split: string }> {
  const [head, ...rows] = parseCsv(readFileSync(join(out, 'sources.csv'), 'utf8')).map((r) =>
    r.map(unescapeCell)
  )
  const col = (n: string): number => head!.indexOf(n)
  return new Map(
    rows.map((r) => [
      r[col('file')]!,
      { rel: r[col('rel_path')]!, label: r[col('label')]!, split: r[col('split')]! }
    ])
  )
}

const IMAGE_FOLDER = `
import json, os, sys
from torchvision.datasets import ImageFolder
root, out = sys.argv[1], {}
for part in sys.argv[2:]:
    d = root if part == '.' else os.path.join(root, part)
    try:
        ds = ImageFolder(d, allow_empty=True)  # torchvision >= 0.18
    except TypeError:
        ds = ImageFolder(d)
    img, cls = ds[0]  # decodes through PIL
    out[part] = {'classes': ds.classes, 'samples': [[os.path.relpath(p, root).replace(os.sep, '/'), c] for p, c in ds.samples], 'size': list(img.size)}
print(json.dumps(out))
`
type Folders = Record<string, { classes: string[]; samples: [string, number][]; size: number[] }>

/** What torchvision sees in each part: file -> class name. */
function readByTorchvision(out: string, parts: string[]): { files: Map<string, string>; read: Folders } {
  const read = runPython<Folders>(IMAGE_FOLDER, [out, ...parts])
  const files = new Map<string, string>()
  for (const p of parts) for (const [file, c] of read[p]!.samples) files.set(file, read[p]!.classes[c]!)
  return { files, read }
}

/** Every exported image under the folder of its label (mapped back through sources.csv). */
function expectLabelsByFolder(out: string, files: Map<string, string>): void {
  const src = sources(out)
  expect(files.size).toBe(13)
  const seen: Record<string, string> = {}
  for (const [file, folder] of files) {
    const s = src.get(file)!
    expect(s, file).toBeDefined()
    expect(folder === s.label || folder === s.label.replace('/', '_'), `${file} in ${folder}`).toBe(true)
    seen[s.rel] = s.label
  }
  expect(seen).toEqual(expected)
}

describe('class-folder trees, read by torchvision ImageFolder', () => {
  it('imagefolder with a split: split/label/file, sources.csv maps each file back', async () => {
    const out = join(f.dir, 'if')
    const r = await exportProject(f.project, {
      format: 'imagefolder',
      outDir: out,
      split: { train: 0.5, val: 0.5 }
    })
    expect(r.total).toBe(13)
    const { files, read } = readByTorchvision(out, ['train', 'val'])
    expect(read.train!.classes).toEqual(['cat', 'cup_mug', 'rocket'])
    expect(read.train!.size.length).toBe(2)
    expectLabelsByFolder(out, files)
    // the two photo_chelsea.jpg (a/ and "b ü"/) both kept, one renamed
    expect([...files.keys()].filter((k) => /\/cat\/photo_chelsea(_1)?\.jpg$/.test(k))).toHaveLength(2)
  })

  it('yolo-cls: train/, val/, test/ each with every class folder (default split)', async () => {
    const out = join(f.dir, 'yolo')
    const r = await exportProject(f.project, { format: 'yolo-cls', outDir: out })
    expect(r.total).toBe(13)
    expect(['train', 'val', 'test']).toEqual(expect.arrayContaining(Object.keys(r.perSplit)))
    for (const s of ['train', 'val', 'test'])
      for (const c of ['cat', 'cup_mug', 'rocket'])
        expect(existsSync(join(out, s, c)), `${s}/${c}`).toBe(true)
    // torchvision 0.14 (Debian) refuses empty class folders; read the splits a 50/25/25 split fills
    const full = join(f.dir, 'yolo-full')
    await exportProject(f.project, {
      format: 'yolo-cls',
      outDir: full,
      split: { train: 0.5, val: 0.25, test: 0.25 }
    })
    const { files, read } = readByTorchvision(full, ['train', 'val', 'test'])
    // one class list for all splits: Ultralytics numbers classes from train/
    expect(read.val!.classes).toEqual(read.train!.classes)
    expect(read.test!.classes).toEqual(read.train!.classes)
    expectLabelsByFolder(full, files)
    await expect(
      exportProject(f.project, {
        format: 'yolo-cls',
        outDir: join(f.dir, 'yolo-bad'),
        split: { fit: 0.5, holdout: 0.5 }
      })
    ).rejects.toThrow(/train, val and test/)
  })

  it('cvat-imagenet and fiftyone-tree: label/file at the top', async () => {
    for (const format of ['cvat-imagenet', 'fiftyone-tree'] as const) {
      const out = join(f.dir, format)
      await exportProject(f.project, { format, outDir: out })
      const { files, read } = readByTorchvision(out, ['.'])
      expect(read['.']!.classes).toEqual(['cat', 'cup_mug', 'rocket'])
      expectLabelsByFolder(out, files)
    }
  })

  it('hf: split/file with split/metadata.jsonl naming every image of that folder', async () => {
    const out = join(f.dir, 'hf')
    await exportProject(f.project, { format: 'hf', outDir: out, split: { train: 0.5, test: 0.5 } })
    const { read } = readByTorchvision(out, ['.'])
    expect(read['.']!.classes).toEqual(['test', 'train'])
    const meta = runPython<Record<string, { file_name: string; label: string; suggested_prob: number }[]>>(
      `
import json, os, sys
root, out = sys.argv[1], {}
for s in ('train', 'test'):
    with open(os.path.join(root, s, 'metadata.jsonl')) as fh:
        out[s] = [json.loads(line) for line in fh]
print(json.dumps(out))
`,
      [out]
    )
    const listed = new Set(Object.entries(meta).flatMap(([s, ms]) => ms.map((m) => `${s}/${m.file_name}`)))
    expect(listed.size).toBe(13)
    expect(read['.']!.samples).toHaveLength(13)
    for (const [file, c] of read['.']!.samples) {
      const split = read['.']!.classes[c]!
      expect(
        meta[split]!.some((m) => `${split}/${m.file_name}` === file),
        file
      ).toBe(true)
    }
    for (const m of [...meta.train!, ...meta.test!]) expect(typeof m.suggested_prob).toBe('number')
  })
})

describe('label files against their schemas', () => {
  it('fiftyone-json: data/<uuid>.<ext> and labels.json {classes, labels: {uuid: index}}', async () => {
    const out = join(f.dir, 'fo')
    await exportProject(f.project, { format: 'fiftyone-json', outDir: out })
    const doc = runPython<{
      classes: string[]
      labels: Record<string, number>
      files: Record<string, string>
    }>(
      `
import json, os, sys
root = sys.argv[1]
doc = json.load(open(os.path.join(root, 'labels.json')))
files = {os.path.splitext(n)[0]: n for n in os.listdir(os.path.join(root, 'data'))}
assert len(files) == len(os.listdir(os.path.join(root, 'data'))), 'uuids must be unique stems'
doc['files'] = files
print(json.dumps(doc))
`,
      [out]
    )
    expect(doc.classes).toEqual(['cat', 'cup/mug', 'rocket'])
    expect(Object.keys(doc.labels).sort()).toEqual(Object.keys(doc.files).sort())
    const src = sources(out)
    const seen: Record<string, string> = {}
    for (const [uuid, idx] of Object.entries(doc.labels)) {
      expect(Number.isInteger(idx)).toBe(true)
      seen[src.get(`data/${doc.files[uuid]}`)!.rel] = doc.classes[idx]!
    }
    expect(seen).toEqual(expected)
  })

  it('coco-labels: images, categories and image-level annotations (no bbox), sizes as PIL reads them', async () => {
    const out = join(f.dir, 'coco')
    await exportProject(f.project, { format: 'coco-labels', outDir: out, split: { train: 0.5, val: 0.5 } })
    const checked = runPython<Record<string, { file: string; category: string }[]>>(
      `
import json, os, sys
from PIL import Image
root, out = sys.argv[1], {}
for subset in ('train', 'val'):
    doc = json.load(open(os.path.join(root, 'annotations', 'labels_%s.json' % subset)))
    cats = {c['id']: c['name'] for c in doc['categories']}
    assert sorted(cats) == list(range(1, len(cats) + 1)), 'category ids from 1'
    images = {i['id']: i for i in doc['images']}
    rows = []
    for a in doc['annotations']:
        assert set(a) == {'id', 'image_id', 'category_id'}, a
        im = images[a['image_id']]
        with Image.open(os.path.join(root, 'images', subset, im['file_name'])) as pic:
            assert list(pic.size) == [im['width'], im['height']], (im, pic.size)
        rows.append({'file': 'images/%s/%s' % (subset, im['file_name']), 'category': cats[a['category_id']]})
    assert len(rows) == len(images)
    out[subset] = rows
print(json.dumps(out))
`,
      [out]
    )
    const src = sources(out)
    const seen: Record<string, string> = {}
    for (const rows of Object.values(checked)) for (const r of rows) seen[src.get(r.file)!.rel] = r.category
    expect(seen).toEqual(expected)
  })

  it('labelstudio: tasks with annotations and top-5 predictions; the config parses and covers them', async () => {
    const out = join(f.dir, 'ls')
    const r = await exportProject(f.project, { format: 'labelstudio', outDir: out })
    expect(r.labelConfig).toBe(readFileSync(join(out, 'label-config.xml'), 'utf8'))
    expect(r.notes?.join('\n')).toMatch(/LABEL_STUDIO_LOCAL_FILES_DOCUMENT_ROOT=/)
    const cfg = runPython<{
      image: Record<string, string>
      choices: Record<string, string>
      values: string[]
    }>(
      `
import json, sys
import xml.etree.ElementTree as ET
v = ET.parse(sys.argv[1]).getroot()
print(json.dumps({'image': v.find('Image').attrib, 'choices': v.find('Choices').attrib,
                  'values': [c.get('value') for c in v.find('Choices').findall('Choice')]}))
`,
      [join(out, 'label-config.xml')]
    )
    expect(cfg.values).toEqual(['cat', 'cup/mug', 'rocket'])
    const docRoot = /DOCUMENT_ROOT=(.*)$/m.exec(r.notes!.join('\n'))![1]!
    type Result = { from_name: string; to_name: string; type: string; value: { choices: string[] } }
    const tasks = JSON.parse(readFileSync(join(out, 'tasks.json'), 'utf8')) as {
      data: { image: string; path: string }
      annotations: { result: Result[] }[]
      predictions: { model_version: string; score: number; result: Result[] }[]
    }[]
    expect(tasks).toHaveLength(13)
    const seen: Record<string, string> = {}
    for (const t of tasks) {
      expect(cfg.image.value).toBe('$image')
      const d = new URLSearchParams(t.data.image.split('?')[1]).get('d')!
      expect(t.data.image.startsWith('/data/local-files/?d=')).toBe(true)
      expect(join(docRoot, d)).toBe(t.data.path)
      for (const res of [...t.annotations[0]!.result, ...t.predictions.flatMap((p) => p.result)]) {
        expect(res).toMatchObject({ from_name: cfg.choices.name, to_name: cfg.image.name, type: 'choices' })
        expect(cfg.values).toContain(res.value.choices[0])
      }
      expect(t.predictions.length).toBeLessThanOrEqual(5)
      expect(t.predictions.map((p) => p.score)).toEqual(
        [...t.predictions.map((p) => p.score)].sort((a, b) => b - a)
      )
      expect(t.predictions[0]!.model_version).toMatch(/tiny/)
      seen[
        t.data.path
          .slice(f.root.length + 1)
          .split('\\')
          .join('/')
      ] = t.annotations[0]!.result[0]!.value.choices[0]!
    }
    expect(seen).toEqual(expected)
  })
})
