// A tags project's export on a real project file: which images (every tag decided; partly decided
// ones when asked), the tag lists and probabilities of CSV, JSONL and Label Studio read back by
// Python's csv, json and xml, the formats that hold one label per image refusing with the ones
// that can, and the joined-list escaping.
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { coldStartProb } from '../clip/tag-scores'
import { tagScoresOf } from '../db/tag-scores'
import { scanProject } from '../jobs/scan'
import { exportProject } from './export'
import { TAG_FORMATS } from './tag-export'
import { joinTags, splitTags } from './tag-rows'
import { DONE, TAG_DECISIONS, TAGS, makeTagFixture, type TagFixture } from './testing/tag-fixture'
import { runPython } from './testing/python'

let f: TagFixture

beforeAll(async () => {
  f = await makeTagFixture(scanProject)
}, 120_000)
afterAll(() => {
  f?.project.close()
  if (f) rmSync(f.dir, { recursive: true, force: true })
})

/** rel_path -> the lists the fixture decided, in tag order */
function expectedLists(
  rels: readonly string[]
): Record<string, { present: string[]; absent: string[]; unsure: string[] }> {
  const out: Record<string, { present: string[]; absent: string[]; unsure: string[] }> = {}
  for (const rel of rels) {
    const d = TAG_DECISIONS[rel]!
    const of = (s: string): string[] => TAGS.filter((t) => d[t] === s)
    out[rel] = { present: of('present'), absent: of('absent'), unsure: of('unsure') }
  }
  return out
}

const PY_CSV = `
import csv, json, re, sys
def tags(cell):
    return [re.sub(r'\\\\(.)', r'\\1', t) for t in re.split(r'(?<!\\\\);', cell) if t]
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
print(json.dumps({'header': list(rows[0].keys()), 'rows': [
  {'rel': r['rel_path'], 'present': tags(r['tags']), 'absent': tags(r['absent_tags']),
   'unsure': tags(r['unsure_tags']), 'probs': {k[5:]: float(v) for k, v in r.items() if k.startswith('prob:') and v}}
  for r in rows]}))
`

describe('tags export', () => {
  it('csv: one row per done image; tag lists joined by ";" and a prob:<tag> column per tag', async () => {
    const out = join(f.dir, 'csv')
    const r = await exportProject(f.project, { format: 'csv', outDir: out })
    expect(r.total).toBe(DONE.length)
    expect(r.perLabel).toEqual({ cat: 1, 'cup/mug': 1, 'red;blue': 2, outdoor: 1 })
    const read = runPython<{
      header: string[]
      rows: {
        rel: string
        present: string[]
        absent: string[]
        unsure: string[]
        probs: Record<string, number>
      }[]
    }>(PY_CSV, [join(out, 'labels.csv')])
    expect(read.header.slice(3, 6)).toEqual(['tags', 'absent_tags', 'unsure_tags'])
    expect(read.header.filter((h) => h.startsWith('prob:'))).toEqual(TAGS.map((t) => `prob:${t}`))
    const got = Object.fromEntries(
      read.rows.map((x) => [x.rel, { present: x.present, absent: x.absent, unsure: x.unsure }])
    )
    expect(got).toEqual(expectedLists(DONE))
    // the cold start probability of each tag's stored score
    const scale = f.project.settings().temperature
    const byName = new Map(f.project.labels().map((l) => [l.name, l.id]))
    for (const x of read.rows) {
      const s = tagScoresOf(f.project.db, f.ids.get(x.rel)!)
      for (const t of TAGS) expect(x.probs[t]).toBeCloseTo(coldStartProb(s.get(byName.get(t)!)!, scale), 5)
    }
    const summary = JSON.parse(readFileSync(join(out, 'export-summary.json'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(summary).toMatchObject({
      kind: 'tags',
      classes: [...TAGS],
      probabilities: 'coldstart',
      partial: 0
    })
  })

  it('jsonl with includePartial and tagProb: partly decided images too, probabilities from tagProb', async () => {
    const out = join(f.dir, 'jsonl')
    const r = await exportProject(f.project, {
      format: 'jsonl',
      outDir: out,
      includePartial: true,
      tagProb: (_l, s) => (s > 0 ? 0.75 : 0.25)
    })
    const partial = Object.keys(TAG_DECISIONS)
    expect(r.total).toBe(partial.length)
    const lines = runPython<Record<string, unknown>[]>(
      `
import json, sys
print(json.dumps([json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]))
`,
      [join(out, 'labels.jsonl')]
    )
    const got = Object.fromEntries(
      lines.map((l) => [l.rel_path, { present: l.tags, absent: l.absent_tags, unsure: l.unsure_tags }])
    )
    expect(got).toEqual(expectedLists(partial))
    const square = lines.find((l) => l.rel_path === 'b ü/square_224x224.png')!
    expect(square.undecided_tags).toEqual(['cup/mug', 'red;blue'])
    for (const l of lines) {
      expect(Object.keys(l.probs as object)).toEqual([...TAGS])
      for (const p of Object.values(l.probs as Record<string, number>)) expect([0.25, 0.75]).toContain(p)
    }
  })

  it('labelstudio: Choices take several; the annotation holds every present tag; a prediction per tag', async () => {
    const out = join(f.dir, 'ls')
    const r = await exportProject(f.project, { format: 'labelstudio', outDir: out })
    const cfg = runPython<{ choices: Record<string, string>; values: string[] }>(
      `
import json, sys
import xml.etree.ElementTree as ET
v = ET.parse(sys.argv[1]).getroot()
print(json.dumps({'choices': v.find('Choices').attrib, 'values': [c.get('value') for c in v.find('Choices').findall('Choice')]}))
`,
      [join(out, 'label-config.xml')]
    )
    expect(cfg.choices.choice).toBe('multiple')
    expect(cfg.values).toEqual([...TAGS])
    expect(r.labelConfig).toContain('choice="multiple"')
    type Res = { from_name: string; type: string; value: { choices: string[] }; score?: number }
    const tasks = JSON.parse(readFileSync(join(out, 'tasks.json'), 'utf8')) as {
      data: { path: string }
      annotations: { result: Res[] }[]
      predictions: { score: number; result: Res[] }[]
      meta: { zebra: { rel_path: string; unsure_tags: string[] } }
    }[]
    expect(tasks).toHaveLength(DONE.length)
    for (const t of tasks) {
      const want = expectedLists([t.meta.zebra.rel_path])[t.meta.zebra.rel_path]!
      expect(t.annotations[0]!.result.flatMap((x) => x.value.choices)).toEqual(want.present)
      expect(t.meta.zebra.unsure_tags).toEqual(want.unsure)
      expect(t.predictions.map((p) => p.result[0]!.value.choices[0]).sort()).toEqual([...TAGS].sort())
      const scores = t.predictions.map((p) => p.score)
      expect(scores).toEqual([...scores].sort((a, b) => b - a))
      for (const p of t.predictions) expect(p.result[0]!.score).toBe(p.score)
    }
  })

  it('formats with one label per image refuse a tags project, naming those that can', async () => {
    for (const format of ['imagefolder', 'yolo-cls', 'cvat-imagenet', 'fiftyone-tree'] as const) {
      const err = await exportProject(f.project, { format, outDir: join(f.dir, `no-${format}`) }).then(
        () => null,
        (e: unknown) => e as { code: string; message: string }
      )
      expect(err?.code).toBe('invalid_input')
      expect(err?.message).toContain(`${format} holds one label per image`)
      expect(err?.message).toContain('csv, jsonl, hf, labelstudio, fiftyone-json, coco-labels')
    }
    expect(TAG_FORMATS).toEqual(['csv', 'jsonl', 'hf', 'labelstudio', 'fiftyone-json', 'coco-labels'])
  })
})

it('joined tag lists keep ";" and "\\" inside a name', () => {
  const tags = ['a;b', 'c\\d', ' e ', 'f\\;']
  expect(joinTags(tags)).toBe('a\\;b;c\\\\d; e ;f\\\\\\;')
  expect(splitTags(joinTags(tags))).toEqual(['a;b', 'c\\d', 'e', 'f\\;'])
  expect(splitTags('')).toEqual([])
  expect(splitTags('x; ;y')).toEqual(['x', 'y'])
})

it('a merged tag exports as the tag it went into, whose own state wins', async () => {
  const g = await makeTagFixture(scanProject, 'zebra-tagmerge-')
  try {
    const id = new Map(g.project.labels().map((l) => [l.name, l.id]))
    g.project.mergeLabel(id.get('outdoor')!, id.get('cup/mug')!)
    const out = join(g.dir, 'jsonl')
    await exportProject(g.project, { format: 'jsonl', outDir: out, includePartial: true })
    const rows = readFileSync(join(out, 'labels.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string[]> & { rel_path: string })
    const by = Object.fromEntries(rows.map((r) => [r.rel_path, r]))
    // the rocket's own cup/mug (absent) wins over outdoor's present; the square had no cup/mug
    // of its own, so outdoor's absent is now cup/mug's
    expect(by['b ü/photo_rocket.jpg']).toMatchObject({ tags: ['red;blue'], absent_tags: ['cat', 'cup/mug'] })
    expect(by['b ü/square_224x224.png']).toMatchObject({
      tags: ['cat'],
      absent_tags: ['cup/mug'],
      undecided_tags: ['red;blue']
    })
    expect(rows.some((r) => JSON.stringify(r).includes('outdoor'))).toBe(false)
    const summary = JSON.parse(readFileSync(join(out, 'export-summary.json'), 'utf8')) as {
      classes: string[]
    }
    expect(summary.classes).toEqual(['cat', 'cup/mug', 'red;blue'])
  } finally {
    g.project.close()
    rmSync(g.dir, { recursive: true, force: true })
  }
})
