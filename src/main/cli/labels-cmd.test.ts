// `zebra labels ...` and `zebra templates ...` through the real launcher, from a folder outside the
// checkout, on a project pre-labelled with the demo model: each change is saved, re-scores the
// cached embeddings, and a merge leaves the decision log as it was.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { runZebra, workDir, type CliRun } from './testing/harness'

let cwd = ''
let env: NodeJS.ProcessEnv
const zebra = (...args: string[]): Promise<CliRun> => runZebra(args, { cwd, env })
const file = (): string => join(cwd, 'zoo.zebra')

function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(file(), { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all(...args) as T[]
  } finally {
    db.close()
  }
}

/** label ids of every image's stored top-k, and whether each was made for the current labels and set */
function predictions(): { ids: number[]; current: boolean }[] {
  return query<{ topk: string; current: number }>(
    `SELECT p.topk, (p.label_version = j.label_version AND p.template_set_id = j.active_template_set_id) AS current
       FROM predictions p, project j ORDER BY p.image_id`
  ).map((r) => ({
    ids: (JSON.parse(r.topk) as [number, number][]).map((x) => x[0]),
    current: r.current === 1
  }))
}

interface Listed {
  id: number
  name: string
  descriptions: string[]
  synonyms: string[]
  archived: boolean
  mergedInto: string | null
  decided: number
  recorded: number
}
async function list(...flags: string[]): Promise<Listed[]> {
  const r = await zebra('labels', 'list', file(), '--json', ...flags)
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as Listed[]
}
const named = (all: Listed[], name: string): Listed => all.find((l) => l.name === name)!

beforeAll(async () => {
  cwd = workDir('zebra-cli-labels-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'tester', ZEBRA_EP: 'cpu' }
  for (const args of [
    ['init', 'zoo.zebra', '--images', 'photos', '--labels', 'cat,dog,kitty,rocket'],
    ['scan', 'zoo.zebra'],
    ['prelabel', 'zoo.zebra', '--model', 'demo'],
    ['review', 'decide', 'zoo.zebra', '1', 'corrected', '--label', 'kitty'],
    ['review', 'decide', 'zoo.zebra', '2', 'corrected', '--label', 'cat']
  ]) {
    const r = await zebra(...args)
    expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0)
  }
}, 180_000)

describe.sequential('zebra labels and templates', () => {
  it('add: a label with a description and a synonym, scored at once', async () => {
    const r = await zebra(
      'labels',
      'add',
      'zoo.zebra',
      'giraffe',
      '--description',
      'a tall animal with a long neck',
      '--synonym',
      'camelopard',
      '--hotkey',
      'g'
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^added: giraffe: aka camelopard; a tall animal with a long neck \(#5\)/)
    expect(r.stderr).toMatch(/re-scored 13 images/)
    const g = named(await list(), 'giraffe')
    expect(g).toMatchObject({ descriptions: ['a tall animal with a long neck'], synonyms: ['camelopard'] })
    const preds = predictions()
    expect(preds).toHaveLength(13)
    for (const p of preds) {
      expect(p.current).toBe(true)
      expect(p.ids).toContain(g.id)
    }
    // adding it again adds nothing
    const again = await zebra('labels', 'add', 'zoo.zebra', 'Giraffe', '--no-rescore')
    expect(again.stdout).toMatch(/^already there: giraffe/)
    expect((await list()).length).toBe(5)
  }, 120_000)

  it('rename: the decisions follow the label', async () => {
    const r = await zebra('labels', 'rename', 'zoo.zebra', 'cat', 'house cat')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/renamed: cat -> house cat/)
    expect(named(await list(), 'house cat')).toMatchObject({ decided: 1, recorded: 1 })
    const cur = query<{ name: string }>(
      'SELECT l.name FROM images i JOIN decisions d ON d.id = i.cur_decision JOIN labels l ON l.id = d.label_id WHERE i.id = 2'
    )
    expect(cur).toEqual([{ name: 'house cat' }])
  }, 60_000)

  it('merge: decisions count for the target, the log and export provenance keep the original', async () => {
    const log = query('SELECT * FROM decisions ORDER BY id')
    const r = await zebra('labels', 'merge', 'zoo.zebra', 'kitty', 'house cat')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/merged: kitty -> house cat \(1 decided image now counts as house cat\)/)
    expect(query('SELECT * FROM decisions ORDER BY id')).toEqual(log)
    const all = await list()
    expect(named(all, 'house cat')).toMatchObject({ decided: 2, recorded: 1 })
    expect(named(all, 'kitty')).toMatchObject({
      decided: 0,
      recorded: 1,
      archived: true,
      mergedInto: 'house cat'
    })
    expect((await list('--active')).map((l) => l.name)).not.toContain('kitty')
    const kitty = named(all, 'kitty').id
    for (const p of predictions()) {
      expect(p.current).toBe(true)
      expect(p.ids).not.toContain(kitty)
    }
    const ex = await zebra('export', 'zoo.zebra', '--format', 'csv', '--out', 'out-csv')
    expect(ex.code, ex.stderr).toBe(0)
    const rows = parse(readFileSync(join(cwd, 'out-csv', 'labels.csv'), 'utf8'), {
      bom: true,
      columns: true
    }) as Record<string, string>[]
    expect(rows.map((x) => [x.label, x.recorded_label])).toEqual([
      ['house cat', 'kitty'],
      ['house cat', '']
    ])
    const un = await zebra('labels', 'unarchive', 'zoo.zebra', 'kitty')
    expect(un.code).toBe(2)
    expect(un.stderr).toMatch(/"kitty" was merged into "house cat"/)
    const twice = await zebra('labels', 'merge', 'zoo.zebra', 'kitty', 'dog')
    expect(twice.code).toBe(2)
    expect(twice.stderr).toMatch(/already merged into "house cat"/)
  }, 60_000)

  it('archive and unarchive: out of the suggestions and back; describe replaces or adds', async () => {
    const rocket = named(await list(), 'rocket').id
    expect((await zebra('labels', 'archive', 'zoo.zebra', 'rocket')).stdout).toMatch(/archived: rocket/)
    for (const p of predictions()) expect(p.ids).not.toContain(rocket)
    expect((await zebra('labels', 'unarchive', 'zoo.zebra', 'rocket')).code).toBe(0)
    for (const p of predictions()) expect(p.ids).toContain(rocket)

    let r = await zebra('labels', 'describe', 'zoo.zebra', 'dog', 'a loyal pet', '--synonym', 'puppy')
    expect(r.code, r.stderr).toBe(0)
    expect(named(await list(), 'dog')).toMatchObject({ descriptions: ['a loyal pet'], synonyms: ['puppy'] })
    r = await zebra('labels', 'describe', 'zoo.zebra', 'dog', 'barks', '--add')
    expect(named(await list(), 'dog')).toMatchObject({
      descriptions: ['a loyal pet', 'barks'],
      synonyms: ['puppy']
    })
    r = await zebra('labels', 'describe', 'zoo.zebra', 'dog')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/Give descriptions/)
    r = await zebra('labels', 'rename', 'zoo.zebra', 'nope', 'x')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/No label "nope" in this project/)
    r = await zebra('labels', 'rename', 'zoo.zebra', 'dog', 'GIRAFFE')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/A label named "giraffe" already exists/)
  }, 120_000)

  it('--no-rescore leaves the suggestions stale until `zebra rescore`', async () => {
    const r = await zebra('labels', 'add', 'zoo.zebra', 'okapi', '--no-rescore')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).not.toMatch(/re-scored/)
    expect(predictions().every((p) => !p.current)).toBe(true)
    expect((await zebra('rescore', 'zoo.zebra')).code).toBe(0)
    expect(predictions().every((p) => p.current)).toBe(true)
  }, 120_000)

  it('templates: list, add a default set (re-scored), set the default back', async () => {
    let r = await zebra('templates', 'list', 'zoo.zebra', '--json')
    const sets = JSON.parse(r.stdout) as { id: number; name: string; default: boolean; templates: string[] }[]
    expect(sets).toHaveLength(1)
    expect(sets[0]).toMatchObject({ default: true })
    expect(sets[0]!.templates.length).toBe(7)
    r = await zebra(
      'templates',
      'add',
      'zoo.zebra',
      'sketches',
      'a sketch of a {}.',
      'a drawing of a {}.',
      '--default'
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/added: #2 sketches \(2 templates\), default/)
    expect(r.stderr).toMatch(/re-scored 13 images/)
    expect(query<{ t: number }>('SELECT DISTINCT template_set_id AS t FROM predictions')).toEqual([{ t: 2 }])
    r = await zebra('templates', 'list', 'zoo.zebra')
    expect(r.stdout).toMatch(/^\* #2 sketches \(2\)$/m)
    r = await zebra('templates', 'set-default', 'zoo.zebra', sets[0]!.name)
    expect(r.code, r.stderr).toBe(0)
    expect(query<{ t: number }>('SELECT DISTINCT template_set_id AS t FROM predictions')).toEqual([{ t: 1 }])
    r = await zebra('templates', 'add', 'zoo.zebra', 'broken', 'no placeholder here')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/has no \{\} where the label name goes/)
    r = await zebra('templates', 'set-default', 'zoo.zebra', 'nope')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/No template set "nope"/)
  }, 120_000)
})
