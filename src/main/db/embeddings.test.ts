import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendDecisions } from './decisions'
import {
  adapterStamp,
  allEmbeddingsSignature,
  embeddingBlob,
  embeddingRows,
  embeddingSignature,
  reviewedEmbeddingRows
} from './embeddings'
import type { Project } from './project'
import { imageReviewState, invalidatePredictions } from './queue-status'
import { createSyntheticProject, SYNTHETIC_MODEL_ID } from './testing/synthetic'
import { fromBlob } from './vectors'

let dir: string
let p: Project
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-embeddings-'))
  p = createSyntheticProject(join(dir, 'p.zebra'), dir, {
    images: 120,
    labels: 6,
    reviewed: 0.4,
    embedDim: 8
  })
})
afterAll(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('embedding repositories', () => {
  it('lists every ok image with an embedding, in id order, and its signature follows the set', () => {
    const rows = embeddingRows(p.db, SYNTHETIC_MODEL_ID)
    expect(rows).toHaveLength(120)
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b))
    expect(rows.every((r) => r.vec.byteLength === 8 * 4)).toBe(true)
    expect(embeddingSignature(p.db, SYNTHETIC_MODEL_ID)).toEqual({ n: 120, m: rows.at(-1)!.id })
    expect(embeddingSignature(p.db, 'other-model')).toEqual({ n: 0, m: null })
    expect(allEmbeddingsSignature(p.db)).toEqual({ e: 120, m: rows.at(-1)!.id })
    const one = embeddingBlob(p.db, rows[3]!.id, SYNTHETIC_MODEL_ID)!
    expect([...fromBlob(one)]).toEqual([...fromBlob(rows[3]!.vec)])
    expect(embeddingBlob(p.db, rows[3]!.id, 'other-model')).toBeUndefined()
  })

  it('the reviewed set is the accepted/corrected images with their label, and a new decision changes the stamp', () => {
    const reviewed = reviewedEmbeddingRows(p.db, SYNTHETIC_MODEL_ID)
    const withDecision = p.db
      .prepare(
        `SELECT count(*) AS n FROM images i JOIN decisions d ON d.id = i.cur_decision
         WHERE d.kind IN ('accepted', 'corrected') AND d.label_id IS NOT NULL`
      )
      .get() as { n: number }
    expect(reviewed.length).toBe(withDecision.n)
    expect(reviewed.length).toBeGreaterThan(0)
    const labelIds = new Set(p.labels().map((l) => l.id))
    expect(reviewed.every((r) => labelIds.has(r.label))).toBe(true)

    const before = adapterStamp(p.db)
    const reviewedIds = new Set(reviewed.map((r) => r.id))
    const fresh = embeddingRows(p.db, SYNTHETIC_MODEL_ID).find((r) => !reviewedIds.has(r.id))!
    const label = p.labels()[2]!.id
    appendDecisions(p.db, [{ imageId: fresh.id, kind: 'corrected', labelId: label }], 'tester')
    const after = adapterStamp(p.db)
    expect(after.d).toBeGreaterThan(before.d)
    expect(after.e).toBe(before.e)
    const now = reviewedEmbeddingRows(p.db, SYNTHETIC_MODEL_ID)
    expect(now).toHaveLength(reviewed.length + 1)
    expect(now.find((r) => r.id === fresh.id)?.label).toBe(label)
    expect(imageReviewState(p.db, fresh.id)).toMatchObject({ state: 'ok', rv: 1 })
    expect(imageReviewState(p.db, 10_000_000)).toBeUndefined()
  })

  it('invalidatePredictions marks every prediction stale', () => {
    const count = (sql: string): number => (p.db.prepare(sql).get() as { n: number }).n
    expect(count('SELECT count(*) AS n FROM predictions WHERE label_version <> -1')).toBeGreaterThan(0)
    invalidatePredictions(p.db)
    expect(count('SELECT count(*) AS n FROM predictions WHERE label_version <> -1')).toBe(0)
  })
})
