// The file formats of a tags project read back by Python against their documented schemas: the
// Hugging Face card (YAML) declaring Sequence(ClassLabel) and each split's metadata.jsonl, COCO
// with one image-level annotation per present tag, FiftyOne labels.json with a list of
// {label, confidence} per image (Classifications); every image opened by PIL.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanProject } from '../../jobs/scan'
import { exportProject } from '../export'
import { runPython } from '../testing/python'
import { DONE, TAG_DECISIONS, TAGS, makeTagFixture, type TagFixture } from '../testing/tag-fixture'

let f: TagFixture

beforeAll(async () => {
  f = await makeTagFixture(scanProject, 'zebra-tagfiles-')
}, 120_000)
afterAll(() => {
  f?.project.close()
  if (f) rmSync(f.dir, { recursive: true, force: true })
})

const of = (rel: string, s: string): string[] => TAGS.filter((t) => TAG_DECISIONS[rel]![t] === s)
const presentByRel = (rels: readonly string[]): Record<string, string[]> =>
  Object.fromEntries(rels.map((r) => [r, of(r, 'present')]))

/** the export's sources.csv: file -> rel_path */
const SOURCES = `
def sources(root):
    import csv, os
    return {r['file']: r['rel_path'] for r in csv.DictReader(open(os.path.join(root, 'sources.csv'), newline='', encoding='utf-8'))}
`

describe('tags file formats', () => {
  it('hf: the card declares the tag lists Sequence(ClassLabel); metadata.jsonl names them per image', async () => {
    const out = join(f.dir, 'hf')
    // with the partly decided image, cat (the stratum of two images) has one in each split
    await exportProject(f.project, {
      format: 'hf',
      outDir: out,
      split: { train: 0.5, test: 0.5 },
      includePartial: true
    })
    const read = runPython<{
      features: Record<string, unknown>[]
      splits: string[]
      rows: Record<string, { labels: string[]; absent: string[]; unsure: string[]; probs: number[] }>
    }>(
      `
import json, os, sys, yaml
from PIL import Image
${SOURCES}
root = sys.argv[1]
card = open(os.path.join(root, 'README.md'), encoding='utf-8').read().split('---\\n')[1]
meta = yaml.safe_load(card)
src = sources(root)
rows = {}
splits = [c['split'] for c in meta['configs'][0]['data_files']]
for s in splits:
    for line in open(os.path.join(root, s, 'metadata.jsonl'), encoding='utf-8'):
        m = json.loads(line)
        Image.open(os.path.join(root, s, m['file_name'])).load()
        rows[src['%s/%s' % (s, m['file_name'])]] = {'labels': m['labels'], 'absent': m['absent_labels'],
            'unsure': m['unsure_labels'], 'probs': m['probs']}
print(json.dumps({'features': meta['dataset_info']['features'], 'splits': splits, 'rows': rows}))
`,
      [out]
    )
    const names = Object.fromEntries(TAGS.map((t, i) => [String(i), t]))
    for (const col of ['labels', 'absent_labels', 'unsure_labels'])
      expect(read.features.find((x) => x.name === col)).toEqual({
        name: col,
        sequence: { class_label: { names } }
      })
    expect(read.splits.sort()).toEqual(['test', 'train'])
    expect(Object.keys(read.rows).sort()).toEqual(Object.keys(TAG_DECISIONS).sort())
    for (const [rel, r] of Object.entries(read.rows)) {
      expect([r.labels, r.absent, r.unsure]).toEqual([
        of(rel, 'present'),
        of(rel, 'absent'),
        of(rel, 'unsure')
      ])
      expect(r.probs).toHaveLength(TAGS.length)
      for (const p of r.probs) expect(p).toBeGreaterThan(0)
    }
  })

  it('coco-labels: an image-level annotation per present tag; unsure and undecided in the image record', async () => {
    const out = join(f.dir, 'coco')
    await exportProject(f.project, { format: 'coco-labels', outDir: out, includePartial: true })
    const read = runPython<Record<string, { cats: string[]; unsure: string[]; undecided: string[] }>>(
      `
import json, os, sys
from PIL import Image
${SOURCES}
root = sys.argv[1]
src = sources(root)
doc = json.load(open(os.path.join(root, 'annotations', 'labels_default.json'), encoding='utf-8'))
cats = {c['id']: c['name'] for c in doc['categories']}
assert sorted(cats) == list(range(1, len(cats) + 1))
out = {}
for im in doc['images']:
    with Image.open(os.path.join(root, 'images', 'default', im['file_name'])) as pic:
        assert list(pic.size) == [im['width'], im['height']]
    out[src['images/default/' + im['file_name']]] = {'cats': [], 'unsure': [cats[c] for c in im['zebra']['unsure']],
        'undecided': [cats[c] for c in im['zebra']['undecided']], 'id': im['id']}
by_id = {v['id']: v for v in out.values()}
for a in doc['annotations']:
    assert set(a) == {'id', 'image_id', 'category_id'}, a
    by_id[a['image_id']]['cats'].append(cats[a['category_id']])
assert len({a['id'] for a in doc['annotations']}) == len(doc['annotations'])
for v in out.values(): del v['id']
print(json.dumps(out))
`,
      [out]
    )
    const rels = Object.keys(TAG_DECISIONS)
    expect(Object.fromEntries(Object.entries(read).map(([k, v]) => [k, v.cats]))).toEqual(presentByRel(rels))
    expect(read['a/photo_coffee.jpg']!.unsure).toEqual(['outdoor'])
    expect(read['b ü/square_224x224.png']!.undecided).toEqual(['cup/mug', 'red;blue'])
  })

  it('fiftyone-json: labels.json holds a list of {label, confidence} per image (Classifications)', async () => {
    const out = join(f.dir, 'fo')
    await exportProject(f.project, { format: 'fiftyone-json', outDir: out })
    const read = runPython<{
      classes: string[]
      labels: Record<string, { label: number; confidence: number }[]>
    }>(
      `
import json, os, sys
from PIL import Image
${SOURCES}
root = sys.argv[1]
src = sources(root)
doc = json.load(open(os.path.join(root, 'labels.json'), encoding='utf-8'))
files = {os.path.splitext(n)[0]: n for n in os.listdir(os.path.join(root, 'data'))}
labels = {}
for uuid, targets in doc['labels'].items():
    assert isinstance(targets, list)
    Image.open(os.path.join(root, 'data', files[uuid])).load()
    labels[src['data/' + files[uuid]]] = targets
print(json.dumps({'classes': doc['classes'], 'labels': labels}))
`,
      [out]
    )
    expect(read.classes).toEqual([...TAGS])
    const named = Object.fromEntries(
      Object.entries(read.labels).map(([rel, ts]) => [rel, ts.map((t) => read.classes[t.label]!)])
    )
    expect(named).toEqual(presentByRel(DONE))
    for (const ts of Object.values(read.labels)) for (const t of ts) expect(t.confidence).toBeGreaterThan(0)
  })
})
