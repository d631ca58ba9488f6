// A team replica's unreviewed queue walks the member's leased images only, in the queue's own
// order, forward and back; other statuses and projects without leases keep the indexed queues.
// Checked against the indexed queue filtered to the leased set, on a synthetic project; its query
// plan starts from the lease set, whatever the project's size.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REVIEW_ORDERS } from '../../shared/contract'
import { leasedQueueIds, leasedQueueQuery, walksLeases } from './leased-queue'
import { leasedUndecided, recordLeases } from './pg/replica-state'
import type { Project } from './project'
import { queueIds, type QueueQuery } from './queues'
import { createSyntheticProject } from './testing/synthetic'

let dir: string
let p: Project
let leased: Set<number>
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-leased-'))
  p = createSyntheticProject(join(dir, 'p.zebra'), dir, { images: 600, labels: 6, reviewed: 0.3, seed: 11 })
})
afterAll(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the leased queue', () => {
  it('is not walked before the replica records leases, nor for other statuses', () => {
    expect(walksLeases(p.db, { order: 'file', status: 'unreviewed' })).toBe(false)
    // a replica maps its images to the store's; here the store's ids are the local ones
    p.db.exec('CREATE TABLE team_images (image_id INTEGER PRIMARY KEY, server_id INTEGER NOT NULL UNIQUE)')
    p.db.exec('INSERT INTO team_images SELECT id, id FROM images')
    const ids = p.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
    const picked = ids.filter((id) => (id * 7919) % 13 === 0) // a scattered batch, some reviewed
    expect(recordLeases(p.db, picked)).toBe(picked.length)
    expect(recordLeases(p.db, picked)).toBe(0) // the same set again brings nothing new
    leased = new Set(picked)
    expect(walksLeases(p.db, { order: 'file', status: 'unreviewed' })).toBe(true)
    expect(walksLeases(p.db, { order: 'file', status: 'all' })).toBe(false)
    expect(walksLeases(p.db, { order: 'file', status: 'reviewed' })).toBe(false)
  })

  for (const order of REVIEW_ORDERS.filter((o) => o !== 'diverse')) {
    it(`walks only leased, unreviewed images in the ${order} order, both ways`, () => {
      const q: QueueQuery = { order, status: 'unreviewed', ...(order === 'by_label' ? { labelId: 2 } : {}) }
      const expected = queueIds(p.db, q, 100_000).filter((id) => leased.has(id))
      expect(expected.length).toBeGreaterThan(0)
      expect(leasedQueueIds(p.db, q, 1000)).toEqual(expected)
      const walked: number[] = []
      for (let id = leasedQueueIds(p.db, q, 1)[0]; id !== undefined; id = leasedQueueIds(p.db, q, 1, id)[0])
        walked.push(id)
      expect(walked).toEqual(expected)
      const back: number[] = []
      const last = expected[expected.length - 1]!
      for (
        let id: number | undefined = last;
        id !== undefined;
        id = leasedQueueIds(p.db, q, 1, id, 'prev')[0]
      )
        back.push(id)
      expect(back).toEqual([...expected].reverse())
    })
  }

  it('is read from the lease set, never by walking the queue’s index over the whole project', () => {
    const first = [...leased].sort((a, b) => a - b)[3]!
    for (const order of REVIEW_ORDERS) {
      const q: QueueQuery = { order, status: 'unreviewed', ...(order === 'by_label' ? { labelId: 2 } : {}) }
      for (const [from, direction] of [
        [undefined, 'next'],
        [first, 'next'],
        [first, 'prev']
      ] as const) {
        const { sql, params } = leasedQueueQuery(p.db, q, 6, from, direction)
        const plan = (p.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
          (r) => r.detail
        )
        // the leases are the outer loop, each one a rowid lookup of its image
        expect(plan[0]).toMatch(/^SCAN team_leases/)
        expect(plan[1]).toMatch(/^SEARCH images USING INTEGER PRIMARY KEY \(rowid=\?\)/)
        expect(plan.join(' | ')).not.toMatch(/INDEX q_/)
      }
    }
  })

  it('counts the leased images the member has not decided', () => {
    const decidedByAnn = p.db
      .prepare(
        'SELECT count(DISTINCT l.image_id) FROM team_leases l JOIN decisions d ON d.image_id = l.image_id'
      )
      .pluck()
      .get() as number
    const annotators = p.db.prepare('SELECT DISTINCT annotator FROM decisions').pluck().all() as string[]
    expect(annotators.length).toBe(1) // the synthetic project's one annotator
    expect(leasedUndecided(p.db, annotators[0]!)).toBe(leased.size - decidedByAnn)
    expect(leasedUndecided(p.db, 'nobody-else')).toBe(leased.size)
  })
})
