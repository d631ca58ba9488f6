// `zebra export` and `zebra import-labels` on a tags project, through the real launcher from a
// folder outside the repo: done images by default, --include-partial adds the partly decided one,
// a class-folder format is refused (exit 2) naming the formats that can, and the CSV imports into
// another tags project over the same photos with the same tag states.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { LabelImportSummary } from '../../shared/contract'
import { appendDecisions } from '../db/decisions'
import { imageFileRows } from '../db/image-index'
import { Project } from '../db/project'
import { tagStatesOf } from '../db/tag-state'
import { runZebra, workDir } from './testing/harness'

let cwd = ''
let env: NodeJS.ProcessEnv
const zebra = (...args: string[]): ReturnType<typeof runZebra> => runZebra(args, { cwd, env })
const TAGS = ['cat', 'cup', 'outdoor']

async function tagsProject(file: string): Promise<void> {
  Project.create(join(cwd, file), {
    roots: [join(cwd, 'photos')],
    kind: 'tags',
    labels: TAGS.map((name) => ({ name }))
  }).close()
  const r = await zebra('scan', file)
  expect(r.code, r.stderr).toBe(0)
}

/** rel_path -> tag -> state of a project file */
function states(file: string): Record<string, Record<string, string>> {
  const p = Project.open(join(cwd, file))
  try {
    const names = new Map(p.labels().map((l) => [l.id, l.name]))
    const out: Record<string, Record<string, string>> = {}
    for (const r of imageFileRows(p.db)) {
      const s = tagStatesOf(p.db, r.id)
      if (s.size) out[r.rel_path] = Object.fromEntries([...s].map(([l, st]) => [names.get(l)!, st]))
    }
    return out
  } finally {
    p.close()
  }
}

beforeAll(async () => {
  cwd = workDir('zebra-cli-tags-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'tester' }
  await tagsProject('t.zebra')
  await tagsProject('u.zebra')
  const p = Project.open(join(cwd, 't.zebra'))
  try {
    const id = new Map(imageFileRows(p.db).map((r) => [r.rel_path, r.id]))
    const tag = new Map(p.labels().map((l) => [l.name, l.id]))
    const d = (rel: string, name: string, kind: 'accepted' | 'rejected' | 'unsure') => ({
      imageId: id.get(rel)!,
      kind,
      labelId: tag.get(name)!
    })
    appendDecisions(
      p.db,
      [
        d('photo_chelsea.jpg', 'cat', 'accepted'),
        d('photo_chelsea.jpg', 'cup', 'rejected'),
        d('photo_chelsea.jpg', 'outdoor', 'unsure')
      ],
      'tester'
    )
    appendDecisions(
      p.db,
      [d('photo_coffee.jpg', 'cup', 'accepted'), d('photo_coffee.jpg', 'cat', 'rejected')],
      'tester'
    )
  } finally {
    p.close()
  }
}, 120_000)

describe('zebra export / import-labels on a tags project', () => {
  it('exports done images, partly decided ones with --include-partial, and imports them back', async () => {
    let r = await zebra('export', 't.zebra', '--format', 'csv', '--out', 'done')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Exported 1 images/)
    r = await zebra('export', 't.zebra', '--format', 'csv', '--out', 'all', '--include-partial', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 2, perLabel: { cat: 1, cup: 1 } })

    r = await zebra('import-labels', 'u.zebra', 'all/labels.csv', '--format', 'csv', '--dry-run', '--json')
    expect(r.code, r.stderr).toBe(0)
    const dry = JSON.parse(r.stdout) as LabelImportSummary
    expect(dry).toMatchObject({
      matched: 2,
      wouldImport: 5,
      imported: 0,
      tagDecisions: { present: 2, absent: 2, unsure: 1 }
    })
    r = await zebra('import-labels', 'u.zebra', 'all/labels.csv', '--format', 'csv')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^Imported 5 tag decisions from all\/labels\.csv \(csv\)/)
    expect(states('u.zebra')).toEqual(states('t.zebra'))
  })

  it('a format with one label per image is refused, naming those that hold several', async () => {
    const r = await zebra('export', 't.zebra', '--format', 'yolo-cls', '--out', 'yolo')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/yolo-cls holds one label per image/)
    expect(r.stderr).toMatch(/csv, jsonl, hf, labelstudio, fiftyone-json, coco-labels/)
  })
})
