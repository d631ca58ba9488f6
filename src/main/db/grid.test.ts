// Grid totals and per-label counts come from the queue counters; they must equal a
// plain count for every status, with and without a label, at any minProb, including a minProb
// on a slice edge (k / 4096) and one equal to a stored probability, and after writes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { REVIEW_STATUSES, type ReviewStatus } from '../../shared/contract'
import { appendDecisions, undo } from './decisions'
import { gridCounts, gridPage, gridSliceCountSql } from './grid'
import { markUnreadable } from './images'
import type { Project } from './project'
import { KIND_CODES } from './schema'
import { createSyntheticProject } from './testing/synthetic'

let dir: string
let p: Project
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-grid-'))
  p = createSyntheticProject(join(dir, 'p.zebra'), dir, { images: 3000, labels: 8, reviewed: 0.3, seed: 5 })
  p.db.exec('ANALYZE')
})
afterAll(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

function statusSql(status: ReviewStatus): string {
  if (status === 'all') return ''
  if (status === 'unreviewed') return 'AND rv = 0'
  if (status === 'reviewed') return 'AND rv = 1'
  return `AND kind = ${KIND_CODES[status]}`
}

function plainTotal(status: ReviewStatus, minProb: number, labelId?: number): number {
  return p.db
    .prepare(
      `SELECT count(*) FROM images WHERE state = 'ok' ${statusSql(status)} ${labelId === undefined ? '' : `AND top1_label = ${labelId}`} AND top1_prob >= ?`
    )
    .pluck()
    .get(minProb) as number
}

function expectExact(): void {
  const label = p.labels()[2]!.id
  const stored = p.db.prepare('SELECT top1_prob FROM images WHERE id = 77').pluck().get() as number
  for (const status of REVIEW_STATUSES) {
    for (const minProb of [0, 0.1, 1024 / 4096, 1025 / 4096, stored, 0.5, 0.999, 1]) {
      for (const labelId of [undefined, label]) {
        const g = { labelId, offset: 0, limit: 5, minProb, status }
        expect({ status, minProb, labelId, total: gridPage(p.db, g).total }).toEqual({
          status,
          minProb,
          labelId,
          total: plainTotal(status, minProb, labelId)
        })
      }
    }
    const want = p.db
      .prepare(
        `SELECT top1_label AS labelId, count(*) AS count FROM images WHERE state = 'ok' AND top1_label IS NOT NULL ${statusSql(status)} GROUP BY top1_label ORDER BY top1_label`
      )
      .all()
    expect([...gridCounts(p.db, status)].sort((a, b) => a.labelId - b.labelId)).toEqual(want)
  }
}

it('grid totals and per-label counts equal a plain count, before and after writes', () => {
  expectExact()
  const ids = p.db
    .prepare('SELECT id FROM images WHERE rv = 0 ORDER BY id LIMIT 30')
    .pluck()
    .all() as number[]
  appendDecisions(
    p.db,
    ids.slice(0, 10).map((imageId) => ({ imageId, kind: 'rejected' })),
    'ann',
    'bulk'
  )
  appendDecisions(p.db, [{ imageId: ids[10]!, kind: 'corrected', labelId: p.labels()[2]!.id }], 'ann')
  appendDecisions(p.db, [{ imageId: ids[11]!, kind: 'skipped' }], 'ann')
  expect(undo(p.db, 'ann')).not.toBeNull()
  markUnreadable(p.db, ids[12]!, 'test')
  expectExact()
})

it('the count inside minProb’s slice is an index range, not a scan', () => {
  for (const status of REVIEW_STATUSES) {
    for (const labelId of [undefined, 3]) {
      const c = gridSliceCountSql({ labelId, offset: 0, limit: 200, minProb: 0.3, status })
      const d = (p.db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(...c.params, 0.31) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ')
      expect(d).toMatch(/SEARCH images USING (COVERING )?INDEX q_\w+ \(.*top1_prob>\? AND top1_prob<\?\)/)
      expect(d).not.toMatch(/SCAN images/)
    }
  }
})
