import {
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendDecisions, undo } from '../db/decisions'
import { decide } from '../db/ops'
import { predictionWriter, registerModel } from '../db/predictions'
import { Project } from '../db/project'
import { sampleImagesDir } from '../paths'
import { scanProject } from '../jobs/scan'
import { parseCsv } from './csv'
import { exportProject, safeName } from './export'
import { importLabelsCsv } from './import'
import { assignSplits, parseSplitArg } from './split'

let dir: string
let p: Project
let root: string
let ids: Map<string, number>

/**
 * A project over real files with clashing names (a/x.png and b/x.png) whose predictions are
 * written directly (the export does not care where suggestions came from).
 */
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-export-'))
  root = join(dir, 'images')
  const files = [
    'photo_chelsea.jpg',
    'photo_coffee.jpg',
    'photo_rocket.jpg',
    'square_224x224.png',
    'gray_257x129.png',
    'alpha_200x200.png'
  ]
  for (const sub of ['a', 'b ü']) {
    mkdirSync(join(root, sub), { recursive: true })
    files.forEach((f) => copyFileSync(join(sampleImagesDir(), f), join(root, sub, f)))
  }
  // a second copy of x under a different case, for case-insensitive file systems
  copyFileSync(join(sampleImagesDir(), 'tiny_31x17.png'), join(root, 'a', 'X.png'))
  copyFileSync(join(sampleImagesDir(), 'tiny_31x17.png'), join(root, 'b ü', 'x.png'))
  p = Project.create(join(dir, 'p.zebra'), {
    roots: [root],
    labels: [{ name: 'cat' }, { name: 'cup/mug' }, { name: 'rocket' }]
  })
  await scanProject(p)
  const [cat, cup, rocket] = p.labels().map((l) => l.id) as [number, number, number]
  registerModel(p.db, { modelId: 'm1', name: 'tiny', dir: '/m', variant: 'fp32', embedDim: 4 })
  const key = { modelId: 'm1', labelVersion: p.labelVersion, templateSetId: p.activeTemplateSetId()! }
  ids = new Map(
    (p.db.prepare('SELECT rel_path, id FROM images').all() as { rel_path: string; id: number }[]).map((r) => [
      r.rel_path,
      r.id
    ])
  )
  p.db.transaction(() => {
    const w = predictionWriter(p.db, key)
    for (const [rel, id] of ids) {
      const first = rel.includes('chelsea') ? cat : rel.includes('coffee') ? cup : rocket
      const others = [cat, cup, rocket].filter((l) => l !== first)
      w.prediction(id, [
        [first, 0.7],
        [others[0]!, 0.2],
        [others[1]!, 0.1]
      ])
    }
  })()
  // accept all, then correct one, reject one
  appendDecisions(
    p.db,
    [...ids.values()].map((imageId) => ({ imageId, kind: 'accepted' as const, rank: 1 })),
    'ann',
    'bulk'
  )
  decide(p, { imageId: ids.get('a/photo_rocket.jpg')!, kind: 'corrected', labelId: cat }, 'ann')
  decide(p, { imageId: ids.get('b ü/photo_rocket.jpg')!, kind: 'rejected' }, 'ann')
})
function jsonLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
}

afterEach(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('export', () => {
  it('csv: one row per accepted/corrected image with provenance; --include filters', async () => {
    const out = join(dir, 'csv')
    const r = await exportProject(p, { format: 'csv', outDir: out })
    const rows = parseCsv(readFileSync(join(out, 'labels.csv'), 'utf8'))
    const head = rows[0]!
    const body = rows.slice(1).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])))
    expect(body).toHaveLength(13)
    expect(r.total).toBe(13)
    const corrected = body.find((b) => b.rel_path === 'a/photo_rocket.jpg')!
    expect(corrected).toMatchObject({
      label: 'cat',
      decision: 'corrected',
      suggested_label: 'rocket',
      model: 'tiny',
      variant: 'fp32'
    })
    expect(corrected.template_set).toMatch(/ImageNet/)
    expect(body.find((b) => b.rel_path === 'b ü/photo_rocket.jpg')).toBeUndefined()
    expect(r.perLabel).toEqual({ cat: 3, 'cup/mug': 2, rocket: 8 })
    const only = await exportProject(p, { format: 'csv', outDir: join(dir, 'csv2'), include: ['corrected'] })
    expect(only.total).toBe(1)
  })

  it('suggested_label is the top-1 in every row: accepted at rank 1 or 2, corrected, and in jsonl', async () => {
    // a/photo_coffee.jpg: top-1 cup/mug 0.7, second cat 0.2; accept the second
    decide(p, { imageId: ids.get('a/photo_coffee.jpg')!, kind: 'accepted', rank: 2 }, 'ann')
    const out = join(dir, 'sugg')
    await exportProject(p, { format: 'csv', outDir: out })
    const [head, ...rows] = parseCsv(readFileSync(join(out, 'labels.csv'), 'utf8'))
    const row = (rel: string): Record<string, string> =>
      Object.fromEntries(
        head!.map((h, i) => [h, rows.find((r) => r[head!.indexOf('rel_path')] === rel)![i]!])
      )
    const picks = ['b ü/photo_coffee.jpg', 'a/photo_coffee.jpg', 'a/photo_rocket.jpg'].map(row)
    expect(
      picks.map((r) => [r.label, r.decision, r.rank, r.suggested_label, Number(r.suggested_prob)])
    ).toEqual([
      ['cup/mug', 'accepted', '1', 'cup/mug', 0.7],
      ['cat', 'accepted', '2', 'cup/mug', 0.7],
      ['cat', 'corrected', '', 'rocket', 0.7]
    ])
    await exportProject(p, { format: 'jsonl', outDir: join(dir, 'sugg-jsonl') })
    for (const rec of jsonLines(join(dir, 'sugg-jsonl', 'labels.jsonl'))) {
      const top = (rec.suggestions as { label: string; prob: number }[])[0]!
      expect([rec.suggested_label, rec.suggested_prob], String(rec.rel_path)).toEqual([top.label, top.prob])
    }
  })

  it('jsonl keeps rejected suggestions as negative labels', async () => {
    const out = join(dir, 'jsonl')
    await exportProject(p, { format: 'jsonl', outDir: out })
    const recs = readFileSync(join(out, 'labels.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    const rejected = recs.find((r) => r.rel_path === 'b ü/photo_rocket.jpg')
    expect(rejected).toMatchObject({ label: null, decision: 'rejected' })
    expect(rejected.negative_labels.sort()).toEqual(['cat', 'cup/mug', 'rocket'])
    const corrected = recs.find((r) => r.rel_path === 'a/photo_rocket.jpg')
    expect(corrected.negative_labels).toEqual(['rocket'])
    expect(corrected.provenance).toMatchObject({ model: 'tiny', variant: 'fp32' })
  })

  it('imagefolder: split/label/file, stratified and seeded, clashes renamed, nothing lost', async () => {
    const out = join(dir, 'if')
    const r = await exportProject(p, {
      format: 'imagefolder',
      outDir: out,
      split: { train: 0.5, val: 0.5 },
      seed: 3
    })
    const files: string[] = []
    for (const s of readdirSync(out).filter((f) => statSync(join(out, f)).isDirectory()))
      for (const l of readdirSync(join(out, s)))
        for (const f of readdirSync(join(out, s, l))) files.push(`${s}/${l}/${f}`)
    expect(files).toHaveLength(13)
    expect(r.perSplit.train! + r.perSplit.val!).toBe(13)
    // label folder names are safe; clashing names got suffixes instead of overwriting
    expect(files.some((f) => f.includes('/cup_mug/'))).toBe(true)
    const rockets = files.filter((f) => f.includes('/rocket/'))
    expect(rockets.length).toBe(8)
    const xs = files.filter((f) => /\/rocket\/x(_\d+)?\.png$/i.test(f))
    expect(xs).toHaveLength(2)
    // stratified: each label is split as evenly as its count allows
    const summary = JSON.parse(readFileSync(join(out, 'export-summary.json'), 'utf8'))
    for (const [, per] of Object.entries(summary.perLabelSplit) as [string, Record<string, number>][]) {
      expect(Math.abs((per.train ?? 0) - (per.val ?? 0))).toBeLessThanOrEqual(1)
    }
    // same seed, same split
    const again = await exportProject(p, {
      format: 'imagefolder',
      outDir: join(dir, 'if2'),
      split: { train: 0.5, val: 0.5 },
      seed: 3
    })
    expect(again.perSplit).toEqual(r.perSplit)
  })

  it('hf: split folders with metadata.jsonl inside each; symlink and hardlink modes', async () => {
    const out = join(dir, 'hf')
    await exportProject(p, { format: 'hf', outDir: out, link: 'symlink' })
    const meta = jsonLines(join(out, 'train', 'metadata.jsonl'))
    expect(Object.keys(meta[0]!).slice(0, 2)).toEqual(['file_name', 'label'])
    expect(meta).toHaveLength(13)
    for (const m of meta)
      expect(lstatSync(join(out, 'train', m.file_name as string)).isSymbolicLink()).toBe(true)
    const hl = join(dir, 'hf-hard')
    await exportProject(p, { format: 'hf', outDir: hl, link: 'hardlink', split: { train: 0.5, val: 0.5 } })
    for (const s of ['train', 'val']) {
      const first = jsonLines(join(hl, s, 'metadata.jsonl'))[0]!.file_name as string
      expect(statSync(join(hl, s, first)).nlink).toBeGreaterThan(1)
    }
  })

  it('refuses a non-empty folder without force, and an export inside an image root', async () => {
    const out = join(dir, 'busy')
    mkdirSync(out)
    writeFileSync(join(out, 'keep.txt'), 'mine')
    await expect(exportProject(p, { format: 'csv', outDir: out })).rejects.toMatchObject({
      code: 'target_not_empty'
    })
    await exportProject(p, { format: 'csv', outDir: out, force: true })
    expect(readFileSync(join(out, 'keep.txt'), 'utf8')).toBe('mine')
    await expect(exportProject(p, { format: 'csv', outDir: join(root, 'out') })).rejects.toMatchObject({
      code: 'outside_roots'
    })
  })
})

describe('splits', () => {
  it('parses and validates split specs', () => {
    expect(parseSplitArg('train=0.8,val=0.1,test=0.1')).toEqual({ train: 0.8, val: 0.1, test: 0.1 })
    expect(() => parseSplitArg('train=0.8,val=0.8')).toThrow(/more than 1/)
    expect(() => parseSplitArg('train')).toThrow(/Bad split/)
  })

  it('assigns every item once, per stratum in proportion, deterministic for a seed', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, label: `l${i % 7}` }))
    const a = assignSplits(
      items,
      { train: 0.8, val: 0.1, test: 0.1 },
      42,
      (x) => x.label,
      (x) => x.id
    )
    const b = assignSplits(
      [...items].reverse(),
      { train: 0.8, val: 0.1, test: 0.1 },
      42,
      (x) => x.label,
      (x) => x.id
    )
    expect(a.size).toBe(1000)
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort())
    const c = assignSplits(
      items,
      { train: 0.8, val: 0.1, test: 0.1 },
      43,
      (x) => x.label,
      (x) => x.id
    )
    expect([...c.entries()]).not.toEqual([...a.entries()])
    for (let l = 0; l < 7; l++) {
      const mine = items.filter((x) => x.label === `l${l}`)
      const train = mine.filter((x) => a.get(x.id) === 'train').length
      expect(Math.abs(train - 0.8 * mine.length)).toBeLessThanOrEqual(1)
    }
  })

  it('safe folder names', () => {
    expect(safeName('a/b\\c:d')).toBe('a_b_c_d')
    expect(safeName('..')).toBe('_')
    expect(safeName('CON')).toBe('_CON')
  })
})

describe('import-labels', () => {
  it('imports path,label rows (relative, absolute, unknown) as one undoable batch', async () => {
    const csv = join(dir, 'labels.csv')
    writeFileSync(
      csv,
      [
        'path,label',
        'a/photo_chelsea.jpg,Dog',
        `${join(root, 'b ü', 'photo_coffee.jpg')},cat`,
        '"images/a/square_224x224.png",dog',
        'nope/missing.jpg,cat',
        '/etc/passwd,cat',
        'a/../../p.zebra,cat',
        ',cat'
      ].join('\n')
    )
    const before = p.labels().length
    const r = await importLabelsCsv(p, csv, 'importer')
    expect(r.imported).toBe(3)
    expect(r.skipped.map((s) => s.line)).toEqual([5, 6, 7, 8])
    expect(p.labels().length).toBe(before + 1)
    const dog = p.labelByName('dog')!
    const cur = p.db
      .prepare(
        'SELECT i.rel_path, d.label_id, d.kind FROM images i JOIN decisions d ON d.id = i.cur_decision WHERE d.annotator = ?'
      )
      .all('importer')
    expect(cur).toHaveLength(3)
    expect(cur).toContainEqual({ rel_path: 'a/photo_chelsea.jpg', label_id: dog.id, kind: 'corrected' })
    expect(undo(p.db, 'importer')?.imageIds).toHaveLength(3)
  })
})
