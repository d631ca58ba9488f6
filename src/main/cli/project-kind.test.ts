// `zebra project kind` end to end, and what the tags commands say on a single-label project: the
// real launcher from a temp folder outside the repository, on the sample project's images
// pre-labelled by the demo model. A single-label project turns into a tags project (its decided
// labels become present tags, every tag scored from the cached embeddings) and back, which is
// refused while an image has two tags present.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createPrelabelled, TAGS, tagsWorkDir, type TagsWorkDir } from './testing/tags-project'

let w: TagsWorkDir
let file = ''

function get(sql: string, ...args: unknown[]): unknown {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db
      .prepare(sql)
      .pluck()
      .get(...args)
  } finally {
    db.close()
  }
}

beforeAll(() => {
  w = tagsWorkDir('zebra-kind-cli-')
  createPrelabelled(w, 's.zebra')
  file = join(w.cwd, 's.zebra')
}, 120_000)

afterAll(() => {
  if (w) rmSync(w.cwd, { recursive: true, force: true })
})

it('on a single-label project the tags commands and --tags are refused and say what to do', () => {
  for (const args of [
    ['tags', 'status', file],
    ['tags', 'pass', file, 'red'],
    ['tags', 'mark', file, 'red', '--present', '--above', '0.5'],
    ['tags', 'negatives', file, 'red']
  ]) {
    const r = w.zebra(...args)
    expect(r.code, args.join(' ')).toBe(2)
    expect(r.stderr).toMatch(
      /is for tags projects, and .* has one label per image\. `zebra project kind .* tags`/
    )
  }
  const decide = w.zebra('review', 'decide', file, '1', '--tags', 'red')
  expect(decide.code).toBe(2)
  expect(decide.stderr).toMatch(/--tags and --unsure are for tags projects/)
  expect(get('SELECT count(*) FROM decisions')).toBe(0)
  // single-label review is as it was
  const accepted = w.zebra('review', 'decide', file, '1', 'corrected', '--label', 'circle')
  expect(accepted.code, accepted.stderr).toBe(0)
  expect(JSON.parse(accepted.stdout).current).toMatchObject({ kind: 'corrected', label: 'circle' })
  expect(w.zebra('project', 'kind', file).stdout).toMatch(/^single: one label per image/)
})

it('project kind tags: decided labels become present tags, every tag is scored again', () => {
  const r = w.zebra('project', 'kind', file, 'tags')
  expect(r.code, r.stderr).toBe(0)
  expect(r.stdout).toMatch(/^tags: .* \(was single\)/)
  expect(r.stderr).toMatch(/re-scored 79 images/)
  expect(get('SELECT kind FROM project')).toBe('tags')
  const circle = get("SELECT id FROM labels WHERE name = 'circle'")
  expect(get('SELECT state FROM image_tags WHERE image_id = 1 AND label_id = ?', circle)).toBe(1)
  expect(get('SELECT count(*) FROM tag_scores')).toBe(79 * TAGS.length)
  const status = JSON.parse(w.zebra('tags', 'status', file, '--format', 'json').stdout) as {
    tags: { label: string; present: number }[]
  }
  expect(status.tags.find((t) => t.label === 'circle')!.present).toBe(1)
})

it('back to single is refused while an image has two tags present, then allowed', () => {
  expect(w.zebra('review', 'decide', file, '1', '--tags', 'red,circle').code).toBe(0)
  const refused = w.zebra('project', 'kind', file, 'single')
  expect(refused.code).toBe(2)
  expect(refused.stderr).toMatch(
    /1 image\(s\) have two or more tags present \(image 1 has 2\).*Keep it a tags project/
  )
  expect(get('SELECT kind FROM project')).toBe('tags')

  expect(w.zebra('review', 'decide', file, '1', '--tags', 'red').code).toBe(0)
  const back = w.zebra('project', 'kind', file, 'single')
  expect(back.code, back.stderr).toBe(0)
  expect(back.stdout).toMatch(/^single: one label per image \(was tags\)/)
  expect(get('SELECT kind FROM project')).toBe('single')
  expect(get('SELECT count(*) FROM tag_scores')).toBe(0)
  expect(get('SELECT count(*) FROM predictions')).toBe(79)
  const red = get("SELECT id FROM labels WHERE name = 'red'")
  expect(
    get('SELECT d.label_id FROM images i JOIN decisions d ON d.id = i.cur_decision WHERE i.id = 1')
  ).toBe(red)
})
