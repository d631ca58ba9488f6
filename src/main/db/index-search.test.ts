// Every statement the review loop runs is an index search: decide, the next image with
// its position, total and suggestions (every order x status, skipped tail included), queue totals,
// the project's counts, grid pages, totals and per-label counts, a bulk accept, undo and redo.
// The statements are recorded as they run (the connection's trace) and each one's EXPLAIN QUERY
// PLAN is checked: no scan of images, decisions, batches or qcount, and no sort.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { REVIEW_ORDERS, REVIEW_STATUSES } from '../../shared/contract'
import { redo, undo } from './decisions'
import { gridCounts, gridPage } from './grid'
import { acceptRule, bulkDecide, decide, nextItem, reviewStats } from './ops'
import { Project } from './project'
import { queueTotal, type QueueQuery } from './queues'
import { createSyntheticProject } from './testing/synthetic'

let dir: string
let p: Project
const ran = new Set<string>()
let recording = false

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-index-search-'))
  const file = join(dir, 'p.zebra')
  const built = createSyntheticProject(file, dir, { images: 6000, labels: 12, reviewed: 0.3, seed: 11 })
  built.db.exec('ANALYZE')
  built.close()
  p = Project.open(file, { trace: (sql) => recording && ran.add(sql) })
  // a skipped tail for the unreviewed queues
  const ids = p.db.prepare('SELECT id FROM images WHERE rv = 0 ORDER BY id LIMIT 5').pluck().all() as number[]
  for (const imageId of ids) decide(p, { imageId, kind: 'skipped' }, 'ann')
})
afterAll(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

function planOf(sql: string): string {
  return (p.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ')
}

/**
 * Why a plan would cost O(images), or null. Labels and roots are small and may be scanned; so may
 * the partial indexes of the few skipped (q_later) and missing or unreadable (images_not_ok)
 * images; a queue's first rows may walk its own partial index in order (q_all_* or q_rev_*,
 * whose WHERE is the queue's whole filter: SCAN ... LIMIT n reads n rows);
 * a batch's own rows may be sorted (undo and redo cost the action's size, not the project's).
 * A search bounded by the status alone (rv=? or kind=?) reads a whole queue unless it has a LIMIT.
 */
function costly(sql: string, plan: string): string | null {
  for (const step of plan.split(' | ')) {
    const scan = /^SCAN (images|decisions|batches|qcount|predictions|qbounds)\b(.*)$/.exec(step)
    if (scan) {
      if (/USING (COVERING )?INDEX (q_later|images_not_ok)$/.test(scan[2]!)) continue
      if (/USING (COVERING )?INDEX q_(all|rev)_\w+$/.test(scan[2]!) && /LIMIT \d+$/.test(sql)) continue
      return step
    }
    if (
      /^SEARCH images USING (COVERING )?INDEX q_\w+ \((rv|kind)=\?\)$/.test(step) &&
      !/LIMIT \d+$/.test(sql)
    )
      return step
    if (/TEMP B-TREE/.test(step) && !/decisions_batch \(batch_id=\?\)/.test(plan)) return step
  }
  return null
}

it('decide, next, totals, counts, grid, bulk accept, undo and redo run only index searches', () => {
  recording = true
  const labelId = p.labels()[3]!.id
  for (const order of REVIEW_ORDERS.filter((o) => o !== 'diverse')) {
    for (const status of REVIEW_STATUSES) {
      const q: QueueQuery = { order, status, labelId: order === 'by_label' ? labelId : undefined }
      const first = nextItem(p, q)
      if (!first) continue
      const second = nextItem(p, q, first.image.id)
      if (second) nextItem(p, q, second.image.id, 'prev')
      queueTotal(p.db, q)
    }
  }
  const q: QueueQuery = { order: 'lowest_confidence', status: 'unreviewed' }
  let cur = nextItem(p, q)!.image.id
  for (let i = 0; i < 3; i++) {
    decide(p, { imageId: cur, kind: i === 1 ? 'rejected' : 'accepted', rank: 1 }, 'ann')
    cur = nextItem(p, q, cur)!.image.id
  }
  reviewStats(p)
  for (const status of REVIEW_STATUSES) {
    gridPage(p.db, { labelId, offset: 0, limit: 200, minProb: 0, status })
    gridPage(p.db, { offset: 400, limit: 200, minProb: 0.35, status })
    gridCounts(p.db, status)
  }
  const page = gridPage(p.db, { offset: 0, limit: 50, minProb: 0, status: 'unreviewed' })
  bulkDecide(
    p,
    page.rows.map((r) => r.imageId),
    'accept',
    'ann'
  )
  acceptRule(p, 0.6, 'ann', labelId)
  expect(undo(p.db, 'ann')).not.toBeNull()
  expect(undo(p.db, 'ann')).not.toBeNull()
  expect(redo(p.db, 'ann')).not.toBeNull()
  recording = false

  const statements = [...ran].filter((s) => /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(s))
  expect(statements.length).toBeGreaterThan(30)
  const bad = statements
    .map((sql) => ({ sql, plan: planOf(sql) }))
    .map((s) => ({ ...s, why: costly(s.sql, s.plan) }))
    .filter((s) => s.why !== null)
  expect(bad).toEqual([])
  // the statements that used to scan: the counts, the per-label counts and the grid totals
  expect(statements.some((s) => /FROM images WHERE state != 'ok'/.test(s))).toBe(true)
  expect(statements.some((s) => /FROM qcount WHERE q = 4/.test(s))).toBe(true)
  expect(statements.some((s) => /INDEXED BY q_later/.test(s))).toBe(true)
})
