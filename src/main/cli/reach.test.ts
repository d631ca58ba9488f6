// `zebra search`, `zebra duplicates` and `zebra mistakes` through the real launcher, from a temp
// working directory outside the repository, on generated shape images (class_a is a red circle,
// which the demo model knows) with two byte-identical copies of one image, pre-labelled with the
// demo model.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHAPE_CLASSES, writeShapeDataset, type ShapeImage } from '../adapt/testing/shapes'
import { runZebra, type CliRun } from './testing/harness'

let dir = ''
let project = ''
let env: NodeJS.ProcessEnv
let shapes: ShapeImage[] = []
let images = ''
const copies = ['class_a/copy-1.png', 'class_a/copy-2.png']

const zebra = (...args: string[]): Promise<CliRun> => runZebra(args, { cwd: dir, env })
const rel = (f: string): string => relative(images, f).split('\\').join('/')

/** rel_path → "kind:label" of the current decision, or "unreviewed", read from the project file */
function states(paths: string[]): string[] {
  const db = new Database(project, { readonly: true, fileMustExist: true })
  try {
    const q = db.prepare(
      `SELECT d.kind, l.name FROM images i LEFT JOIN decisions d ON d.id = i.cur_decision
       LEFT JOIN labels l ON l.id = d.label_id WHERE i.rel_path = ?`
    )
    return paths.map((p) => {
      const r = q.get(p) as { kind: string | null; name: string | null }
      return r.kind ? `${r.kind}:${r.name}` : 'unreviewed'
    })
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-cli-reach-'))
  env = { ...process.env, ZEBRA_HOME: join(dir, 'home'), ZEBRA_ANNOTATOR: 'tester', ZEBRA_EP: 'cpu' }
  images = join(dir, 'images')
  shapes = await writeShapeDataset(images, { perClass: 6, seed: 4 })
  for (const c of copies) copyFileSync(shapes[0]!.file, join(images, c))
  project = join(dir, 'shapes.zebra')
  for (const args of [
    ['init', project, '--images', images, '--labels', SHAPE_CLASSES.map((c) => c.name).join(','), '--scan'],
    ['prelabel', project, '--model', 'demo']
  ]) {
    const r = await zebra(...args)
    expect(r.code, r.stderr).toBe(0)
  }
}, 180_000)

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('zebra search', () => {
  it('finds red circles by text, best first; JSON and text agree', async () => {
    const r = await zebra('search', project, 'a photo of a red circle.', '--limit', '5', '--json')
    expect(r.code, r.stderr).toBe(0)
    const hits = JSON.parse(r.stdout) as { imageId: number; relPath: string; score: number }[]
    expect(hits).toHaveLength(5)
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score)
    // 8 of the 32 images are red circles (class_a, with the copies)
    expect(hits.filter((h) => h.relPath.startsWith('class_a/')).length).toBeGreaterThanOrEqual(3)
    const text = await zebra('search', project, 'a photo of a red circle.', '--limit', '5')
    expect(text.code, text.stderr).toBe(0)
    expect(
      text.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[1])
    ).toEqual(hits.map((h) => h.relPath))
  }, 60_000)

  it('refuses an empty text or a bad limit with a usage error', async () => {
    const empty = await zebra('search', project, '  ')
    expect(empty.code).toBe(2)
    expect(empty.stderr).toMatch(/search text is empty/)
    const bad = await zebra('search', project, 'a red circle', '--limit', '0')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--limit must be an integer of at least 1/)
  }, 60_000)
})

describe('zebra duplicates', () => {
  type Level = { level: string; threshold: number | null; auto: boolean; groups: Group[] }
  type Group = { imageIds: number[]; relPaths: string[]; unreviewed: number; mixed: boolean }

  it('lists identical files first, then near-duplicates at the threshold chosen for the model', async () => {
    const group = [rel(shapes[0]!.file), ...copies].sort()
    const only = await zebra('duplicates', project, '--identical', '--json')
    expect(only.code, only.stderr).toBe(0)
    const [identical, ...rest] = JSON.parse(only.stdout) as Level[]
    expect(rest).toEqual([])
    expect(identical).toMatchObject({ level: 'identical', threshold: null })
    expect(identical!.groups.map((g) => [...g.relPaths].sort())).toEqual([group])

    const both = await zebra('duplicates', project, '--json')
    expect(both.code, both.stderr).toBe(0)
    const levels = JSON.parse(both.stdout) as Level[]
    expect(levels.map((l) => l.level)).toEqual(['identical', 'similar'])
    const auto = levels[1]!
    expect(auto.auto).toBe(true)
    // the demo model's own threshold keeps its merely similar shapes apart: the copies only
    expect(auto.groups.map((g) => [...g.relPaths].sort())).toEqual([group])

    const text = await zebra('duplicates', project)
    expect(text.code, text.stderr).toBe(0)
    const lines = text.stdout.trim().split('\n')
    expect(lines[0]).toBe('Identical files (same content): 1 group')
    expect(lines[1]).toMatch(/^group 1 \(3 images, 3 unreviewed\): /)
    expect(lines[2]).toMatch(
      new RegExp(
        `^Near-duplicates at cosine >= ${auto.threshold!.toFixed(3)} \\(chosen for this model; .*--threshold to change\\): 1 group$`
      )
    )
    const given = await zebra('duplicates', project, '--threshold', '0.999')
    expect(given.stdout).toMatch(/^Near-duplicates at cosine >= 0\.999: 1 group$/m)
    const clash = await zebra('duplicates', project, '--identical', '--threshold', '0.9')
    expect(clash.code).toBe(2)
    expect(clash.stderr).toMatch(/--identical and --threshold exclude each other/)
  }, 120_000)

  it('labels a group in one step that one undo reverts; a mixed group only with --mixed-ok', async () => {
    const group = [rel(shapes[0]!.file), ...copies]
    const list = JSON.parse((await zebra('duplicates', project, '--identical', '--json')).stdout) as Level[]
    const g = list[0]!.groups[0]!
    // a usage error writes nothing
    const half = await zebra('duplicates', project, '--decide', String(g.imageIds[0]))
    expect(half.code).toBe(2)
    expect(half.stderr).toMatch(/--decide and --label go together/)
    expect(states(group)).toEqual(['unreviewed', 'unreviewed', 'unreviewed'])

    const decide = (...more: string[]): Promise<CliRun> =>
      zebra('duplicates', project, '--decide', String(g.imageIds[1]), '--label', 'class_c', '--json', ...more)
    const d = await decide('--threshold', '0.999')
    expect(d.code, d.stderr).toBe(0)
    expect(JSON.parse(d.stdout)).toMatchObject({ decided: 3, label: 'class_c', mixed: false })
    // an accept where class_c is among an image's suggestions, else a correction: both say class_c
    for (const s of states(group)) expect(s).toMatch(/^(accepted|corrected):class_c$/)
    const undo = await zebra('review', 'undo', project)
    expect(undo.code, undo.stderr).toBe(0)
    expect((JSON.parse(undo.stdout) as { imageIds: number[] }).imageIds).toHaveLength(3)
    expect(states(group)).toEqual(['unreviewed', 'unreviewed', 'unreviewed'])

    // one copy labelled otherwise: the group is mixed, and one label for all is refused
    const one = await zebra(
      'review',
      'decide',
      project,
      String(g.imageIds[2]),
      'corrected',
      '--label',
      'class_d'
    )
    expect(one.code, one.stderr).toBe(0)
    const before = states(group)
    const refused = await decide('--identical')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/The group of image \d+ is mixed \(2 \w+, 1 class_d\).*--mixed-ok/)
    expect(states(group)).toEqual(before)
    const forced = await decide('--identical', '--mixed-ok')
    expect(forced.code, forced.stderr).toBe(0)
    expect(JSON.parse(forced.stdout)).toMatchObject({ decided: 3, label: 'class_c', mixed: true })
    for (const s of states(group)) expect(s).toMatch(/^(accepted|corrected):class_c$/)
    // one undo restores the group as it was, the single correction included
    expect((await zebra('review', 'undo', project)).code).toBe(0)
    expect(states(group)).toEqual(before)
    expect((await zebra('review', 'undo', project)).code).toBe(0)

    const unknown = await zebra('duplicates', project, '--decide', '99999', '--label', 'class_a')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/No image with id 99999/)
  }, 120_000)
})

describe('zebra mistakes', () => {
  it('lists flipped labels with the label the model suggests instead', async () => {
    // every generated image labelled with its class, two of them wrongly
    const flipped = new Set([shapes[1]!.file, shapes[2]!.file])
    const csv = join(dir, 'labels.csv')
    writeFileSync(
      csv,
      `path,label\n${shapes
        .map((s) => `${rel(s.file)},${SHAPE_CLASSES[(s.label + (flipped.has(s.file) ? 2 : 0)) % 5]!.name}`)
        .join('\n')}\n`
    )
    const imp = await zebra('import-labels', project, '--csv', csv)
    expect(imp.code, imp.stderr).toBe(0)
    const r = await zebra('mistakes', project, '--json')
    expect(r.code, r.stderr).toBe(0)
    const list = JSON.parse(r.stdout) as { relPath: string; label: string; suggested: string }[]
    const found = list.filter((m) => [...flipped].some((f) => rel(f) === m.relPath))
    expect(found.length).toBeGreaterThanOrEqual(1)
    for (const m of list) expect(m.suggested).not.toBe(m.label)
    const text = await zebra('mistakes', project, '--limit', '1')
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout.trim().split('\n')).toHaveLength(1)
    expect(text.stdout).toContain(`${list[0]!.relPath}\t${list[0]!.label} -> ${list[0]!.suggested}`)
  }, 120_000)
})
