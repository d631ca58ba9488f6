// Exports of a real project file alice, bob and carol decided: each image's label is the
// adjudicated one, else the annotators' majority, else (a tie) the latest decision with every
// annotator's label beside it; CSV gets resolution / annotators / labels_by_annotator columns and
// Label Studio one annotation per annotator plus the exported one. A project one annotator decided
// exports exactly as before (no such columns, byte for byte the same file as a copy without the
// others' decisions would give).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { appendDecisions } from '../db/decisions'
import { Project } from '../db/project'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { parseCsv } from './csv'
import { exportProject } from './export'
import { resolveVotes } from './annotator-resolution'

let dir: string
let p: Project
let img: Map<string, number>
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-export-ann-'))
  p = Project.create(join(dir, 'p.zebra'), {
    roots: [sampleImagesDir()],
    labels: [{ name: 'cat' }, { name: 'dog' }, { name: 'bird' }]
  })
  await scanProject(p)
  img = new Map(
    (p.db.prepare('SELECT rel_path, id FROM images').all() as { rel_path: string; id: number }[]).map((r) => [
      r.rel_path,
      r.id
    ])
  )
})
afterEach(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

function tick(): void {
  const t = Date.now()
  while (Date.now() <= t) {
    /* spin: at most a millisecond */
  }
}
const L = (name: string): number => p.labels().find((l) => l.name === name)!.id
function label(who: string, file: string, name: string | null, adjudicated = false): void {
  tick()
  const imageId = img.get(file)!
  appendDecisions(
    p.db,
    [
      name === null
        ? { imageId, kind: 'rejected' }
        : { imageId, kind: 'corrected', labelId: L(name), adjudicated }
    ],
    who
  )
}
const csvRows = (out: string): Record<string, string>[] => {
  const [head, ...rows] = parseCsv(readFileSync(join(out, 'labels.csv'), 'utf8'))
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]!])))
}

it('resolves adjudicated > majority > tie, in CSV and in Label Studio', async () => {
  label('alice', 'photo_astronaut.jpg', 'cat') // majority dog, though alice decided last
  label('bob', 'photo_astronaut.jpg', 'dog')
  label('carol', 'photo_astronaut.jpg', 'dog')
  tick()
  label('alice', 'photo_astronaut.jpg', 'cat')
  label('alice', 'photo_chelsea.jpg', 'cat') // adjudicated bird, against all three
  label('bob', 'photo_chelsea.jpg', 'cat')
  label('rev', 'photo_chelsea.jpg', 'bird', true)
  label('carol', 'photo_chelsea.jpg', 'dog') // after the adjudication: it still stands
  label('alice', 'photo_coffee.jpg', 'cat') // a tie: the latest (bob's dog) stays
  label('bob', 'photo_coffee.jpg', 'dog')
  label('alice', 'photo_rocket.jpg', 'bird') // agreed
  label('carol', 'photo_rocket.jpg', 'bird')
  label('alice', 'photo_motorcycle_left.jpg', null) // majority "none of these": not a labelled image
  label('bob', 'photo_motorcycle_left.jpg', null)
  label('carol', 'photo_motorcycle_left.jpg', 'cat')

  const out = join(dir, 'csv')
  await exportProject(p, { format: 'csv', outDir: out })
  const rows = csvRows(out)
  const by = new Map(rows.map((r) => [r.rel_path, r]))
  expect(Object.keys(rows[0]!).slice(-3)).toEqual(['resolution', 'annotators', 'labels_by_annotator'])
  expect([...by.keys()].sort()).toEqual([
    'photo_astronaut.jpg',
    'photo_chelsea.jpg',
    'photo_coffee.jpg',
    'photo_rocket.jpg'
  ])
  expect(by.get('photo_astronaut.jpg')).toMatchObject({
    label: 'dog',
    resolution: 'majority',
    annotators: 'alice;bob;carol',
    labels_by_annotator: JSON.stringify({ alice: 'cat', bob: 'dog', carol: 'dog' })
  })
  expect(by.get('photo_chelsea.jpg')).toMatchObject({
    label: 'bird',
    resolution: 'adjudicated',
    annotator: 'rev',
    labels_by_annotator: JSON.stringify({ alice: 'cat', bob: 'cat', carol: 'dog' })
  })
  expect(by.get('photo_coffee.jpg')).toMatchObject({
    label: 'dog',
    resolution: 'tie',
    labels_by_annotator: JSON.stringify({ alice: 'cat', bob: 'dog' })
  })
  expect(by.get('photo_rocket.jpg')).toMatchObject({ label: 'bird', resolution: 'agreed' })

  const ls = join(dir, 'ls')
  await exportProject(p, { format: 'labelstudio', outDir: ls })
  const tasks = JSON.parse(readFileSync(join(ls, 'tasks.json'), 'utf8')) as {
    data: { path: string }
    annotations: {
      result: { value: { choices: string[] } }[]
      completed_by?: string
      ground_truth: boolean
    }[]
    meta: { zebra: { resolution: string } }
  }[]
  const task = (file: string): (typeof tasks)[number] => tasks.find((t) => t.data.path.endsWith(file))!
  const view = (file: string): [string | undefined, string[], boolean][] =>
    task(file).annotations.map((a) => [
      a.completed_by,
      a.result.flatMap((r) => r.value.choices),
      a.ground_truth
    ])
  expect(view('photo_astronaut.jpg')).toEqual([
    ['alice', ['cat'], false],
    ['bob', ['dog'], false],
    ['carol', ['dog'], false],
    [undefined, ['dog'], true]
  ])
  expect(view('photo_chelsea.jpg').at(-1)).toEqual([undefined, ['bird'], true])
  expect(view('photo_coffee.jpg')).toEqual([
    ['alice', ['cat'], false],
    ['bob', ['dog'], false],
    [undefined, ['dog'], false]
  ])
  expect(task('photo_coffee.jpg').meta.zebra.resolution).toBe('tie')

  const jsonl = join(dir, 'jsonl')
  await exportProject(p, { format: 'jsonl', outDir: jsonl })
  const lines = readFileSync(join(jsonl, 'labels.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
  expect(lines.find((l) => l.rel_path === 'photo_motorcycle_left.jpg')).toMatchObject({
    label: null,
    decision: 'rejected',
    resolution: 'majority',
    labels_by_annotator: { alice: null, bob: null, carol: 'cat' }
  })
})

it('exports a one-annotator project without the annotator columns', async () => {
  label('alice', 'photo_astronaut.jpg', 'cat')
  label('alice', 'photo_coffee.jpg', 'dog')
  const out = join(dir, 'one')
  await exportProject(p, { format: 'csv', outDir: out })
  const [head] = parseCsv(readFileSync(join(out, 'labels.csv'), 'utf8'))
  expect(head).not.toContain('annotators')
  expect(head!.at(-1)).toBe('recorded_label')
  const ls = join(dir, 'one-ls')
  await exportProject(p, { format: 'labelstudio', outDir: ls })
  const tasks = JSON.parse(readFileSync(join(ls, 'tasks.json'), 'utf8')) as {
    annotations: unknown[]
    meta: { zebra: object }
  }[]
  expect(tasks.map((t) => t.annotations.length)).toEqual([1, 1])
  for (const t of tasks) expect(t.meta.zebra).not.toHaveProperty('resolution')
})

it('breaks no tie and counts a rejection as a vote', () => {
  const v = (annotator: string, labelId: number | null): { annotator: string; labelId: number | null } => ({
    annotator,
    labelId
  })
  expect(resolveVotes([v('a', 1), v('b', 2), v('c', 2)], false)).toMatchObject({
    resolution: 'majority',
    labelId: 2
  })
  expect(resolveVotes([v('a', 1), v('b', null), v('c', null)], false)).toMatchObject({ labelId: null })
  expect(resolveVotes([v('a', 1), v('b', 2)], false)).toEqual({
    resolution: 'tie',
    votes: [v('a', 1), v('b', 2)]
  })
  expect(resolveVotes([v('a', 1), v('b', 2)], true).resolution).toBe('adjudicated')
})
