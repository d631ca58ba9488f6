// The project's counts (review stats, summary, `zebra status`) come from the queue counters and
// the small index of missing and unreadable rows; they must equal a scan of every
// image through decisions, undo, files going missing or unreadable (decided or not) and back.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { appendDecisions, undo } from './decisions'
import { markUnreadable } from './images'
import { reviewStats } from './ops'
import type { Project } from './project'
import { scannedCounts } from './testing/recount'
import { createSyntheticProject } from './testing/synthetic'

let dir: string
let p: Project
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-counts-'))
  p = createSyntheticProject(join(dir, 'p.zebra'), dir, { images: 2000, labels: 6, reviewed: 0.3, seed: 9 })
})
afterAll(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

it('equal a scan of every image through decisions, undo, missing and unreadable files', () => {
  expect(p.counts()).toEqual(scannedCounts(p.db))
  const unrev = p.db
    .prepare('SELECT id FROM images WHERE rv = 0 ORDER BY id LIMIT 20')
    .pluck()
    .all() as number[]
  const rev = p.db.prepare('SELECT id FROM images WHERE rv = 1 ORDER BY id LIMIT 5').pluck().all() as number[]
  appendDecisions(p.db, [{ imageId: unrev[0]!, kind: 'unsure' }], 'ann')
  appendDecisions(p.db, [{ imageId: unrev[1]!, kind: 'skipped' }], 'ann')
  appendDecisions(p.db, [{ imageId: unrev[2]!, kind: 'rejected' }], 'ann')
  expect(undo(p.db, 'ann')).not.toBeNull()
  // decided and undecided files go missing or unreadable; a decision is made on a missing file
  p.db.prepare(`UPDATE images SET state = 'missing' WHERE id IN (?, ?, ?)`).run(rev[0], rev[1], unrev[3])
  markUnreadable(p.db, rev[2]!, 'test')
  markUnreadable(p.db, unrev[4]!, 'test')
  appendDecisions(p.db, [{ imageId: unrev[3]!, kind: 'accepted', rank: 1 }], 'ann')
  const c = p.counts()
  expect(c).toEqual(scannedCounts(p.db))
  expect(c.missing).toBe(3)
  expect(c.unreadable).toBe(2)
  // a missing file found again
  p.db.prepare(`UPDATE images SET state = 'ok' WHERE id = ?`).run(rev[0])
  expect(p.counts()).toEqual(scannedCounts(p.db))
  const s = reviewStats(p)
  expect(s.total).toBe(2000 - 2 - 2)
  expect(s.reviewed).toBe(scannedCounts(p.db).reviewed)
})
