import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REVIEW_ORDERS, REVIEW_STATUSES, type ReviewOrder, type ReviewStatus } from '../../shared/contract'
import { nextItem } from './ops'
import type { Project } from './project'
import { gridCounts, gridPage, gridSql } from './grid'
import { queueCountSql, queueIds, queuePosition, queueSql, type QueueQuery } from './queues'
import { KIND_CODES } from './schema'
import { createSyntheticProject } from './testing/synthetic'

let dir: string
let p: Project
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-review-'))
  p = createSyntheticProject(join(dir, 'p.zebra'), dir, { images: 3000, labels: 12, reviewed: 0.3, seed: 7 })
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

function expectIndexed(detail: string): void {
  expect(detail).toMatch(/USING (COVERING )?INDEX q_/)
  expect(detail).not.toMatch(/TEMP B-TREE/)
  expect(detail).not.toMatch(/SCAN images(?! USING)/)
}

const orders = REVIEW_ORDERS.filter((o) => o !== 'diverse')

describe('query plans (each queue is one index range scan, no sort)', () => {
  for (const order of orders) {
    for (const status of REVIEW_STATUSES) {
      it(`next image: ${order} / ${status}`, () => {
        const q: QueueQuery = { order, status, labelId: order === 'by_label' ? p.labels()[0]!.id : undefined }
        for (const cursor of ['none', 'after', 'before'] as const) {
          const s = queueSql(q, cursor, 1)
          const params = cursor === 'none' ? s.params : [...s.params, ...s.keys.map(() => 0)]
          expectIndexed(plan(s.sql, params))
        }
        const c = queueCountSql(q, true)
        expectIndexed(plan(c.sql, c.expand(c.keys.map(() => 0))))
        const t = queueCountSql(q, false)
        expectIndexed(plan(t.sql, t.params))
      })
    }
  }
  for (const status of REVIEW_STATUSES) {
    it(`grid page: ${status}`, () => {
      const g = gridSql({ labelId: 1, offset: 200, limit: 200, minProb: 0.2, status })
      expectIndexed(plan(g.sql, g.params))
      expectIndexed(plan(g.countSql, g.params))
      const a = gridSql({ offset: 200, limit: 200, minProb: 0.2, status })
      expectIndexed(plan(a.sql, a.params))
      expectIndexed(plan(a.countSql, a.params))
    })
  }
})

interface Row {
  id: number
  root_id: number
  rel_path: string
  top1_label: number
  top1_prob: number
  margin: number
  rv: number
  kind: number
}

function brute(q: QueueQuery): number[] {
  const rows = p.db.prepare("SELECT * FROM images WHERE state = 'ok'").all() as Row[]
  const st = (r: Row): boolean =>
    q.status === 'all'
      ? true
      : q.status === 'unreviewed'
        ? r.rv === 0
        : q.status === 'reviewed'
          ? r.rv === 1
          : r.kind === KIND_CODES[q.status as keyof typeof KIND_CODES]
  const f = rows.filter(st)
  const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0)
  switch (q.order as ReviewOrder) {
    case 'lowest_confidence':
      return f.sort((a, b) => cmp(a.top1_prob, b.top1_prob) || a.id - b.id).map((r) => r.id)
    case 'highest_confidence':
      return f.sort((a, b) => cmp(b.top1_prob, a.top1_prob) || b.id - a.id).map((r) => r.id)
    case 'lowest_margin':
      return f.sort((a, b) => cmp(a.margin, b.margin) || a.id - b.id).map((r) => r.id)
    case 'by_label':
      return f
        .filter((r) => r.top1_label === q.labelId)
        .sort((a, b) => cmp(b.top1_prob, a.top1_prob) || b.id - a.id)
        .map((r) => r.id)
    default:
      return f.sort((a, b) => a.root_id - b.root_id || cmp(a.rel_path, b.rel_path)).map((r) => r.id)
  }
}

describe('queue semantics', () => {
  const statuses: ReviewStatus[] = ['unreviewed', 'reviewed', 'all', 'accepted']
  for (const order of orders) {
    for (const status of statuses) {
      it(`${order} / ${status} walks the same sequence as a full sort`, () => {
        const q: QueueQuery = { order, status, labelId: order === 'by_label' ? p.labels()[1]!.id : undefined }
        const want = brute(q)
        expect(queueIds(p.db, q, 50)).toEqual(want.slice(0, 50))
        // walking with next from the 10th, and back with prev
        const from = want[9]!
        expect(queueIds(p.db, q, 5, from)).toEqual(want.slice(10, 15))
        expect(queueIds(p.db, q, 3, from, 'prev')).toEqual(want.slice(6, 9).reverse())
        expect(queuePosition(p.db, q, from)).toEqual({ position: 10, total: want.length })
      })
    }
  }

  it('the next item carries suggestions, the current label and its place in the queue', () => {
    const item = nextItem(p, { order: 'lowest_confidence', status: 'unreviewed' })!
    expect(item.position).toBe(1)
    expect(item.suggestions.length).toBe(5)
    expect(item.suggestions[0]!.prob).toBeGreaterThanOrEqual(item.suggestions[1]!.prob)
    expect(item.current).toBeNull()
  })

  it('grid pages are the label’s images by probability, above minProb, with the total', () => {
    const label = p.labels()[2]!.id
    const all = p.db
      .prepare(
        "SELECT id FROM images WHERE state = 'ok' AND rv = 0 AND top1_label = ? AND top1_prob >= 0.1 ORDER BY top1_prob DESC, id DESC"
      )
      .pluck()
      .all(label) as number[]
    const page = gridPage(p.db, { labelId: label, offset: 5, limit: 10, minProb: 0.1, status: 'unreviewed' })
    expect(page.total).toBe(all.length)
    expect(page.rows.map((r) => r.imageId)).toEqual(all.slice(5, 15))
    expect(page.rows.every((r) => r.labelId === label && r.prob >= 0.1 && r.current === null)).toBe(true)
  })

  it('the grid over all labels, and the per-label counts, match a plain query', () => {
    const all = p.db
      .prepare(
        "SELECT id FROM images WHERE state = 'ok' AND rv = 0 AND top1_prob >= 0.1 ORDER BY top1_prob DESC, id DESC"
      )
      .pluck()
      .all() as number[]
    const page = gridPage(p.db, { offset: 3, limit: 20, minProb: 0.1, status: 'unreviewed' })
    expect(page.total).toBe(all.length)
    expect(page.rows.map((r) => r.imageId)).toEqual(all.slice(3, 23))
    const want = p.db
      .prepare(
        "SELECT top1_label AS labelId, count(*) AS count FROM images WHERE state = 'ok' AND rv = 0 AND top1_label IS NOT NULL GROUP BY top1_label"
      )
      .all() as { labelId: number; count: number }[]
    const got = gridCounts(p.db, 'unreviewed')
    expect(want.length).toBeGreaterThan(1)
    expect([...got].sort((a, b) => a.labelId - b.labelId)).toEqual(want.sort((a, b) => a.labelId - b.labelId))
  })
})
