// A tags project alice, bob and carol decided, exported: each tag's state is the adjudicated one,
// else the annotators' majority (present or absent), else as the latest decision left it; CSV adds
// tag_resolution / annotators / tags_by_annotator after the prob columns and Label Studio one
// annotation per annotator (their present tags) before the resolved one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { appendDecisions } from '../db/decisions'
import { Project } from '../db/project'
import { setProjectKind } from '../db/tag-state'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { parseCsv } from './csv'
import { exportProject } from './export'
import { splitTags } from './tag-rows'

let dir: string
let p: Project
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-export-tags-ann-'))
  p = Project.create(join(dir, 'p.zebra'), {
    roots: [sampleImagesDir()],
    labels: [{ name: 'cat' }, { name: 'dog' }, { name: 'bird' }]
  })
  await scanProject(p)
  setProjectKind(p.db, 'tags')
  const image = p.db
    .prepare("SELECT id FROM images WHERE rel_path = 'photo_chelsea.jpg'")
    .pluck()
    .get() as number
  const L = (n: string): number => p.labels().find((l) => l.name === n)!.id
  const mark = (who: string, tags: Record<string, boolean>, adjudicated = false): void => {
    const t = Date.now()
    while (Date.now() <= t) {
      /* the clock moves on: decisions never share a millisecond */
    }
    appendDecisions(
      p.db,
      Object.entries(tags).map(([tag, present]) => ({
        imageId: image,
        kind: present ? ('accepted' as const) : ('rejected' as const),
        labelId: L(tag),
        adjudicated
      })),
      who
    )
  }
  mark('rev', { bird: true }, true)
  mark('alice', { cat: true, dog: true, bird: false })
  mark('bob', { cat: true, dog: false, bird: false })
  mark('carol', { cat: false }) // cat: two present, one absent; dog: a tie, bob's absent is latest
})
afterAll(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

it('resolves each tag: adjudicated, else majority, else as the latest decision left it', async () => {
  const out = join(dir, 'csv')
  await exportProject(p, { format: 'csv', outDir: out, includePartial: true })
  const [head, ...rows] = parseCsv(readFileSync(join(out, 'labels.csv'), 'utf8'))
  expect(head!.slice(-3)).toEqual(['tag_resolution', 'annotators', 'tags_by_annotator'])
  expect(rows).toHaveLength(1)
  const row = Object.fromEntries(head!.map((h, i) => [h, rows[0]![i]!]))
  expect(splitTags(row.tags!)).toEqual(['cat', 'bird'])
  expect(splitTags(row.absent_tags!)).toEqual(['dog'])
  expect(JSON.parse(row.tag_resolution!)).toEqual({ cat: 'majority', dog: 'tie', bird: 'adjudicated' })
  expect(row.annotators).toBe('alice;bob;carol')
  expect(JSON.parse(row.tags_by_annotator!)).toEqual({
    alice: { present: ['cat', 'dog'], absent: ['bird'] },
    bob: { present: ['cat'], absent: ['dog', 'bird'] },
    carol: { present: [], absent: ['cat'] }
  })

  const ls = join(dir, 'ls')
  await exportProject(p, { format: 'labelstudio', outDir: ls, includePartial: true })
  const [task] = JSON.parse(readFileSync(join(ls, 'tasks.json'), 'utf8')) as {
    annotations: { result: { value: { choices: string[] } }[]; completed_by?: string }[]
  }[]
  expect(task!.annotations.map((a) => [a.completed_by, a.result.flatMap((r) => r.value.choices)])).toEqual([
    ['alice', ['cat', 'dog']],
    ['bob', ['cat']],
    ['carol', []],
    [undefined, ['cat', 'bird']]
  ])
})
