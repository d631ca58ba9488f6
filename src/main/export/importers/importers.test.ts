// Label imports of files other tools wrote (no sources.csv, their own URLs and folder names):
// what matches, what does not and why, unknown labels left out or created, and bad input refused
// with a message before anything is written.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { undo } from '../../db/decisions'
import { scanProject } from '../../jobs/scan'
import { sampleImagesDir } from '../../paths'
import { freshProject, makeFixture, currentLabels, type Fixture } from '../testing/fixture'
import type { Project } from '../../db/project'
import { importLabels } from '.'

let f: Fixture
let p: Project

beforeAll(async () => {
  f = await makeFixture(scanProject, 'zebra-import-')
  p = await freshProject(scanProject, f, 'target')
}, 120_000)
afterAll(() => {
  p?.close()
  f?.project.close()
  if (f) rmSync(f.dir, { recursive: true, force: true })
})

const choice = (label: string | string[]): unknown => ({
  from_name: 'sentiment',
  to_name: 'img',
  type: 'choices',
  value: { choices: Array.isArray(label) ? label : [label] }
})

describe('Label Studio JSON as Label Studio exports it', () => {
  const file = (): string => join(f.dir, 'ls-export.json')
  beforeAll(() => {
    const tasks = [
      // local files storage below a document root two levels up
      {
        id: 1,
        data: { img: '/data/local-files/?d=images/a/photo_coffee.jpg' },
        annotations: [{ result: [choice('Cup/Mug')] }]
      },
      // an uploaded file: 8 hex digits and a dash before the name; unique in the project
      {
        id: 2,
        data: { img: '/data/upload/3/1a2b3c4d-X.png' },
        annotations: [{ result: [choice('rocket')] }]
      },
      // a remote URL whose name two images share: ambiguous
      {
        id: 3,
        data: { img: 'https://cdn.example/photo_chelsea.jpg' },
        annotations: [{ result: [choice('cat')] }]
      },
      // the last live annotation counts, a cancelled one after it does not
      {
        id: 4,
        data: { img: '/data/local-files/?d=images/b%20%C3%BC/photo_rocket.jpg' },
        annotations: [{ result: [choice('dog')] }, { result: [choice('cat')], was_cancelled: true }]
      },
      { id: 5, data: { img: '/data/local-files/?d=images/a/square_224x224.png' }, annotations: [] },
      {
        id: 6,
        data: { img: '/data/local-files/?d=images/a/alpha_200x200.png' },
        annotations: [{ result: [choice(['cat', 'rocket'])] }]
      },
      {
        id: 7,
        data: { img: '/data/local-files/?d=elsewhere/nope.jpg' },
        annotations: [{ result: [choice('cat')] }]
      }
    ]
    writeFileSync(file(), JSON.stringify(tasks))
  })

  it('dry run: matched, unmatched with reasons, unlabelled, unknown labels; nothing written', async () => {
    const s = await importLabels(p, { format: 'labelstudio', path: file(), dryRun: true, annotator: 'imp' })
    expect(s).toMatchObject({
      total: 7,
      matched: 3,
      unmatchedCount: 3,
      unlabeled: 1,
      wouldImport: 2,
      imported: 0
    })
    expect(s.unknownLabels).toEqual([{ name: 'dog', count: 1 }])
    expect(s.skippedUnknown).toBe(1)
    expect(s.perLabel).toEqual({ 'cup/mug': 1, rocket: 1 })
    const why = Object.fromEntries(s.unmatched.map((u) => [u.ref, u.reason]))
    expect(why['https://cdn.example/photo_chelsea.jpg']).toMatch(
      /2 images of the project have this file name/
    )
    expect(why['/data/local-files/?d=images/a/alpha_200x200.png']).toMatch(/2 choices/)
    expect(why['/data/local-files/?d=elsewhere/nope.jpg']).toMatch(/not in the project/)
    expect(currentLabels(p)).toEqual({})
  })

  it('createLabels adds the unknown label and writes everything matched, in one batch', async () => {
    const s = await importLabels(p, {
      format: 'labelstudio',
      path: file(),
      dryRun: false,
      createLabels: true,
      annotator: 'imp'
    })
    expect(s).toMatchObject({ imported: 3, createdLabels: ['dog'], skippedUnknown: 0 })
    expect(currentLabels(p)).toEqual({
      'a/photo_coffee.jpg': 'cup/mug',
      'a/X.png': 'rocket',
      'b ü/photo_rocket.jpg': 'dog'
    })
    expect(undo(p.db, 'imp')?.imageIds).toHaveLength(3)
  })
})

describe('trees and FiftyOne JSON from other tools', () => {
  it('a CVAT ImageNet tree: safe folder names map to labels, no_label is unlabelled, sizes must match', async () => {
    const tree = join(f.dir, 'cvat')
    const put = (folder: string, src: string, name = src): void => {
      mkdirSync(join(tree, folder), { recursive: true })
      copyFileSync(join(sampleImagesDir(), src), join(tree, folder, name))
    }
    put('cup_mug', 'photo_coffee.jpg', 'renamed_by_cvat.jpg')
    put('cup_mug', 'tiny_31x17.png', 'X.png')
    put('Horse', 'wide_1000x100.webp', 'x.webp')
    put('no_label', 'gray_257x129.png')
    put('rocket', 'photo_astronaut.jpg', 'X.png') // same name as a/X.png, another size
    const s = await importLabels(p, { format: 'cvat-imagenet', path: tree, dryRun: true, annotator: 'imp' })
    expect(s).toMatchObject({ total: 5, matched: 2, unlabeled: 1, unmatchedCount: 2 })
    expect(s.perLabel).toEqual({ 'cup/mug': 1 })
    expect(s.unknownLabels).toEqual([{ name: 'Horse', count: 1 }])
    const why = Object.fromEntries(s.unmatched.map((u) => [u.ref, u.reason]))
    expect(why['cup_mug/renamed_by_cvat.jpg']).toMatch(/no image of the project has this file name/)
    expect(why['rocket/X.png']).toMatch(/another size/)
  })

  it('FiftyOne labels.json with label strings (no classes), a null target and a bad index', async () => {
    const ds = join(f.dir, 'fo-ext')
    mkdirSync(join(ds, 'data'), { recursive: true })
    copyFileSync(join(sampleImagesDir(), 'tiny_31x17.png'), join(ds, 'data', 'X.png'))
    copyFileSync(join(sampleImagesDir(), 'wide_1000x100.webp'), join(ds, 'data', 'x.webp'))
    writeFileSync(join(ds, 'labels.json'), JSON.stringify({ labels: { X: 'rocket', x: null, gone: 'cat' } }))
    let s = await importLabels(p, { format: 'fiftyone-json', path: ds, dryRun: true, annotator: 'imp' })
    expect(s).toMatchObject({
      total: 3,
      matched: 1,
      unlabeled: 1,
      unmatchedCount: 1,
      perLabel: { rocket: 1 }
    })
    expect(s.unmatched[0]).toEqual({ ref: 'gone', reason: 'no file for it in data/' })
    writeFileSync(join(ds, 'labels.json'), JSON.stringify({ classes: ['cat'], labels: { X: 3 } }))
    s = await importLabels(p, {
      format: 'fiftyone-json',
      path: join(ds, 'labels.json'),
      dryRun: true,
      annotator: 'imp'
    })
    expect(s.unmatched[0]!.reason).toMatch(/names no class/)
  })
})

describe('bad input: a message, nothing written', () => {
  it('refuses what is not the format asked for', async () => {
    const txt = join(f.dir, 'notes.txt')
    writeFileSync(txt, 'not json\n')
    const run = (
      format: 'labelstudio' | 'imagefolder' | 'fiftyone-json' | 'csv',
      path: string,
      csvHeader = false
    ) => importLabels(p, { format, path, dryRun: false, annotator: 'imp', csvHeader })
    await expect(run('labelstudio', txt)).rejects.toMatchObject({
      code: 'invalid_input',
      message: /not JSON/
    })
    writeFileSync(join(f.dir, 'min.json'), JSON.stringify([{ image: 'a.jpg', choice: 'cat' }]))
    await expect(run('labelstudio', join(f.dir, 'min.json'))).rejects.toThrow(/not JSON-MIN/)
    await expect(run('labelstudio', join(f.dir, 'absent.json'))).rejects.toMatchObject({ code: 'not_found' })
    await expect(run('imagefolder', txt)).rejects.toThrow(/is not a folder/)
    await expect(run('fiftyone-json', f.root)).rejects.toThrow(/No labels.json/)
    writeFileSync(join(f.dir, 'plain.csv'), 'a/X.png,cat\n')
    await expect(run('csv', join(f.dir, 'plain.csv'), true)).rejects.toThrow(/path and label columns/)
    expect(currentLabels(p)).toEqual({})
  })
})
