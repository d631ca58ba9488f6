// `zebra merge` end to end: the real launcher from a temp folder outside the repository, a project
// over the sample images copied twice, each copy decided by another annotator, both merged back
// (a dry run first), merged again (nothing added), and a copy of the other kind refused.
import { copyFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { MergeReport } from '../../shared/merge'
import { runZebraSync, workDir } from './testing/harness'

let cwd = ''
const run = (args: string[], annotator = 'cli') =>
  runZebraSync(args, {
    cwd,
    env: { ...process.env, ZEBRA_ANNOTATOR: annotator, ZEBRA_HOME: join(cwd, 'home') }
  })

function query<T>(file: string, sql: string): T[] {
  const db = new Database(join(cwd, file), { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all() as T[]
  } finally {
    db.close()
  }
}
const decisions = (file: string): number =>
  query<{ n: number }>(file, 'SELECT count(*) AS n FROM decisions')[0]!.n

beforeAll(() => {
  cwd = workDir('zebra-merge-cli-')
  for (const args of [
    ['init', 'p.zebra', '--images', 'photos/', '--labels', 'cat,dog'],
    ['scan', 'p.zebra']
  ]) {
    const r = run(args)
    expect(r.code, r.stderr).toBe(0)
  }
  for (const f of ['a.zebra', 'b.zebra', 'c.zebra']) copyFileSync(join(cwd, 'p.zebra'), join(cwd, f))
  for (const [file, who, id, label] of [
    ['b.zebra', 'bob', '1', 'dog'],
    ['b.zebra', 'bob', '2', 'dog'],
    ['a.zebra', 'alice', '2', 'cat'],
    ['a.zebra', 'alice', '3', 'cat']
  ] as const) {
    const r = run(['review', 'decide', file, id, 'corrected', '--label', label], who)
    expect(r.code, r.stderr).toBe(0)
  }
}, 120_000)

afterAll(() => {
  if (cwd) rmSync(cwd, { recursive: true, force: true })
})

it('merges both copies once; a dry run first writes nothing', () => {
  const dry = run(['merge', 'p.zebra', 'a.zebra', 'b.zebra', '--dry-run'])
  expect(dry.code, dry.stderr).toBe(0)
  expect(dry.stdout).toMatch(/a\.zebra: 2 decisions to add/)
  expect(dry.stdout).toMatch(/Dry run: nothing was written/)
  expect(decisions('p.zebra')).toBe(0)

  const done = run(['merge', 'p.zebra', 'a.zebra', 'b.zebra'])
  expect(done.code, done.stderr).toBe(0)
  expect(done.stdout).toMatch(/a\.zebra: 2 decisions added \(2 actions\), 0 already here/)
  expect(done.stdout).toMatch(/annotators: bob \(2 of 2 new\)/)
  expect(decisions('p.zebra')).toBe(4)
  // image 2: alice decided after bob, so her cat is current although bob's row came last
  const cur = query<{ id: number; label: string; annotator: string }>(
    'p.zebra',
    `SELECT i.id, l.name AS label, d.annotator FROM images i JOIN decisions d ON d.id = i.cur_decision
       JOIN labels l ON l.id = d.label_id ORDER BY i.id`
  )
  expect(cur).toEqual([
    { id: 1, label: 'dog', annotator: 'bob' },
    { id: 2, label: 'cat', annotator: 'alice' },
    { id: 3, label: 'cat', annotator: 'alice' }
  ])

  const again = run(['merge', 'p.zebra', 'b.zebra', 'a.zebra', '--json'])
  expect(again.code, again.stderr).toBe(0)
  const report = JSON.parse(again.stdout) as MergeReport
  expect(report.sources.map((s) => [s.added, s.already])).toEqual([
    [0, 2],
    [0, 2]
  ])
  expect(decisions('p.zebra')).toBe(4)
  expect(decisions('a.zebra')).toBe(2) // the copies are only read
})

it('refuses a copy of the other kind (exit 1) and a missing source (exit 2)', () => {
  expect(run(['project', 'kind', 'c.zebra', 'tags']).code).toBe(0)
  const before = decisions('p.zebra')
  const refused = run(['merge', 'p.zebra', 'a.zebra', 'c.zebra'])
  expect(refused.code).toBe(1)
  expect(refused.stderr).toMatch(/same kind.*Nothing was merged/)
  expect(decisions('p.zebra')).toBe(before)
  const usage = run(['merge', 'p.zebra'])
  expect(usage.code).toBe(2)
  expect(usage.stderr).toMatch(/sources/)
})
