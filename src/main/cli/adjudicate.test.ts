// `zebra review disagreements`, `zebra review decide … --adjudicate` and `zebra review sample` as
// subprocesses from a folder outside the repository, on a real project file alice, bob and carol
// decided: the JSON lists the images in dispute as db/disagreements.ts does, the adjudicated
// decision becomes the current label and takes its image off the list, the table says the same,
// and the export of the project resolves to the adjudicated label.
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { AnnotatorSample, DisagreementsResult } from '../../shared/adjudication'
import { appendDecisions } from '../db/decisions'
import { Project } from '../db/project'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { parseCsv } from '../export/csv'
import { runZebra, workDir } from './testing/harness'

let cwd = ''
const ids = new Map<string, number>()
beforeAll(async () => {
  cwd = workDir('zebra-adjudicate-')
  const p = Project.create(join(cwd, 'team.zebra'), {
    roots: [sampleImagesDir()],
    labels: [{ name: 'cat' }, { name: 'dog' }, { name: 'bird' }]
  })
  await scanProject(p)
  for (const r of p.db.prepare('SELECT rel_path, id FROM images').all() as { rel_path: string; id: number }[])
    ids.set(r.rel_path, r.id)
  const L = (n: string): number => p.labels().find((l) => l.name === n)!.id
  const say = (who: string, file: string, label: string): void =>
    void appendDecisions(p.db, [{ imageId: ids.get(file)!, kind: 'corrected', labelId: L(label) }], who)
  say('alice', 'photo_chelsea.jpg', 'cat')
  say('bob', 'photo_chelsea.jpg', 'dog')
  say('carol', 'photo_chelsea.jpg', 'bird')
  say('alice', 'photo_coffee.jpg', 'cat')
  say('bob', 'photo_coffee.jpg', 'cat')
  say('carol', 'photo_coffee.jpg', 'dog')
  say('alice', 'photo_rocket.jpg', 'bird')
  say('bob', 'photo_rocket.jpg', 'bird')
  p.close()
}, 60_000)
afterAll(() => {
  if (cwd) rmSync(cwd, { recursive: true, force: true })
})

it('lists the disagreements, records an adjudication, and exports it', async () => {
  const r = await runZebra(['review', 'disagreements', 'team.zebra', '--format', 'json'], { cwd })
  expect(r.code, r.stderr).toBe(0)
  const list = JSON.parse(r.stdout) as DisagreementsResult
  expect(list.annotators).toEqual(['alice', 'bob', 'carol'])
  expect(list.items.map((d) => d.relPath)).toEqual(['photo_chelsea.jpg', 'photo_coffee.jpg'])
  expect(list.items[0]!.labels.map((l) => `${l.annotator}:${l.label}`)).toEqual([
    'alice:cat',
    'bob:dog',
    'carol:bird'
  ])
  const table = await runZebra(['review', 'disagreements', 'team.zebra'], { cwd })
  expect(table.code, table.stderr).toBe(0)
  expect(table.stdout).toContain('2 images in dispute (annotators: alice, bob, carol)')
  expect(table.stdout).toMatch(/photo_chelsea\.jpg\s+alice: cat · bob: dog · carol: bird/)

  const chelsea = String(ids.get('photo_chelsea.jpg'))
  const d = await runZebra(
    [
      'review',
      'decide',
      'team.zebra',
      chelsea,
      'corrected',
      '--label',
      'dog',
      '--annotator',
      'rev',
      '--adjudicate'
    ],
    { cwd }
  )
  expect(d.code, d.stderr).toBe(0)
  expect(JSON.parse(d.stdout).current).toMatchObject({ label: 'dog', annotator: 'rev' })
  // a later annotator decision does not outrank the adjudication
  const later = await runZebra(
    ['review', 'decide', 'team.zebra', chelsea, 'corrected', '--label', 'cat', '--annotator', 'alice'],
    { cwd }
  )
  expect(JSON.parse(later.stdout).current).toMatchObject({ label: 'dog', annotator: 'rev' })
  const after = await runZebra(['review', 'disagreements', 'team.zebra', '--format', 'json'], { cwd })
  // alice changed her label after it: the image is open again, its adjudicated label shown
  expect((JSON.parse(after.stdout) as DisagreementsResult).items[0]).toMatchObject({
    relPath: 'photo_chelsea.jpg',
    adjudicated: 'dog'
  })

  const s = await runZebra(
    ['review', 'sample', 'team.zebra', '--annotator', 'bob', '--size', '2', '--format', 'json'],
    {
      cwd
    }
  )
  expect(s.code, s.stderr).toBe(0)
  const sample = JSON.parse(s.stdout) as AnnotatorSample
  expect(sample).toMatchObject({ annotator: 'bob', labelled: 3 })
  expect(sample.items).toHaveLength(2)
  const nobody = await runZebra(['review', 'sample', 'team.zebra', '--annotator', 'zoe'], { cwd })
  expect(nobody.code).not.toBe(0)
  expect(nobody.stderr).toContain('No decisions by zoe in this project. Annotators: alice, bob, carol.')

  const e = await runZebra(['export', 'team.zebra', '--format', 'csv', '--out', 'out'], { cwd })
  expect(e.code, e.stderr).toBe(0)
  const [head, ...rows] = parseCsv(readFileSync(join(cwd, 'out', 'labels.csv'), 'utf8'))
  const col = (name: string): number => head!.indexOf(name)
  const row = rows.find((x) => x[col('rel_path')] === 'photo_chelsea.jpg')!
  expect([row[col('label')], row[col('resolution')], row[col('annotators')]]).toEqual([
    'dog',
    'adjudicated',
    'alice;bob;carol'
  ])
  const coffee = rows.find((x) => x[col('rel_path')] === 'photo_coffee.jpg')!
  expect([coffee[col('label')], coffee[col('resolution')]]).toEqual(['cat', 'majority'])
})
