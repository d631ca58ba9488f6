// A team replica's unreviewed queue walks the member's leased images that the member has not
// decided, in the queue's own order, forward and back; another annotator's decision (pulled with
// overlap) leaves the image in it, an undone one of the member's own brings it back. Other statuses
// and projects without leases keep the indexed queues. Checked against the indexed queue filtered
// to the leased set and the member's live decisions, on a synthetic project; its query plan starts
// from the lease set, whatever the project's size.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REVIEW_ORDERS } from '../../shared/contract'
import { appendDecisions, undo } from './decisions'
import { leasedQueueIds, leasedQueueQuery, memberView, walksLeases } from './leased-queue'
import { reviewItem } from './ops'
import { leasedUndecided, recordLeases } from './pg/replica-state'
import type { Project } from './project'
import { queueIds, type QueueQuery } from './queues'
import { createSyntheticProject } from './testing/synthetic'

let dir: string
let p: Project
let leased: Set<number>
/** the synthetic project's reviewer is this replica's member */
const MEMBER = 'synthetic'

/** Leased images without a live decision of the member, computed from the log row by row. */
function memberUndecided(): Set<number> {
  const rows = p.db.prepare('SELECT id, image_id, annotator, kind, revert_of FROM decisions').all() as {
    id: number
    image_id: number
    annotator: string
    kind: string
    revert_of: number | null
  }[]
  const undone = new Set(rows.map((r) => r.revert_of))
  const decided = new Set(
    rows
      .filter((r) => r.annotator === MEMBER && r.kind !== 'revert' && !undone.has(r.id))
      .map((r) => r.image_id)
  )
  return new Set([...leased].filter((id) => !decided.has(id)))
}
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
    p.db.exec(
      'CREATE TABLE team_link (id INTEGER PRIMARY KEY, url TEXT NOT NULL, annotator TEXT NOT NULL, joined_at TEXT NOT NULL, pulled_seq INTEGER NOT NULL DEFAULT 0)'
    )
    p.db.prepare("INSERT INTO team_link VALUES (1, 'postgres://127.0.0.1/t', ?, '', 0)").run(MEMBER)
    const ids = p.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
    const picked = ids.filter((id) => (id * 7919) % 13 === 0) // a scattered batch, some reviewed
    expect(recordLeases(p.db, picked)).toBe(picked.length)
    expect(recordLeases(p.db, picked)).toBe(0) // the same set again brings nothing new
    leased = new Set(picked)
    expect(walksLeases(p.db, { order: 'file', status: 'unreviewed' })).toBe(true)
    expect(walksLeases(p.db, { order: 'file', status: 'all' })).toBe(false)
    expect(walksLeases(p.db, { order: 'file', status: 'reviewed' })).toBe(false)
  })

  it('keeps an image another annotator decided; drops one the member decided until undone', () => {
    const q: QueueQuery = { order: 'file', status: 'unreviewed' }
    const open = leasedQueueIds(p.db, q, 1000)
    expect(open.length).toBeGreaterThan(6)
    // a pull brings a second annotator's labels (overlap): the images are reviewed now, and still
    // the member's to decide
    const pulled = open.slice(0, 3)
    appendDecisions(
      p.db,
      pulled.map((imageId) => ({ imageId, kind: 'accepted' as const, rank: 1 })),
      'bob'
    )
    expect(queueIds(p.db, q, 100_000)).not.toContain(pulled[0])
    expect(leasedQueueIds(p.db, q, 1000)).toEqual(open)
    // the member's own decision takes the image out, its undo puts it back
    appendDecisions(p.db, [{ imageId: pulled[1]!, kind: 'corrected', labelId: 2 }], MEMBER)
    appendDecisions(p.db, [{ imageId: open[4]!, kind: 'skipped' }], MEMBER)
    expect(leasedQueueIds(p.db, q, 1000)).toEqual(open.filter((id) => id !== pulled[1] && id !== open[4]))
    expect(undo(p.db, MEMBER)?.imageIds).toEqual([open[4]])
    expect(leasedQueueIds(p.db, q, 1000)).toEqual(open.filter((id) => id !== pulled[1]))
    expect(leasedUndecided(p.db)).toBe(open.length - 1)
  })

  it("shows an image of the queue without another annotator's label", () => {
    const q: QueueQuery = { order: 'file', status: 'unreviewed' }
    const pulled = leasedQueueIds(p.db, q, 1000).find(
      (id) => reviewItem(p, q, id).current?.annotator === 'bob'
    )!
    expect(pulled).toBeDefined()
    const item = reviewItem(p, q, pulled)
    expect(memberView(p.db, item)).toEqual({ ...item, current: null })
    // the member's own label stays (an image they decided, reached from another status)
    const own = p.db
      .prepare("SELECT image_id FROM decisions WHERE annotator = ? AND kind = 'accepted' LIMIT 1")
      .pluck()
      .get(MEMBER) as number
    const mine = reviewItem(p, { order: 'file', status: 'all' }, own)
    expect(mine.current?.annotator).toBe(MEMBER)
    expect(memberView(p.db, mine)).toEqual(mine)
  })

  for (const order of REVIEW_ORDERS.filter((o) => o !== 'diverse')) {
    it(`walks only leased, unreviewed images in the ${order} order, both ways`, () => {
      const q: QueueQuery = { order, status: 'unreviewed', ...(order === 'by_label' ? { labelId: 2 } : {}) }
      const mine = memberUndecided()
      const expected = queueIds(p.db, { ...q, status: 'all' }, 100_000).filter((id) => mine.has(id))
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
    const decided = p.db
      .prepare(
        "SELECT count(DISTINCT l.image_id) FROM team_leases l JOIN decisions d ON d.image_id = l.image_id WHERE d.annotator = ? AND d.kind != 'revert' AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.revert_of = d.id)"
      )
      .pluck()
      .get(MEMBER) as number
    expect(decided).toBeGreaterThan(0)
    expect(leasedUndecided(p.db)).toBe(leased.size - decided)
    expect(leasedUndecided(p.db)).toBe(memberUndecided().size)
  })
})
