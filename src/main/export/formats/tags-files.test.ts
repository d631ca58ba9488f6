// The file formats of a tags project read back by Python against their documented schemas: the
// Hugging Face card (YAML) declaring Sequence(ClassLabel) and each split's metadata.jsonl, COCO
// with one image-level annotation per present tag, FiftyOne labels.json with a list of
// {label, confidence} per image (Classifications); every image opened by PIL.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanProject } from '../../jobs/scan'
import { exportProject } from '../export'
import { oddSplitNotes } from './tags-hf'
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
  it('hf: the card declares labels Sequence(ClassLabel); metadata.jsonl has tag_states per class', async () => {
    const out = join(f.dir, 'hf')
    // with the partly decided image, cat (the stratum of two images) has one in each split
    const r = await exportProject(f.project, {
      format: 'hf',
      outDir: out,
      split: { train: 0.5, test: 0.5 },
      includePartial: true
    })
    expect(r.notes).toBeUndefined()
    const read = runPython<{
      features: Record<string, unknown>[]
      splits: string[]
      rows: Record<string, { labels: string[]; states: string[]; probs: number[] }>
    }>(
      `
import json, os, sys, yaml
from PIL import Image
${SOURCES}
root = sys.argv[1]
card = open(os.path.join(root, 'README.md'), encoding='utf-8').read().split('---\\n')[1]
config = yaml.safe_load(card)['configs'][0]
src = sources(root)
rows = {}
splits = [c['split'] for c in config['data_files']]
for s in splits:
    for line in open(os.path.join(root, s, 'metadata.jsonl'), encoding='utf-8'):
        m = json.loads(line)
        Image.open(os.path.join(root, s, m['file_name'])).load()
        rows[src['%s/%s' % (s, m['file_name'])]] = {'labels': m['labels'], 'states': m['tag_states'], 'probs': m['probs']}
print(json.dumps({'features': config['features'], 'splits': splits, 'rows': rows}))
`,
      [out]
    )
    const names = Object.fromEntries(TAGS.map((t, i) => [String(i), t]))
    expect(read.features.find((x) => x.name === 'labels')).toEqual({
      name: 'labels',
      sequence: { class_label: { names } }
    })
    expect(read.splits.sort()).toEqual(['test', 'train'])
    expect(Object.keys(read.rows).sort()).toEqual(Object.keys(TAG_DECISIONS).sort())
    for (const [rel, row] of Object.entries(read.rows)) {
      expect(row.labels).toEqual(of(rel, 'present'))
      expect(row.states).toEqual(TAGS.map((t) => TAG_DECISIONS[rel]![t] ?? ''))
      expect(row.probs).toHaveLength(TAGS.length)
      for (const p of row.probs) expect(p).toBeGreaterThan(0)
    }
  })

  it('hf: a split without a present tag or a score, where another has one, is named', () => {
    const t = (present: boolean, scored: boolean) => ({ present, scored })
    expect(
      oddSplitNotes(
        new Map([
          ['train', t(true, true)],
          ['val', t(true, true)]
        ])
      )
    ).toEqual([])
    // nothing scored anywhere types every split alike
    expect(
      oddSplitNotes(
        new Map([
          ['train', t(true, false)],
          ['val', t(true, false)]
        ])
      )
    ).toEqual([])
    const [note] = oddSplitNotes(
      new Map([
        ['train', t(true, true)],
        ['val', t(false, true)],
        ['test', t(true, false)]
      ])
    )
    expect(note).toMatch(/^hf: split val, test has no image with a tag present \(or a score\)/)
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
