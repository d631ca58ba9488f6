// Query plans of a tags project's hot statements on a synthetic tags project: a tag pass page is
// one range scan of the score index (no sort) whatever its filter, a tag's state counts one range
// of image_tags_label, and the refit's read of every decided image groups without a sort.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { TAG_PASS_FILTERS } from '../../shared/contract'
import type { Project } from './project'
import { DECIDED_TAG_ROWS_SQL, tagPassSql } from './tag-scores'
import { TAG_STATE_COUNTS_SQL } from './tag-state'
import { createSyntheticTagsProject } from './testing/synthetic-tags'

let dir: string
let p: Project
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-tag-plans-'))
  p = createSyntheticTagsProject(join(dir, 'p.zebra'), dir, { images: 2000, tags: 8, decided: 0.2, seed: 5 })
  p.db.exec('ANALYZE')
})
afterAll(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

function plan(sql: string, params: unknown[]): string {
  return (p.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ')
}

for (const filter of TAG_PASS_FILTERS)
  it(`a tag pass page (${filter}) is one range scan of the score index`, () => {
    const d = plan(tagPassSql(filter), [1, 0.1, 500, -1, 100])
    expect(d).toMatch(/SEARCH t USING PRIMARY KEY \(label_id=\?/)
    // each row's state: a point lookup (by the primary key, or the covering (tag, state) index)
    expect(d).toMatch(/SEARCH g USING (PRIMARY KEY|COVERING INDEX image_tags_label) \(/)
    expect(d).not.toMatch(/TEMP B-TREE/)
    expect(d).not.toMatch(/SCAN/)
  })

it("a tag's state counts read one range of image_tags_label", () => {
  const d = plan(TAG_STATE_COUNTS_SQL, [1])
  expect(d).toMatch(/SEARCH image_tags USING COVERING INDEX image_tags_label \(label_id=\?\)/)
  expect(d).not.toMatch(/TEMP B-TREE/)
})

it('the decided images are read in one pass, grouped without a sort', () => {
  const d = plan(DECIDED_TAG_ROWS_SQL, [1])
  expect(d).not.toMatch(/TEMP B-TREE/)
  expect(d).toMatch(/SEARCH p USING INTEGER PRIMARY KEY/)
})
