// The synthetic tags project the benchmark measures is a tags project the app could have made: the
// score index holds exactly each image's stored scores (whichever way it was filled), decided
// images have every tag decided in one batch each, and the counters and derived kinds agree with
// the log.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { tagScoresOf } from '../tag-scores'
import { tagStatesOf } from '../tag-state'
import { verifyCurrent } from '../verify'
import { counterMismatches } from './recount'
import { SYNTHETIC_MODEL_ID } from './synthetic'
import { createSyntheticTagsProject } from './synthetic-tags'

const dir = mkdtempSync(join(tmpdir(), 'zebra-synthetic-tags-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const opts = { images: 300, tags: 6, decided: 0.2, embedDim: 8, embedded: 100, seed: 3 }

function indexRows(file: string, index: 'writer' | 'sorted'): unknown[] {
  const p = createSyntheticTagsProject(join(dir, file), dir, { ...opts, index })
  try {
    return p.db.prepare('SELECT label_id, s, image_id FROM tag_scores ORDER BY 1, 2, 3').raw().all()
  } finally {
    p.close()
  }
}

it('the sorted bulk load leaves the same score index as the writer', () => {
  const sorted = indexRows('sorted.zebra', 'sorted')
  expect(sorted).toHaveLength(300 * 6)
  expect(indexRows('writer.zebra', 'writer')).toEqual(sorted)
})

it('is a consistent tags project: scores, decisions, counters', () => {
  const p = createSyntheticTagsProject(join(dir, 'check.zebra'), dir, opts)
  try {
    const db = p.db
    expect(p.kind).toBe('tags')
    // every index row is the image's stored score of that tag
    const rows = db.prepare('SELECT label_id, s, image_id FROM tag_scores').raw().all() as number[][]
    for (const [l, s, id] of rows) expect(tagScoresOf(db, id!).get(l!)).toBe(s)
    const decided = db
      .prepare('SELECT id FROM images WHERE cur_decision IS NOT NULL')
      .pluck()
      .all() as number[]
    expect(decided.length).toBeGreaterThan(30)
    for (const id of decided) expect(tagStatesOf(db, id).size).toBe(6)
    // one batch per decided image
    expect(db.prepare("SELECT count(*) FROM batches WHERE kind = 'decide'").pluck().get()).toBe(
      decided.length
    )
    expect(p.counts().reviewed).toBe(decided.length)
    expect(verifyCurrent(db).mismatches).toBe(0)
    expect(counterMismatches(db)).toEqual([])
    const embedded = db
      .prepare('SELECT count(*) FROM image_embeddings WHERE model_id = ?')
      .pluck()
      .get(SYNTHETIC_MODEL_ID)
    expect(embedded).toBe(100)
  } finally {
    p.close()
  }
})
