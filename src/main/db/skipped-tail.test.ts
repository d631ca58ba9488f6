import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { undo } from './decisions'
import { decide, nextItem, reviewItem } from './ops'
import type { Project } from './project'
import { queueIds, type QueueQuery } from './queues'
import { idsWithLater, laterIds } from './skipped-tail'
import { createSyntheticProject } from './testing/synthetic'

let dir: string
let p: Project
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-later-'))
  p = createSyntheticProject(join(dir, 'p.zebra'), dir, { images: 40, labels: 4, reviewed: 0, seed: 3 })
})
afterAll(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Walks the whole queue with nextItem, as the app and `zebra review next` do. */
function walk(q: QueueQuery): { id: number; position: number; total: number }[] {
  const out: { id: number; position: number; total: number }[] = []
  let item = nextItem(p, q)
  while (item && !out.some((x) => x.id === item!.image.id)) {
    out.push({ id: item.image.id, position: item.position, total: item.total })
    item = nextItem(p, q, item.image.id)
  }
  return out
}

describe('skip = later', () => {
  for (const order of ['file', 'lowest_confidence', 'highest_confidence', 'lowest_margin'] as const) {
    it(`${order}: skipped images come back after every unreviewed one, in skip order`, () => {
      const q: QueueQuery = { order, status: 'unreviewed' }
      const before = queueIds(p.db, q, 1000)
      const [a, b] = [before[5]!, before[2]!]
      decide(p, { imageId: a, kind: 'skipped' }, 'ann')
      decide(p, { imageId: b, kind: 'skipped' }, 'ann')
      // after a skip the walk goes on from the skipped image's place; inside the tail, skip order
      expect(nextItem(p, q, b)!.image.id).toBe(before[3])
      expect(nextItem(p, q, a)!.image.id).toBe(b)
      const rest = before.filter((x) => x !== a && x !== b)
      const w = walk(q)
      expect(w.map((x) => x.id)).toEqual([...rest, a, b])
      // counters: exact positions 1..n of a constant total
      expect(w.map((x) => x.position)).toEqual(w.map((_, i) => i + 1))
      expect(new Set(w.map((x) => x.total))).toEqual(new Set([before.length]))
      expect(idsWithLater(p.db, q, 1000)).toEqual([...rest, a, b])
      expect(idsWithLater(p.db, q, 3, rest.at(-1))).toEqual([a, b])
      expect(reviewItem(p, q, b)).toMatchObject({ position: before.length, total: before.length })
      // skipping the first one again sends it to the back
      decide(p, { imageId: a, kind: 'skipped' }, 'ann')
      expect(laterIds(p.db, q)).toEqual([b, a])
      expect(nextItem(p, q, a, 'prev')!.image.id).toBe(b)
      // a decision takes it out of the queue; undo (appended to the log) puts it back
      const logBefore = p.db.prepare('SELECT count(*) FROM decisions').pluck().get() as number
      decide(p, { imageId: b, kind: 'accepted', rank: 1 }, 'ann')
      expect(laterIds(p.db, q)).toEqual([a])
      undo(p.db, 'ann')
      expect(laterIds(p.db, q)).toEqual([b, a])
      expect(p.db.prepare('SELECT count(*) FROM decisions').pluck().get()).toBe(logBefore + 2)
      // clean up for the next order: undo the three skips
      for (let i = 0; i < 3; i++) undo(p.db, 'ann')
      expect(laterIds(p.db, q)).toEqual([])
      expect(walk(q).map((x) => x.id)).toEqual(before)
    })
  }

  it('other statuses keep a skipped image where it is', () => {
    const q: QueueQuery = { order: 'file', status: 'all' }
    const before = queueIds(p.db, q, 1000)
    decide(p, { imageId: before[1]!, kind: 'skipped' }, 'ann')
    expect(walk(q).map((x) => x.id)).toEqual(before)
    expect(walk({ order: 'file', status: 'skipped' }).map((x) => x.id)).toEqual([before[1]])
    undo(p.db, 'ann')
  })
})
