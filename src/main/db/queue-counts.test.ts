// The queue counters stay equal to a recount through every kind of write, positions from them equal
// positions counted row by row, and each query they need is an index search (no scan).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REVIEW_ORDERS, REVIEW_STATUSES } from '../../shared/contract'
import { appendDecisions, redo, undo } from './decisions'
import { markUnreadable } from './images'
import { acceptRule } from './ops'
import { migrate } from './open'
import { predictionWriter } from './predictions'
import type { Project } from './project'
import { F, FILE_BUCKET, Q, SPLIT_SUM_SQL, rebucketFiles } from './queue-counts'
import { bucketAheadSql, queuePosition, queuePositionByCount, queueTotal, type QueueQuery } from './queues'
import { MIGRATIONS } from './schema'
import { counterMismatches } from './testing/recount'
import { SYNTHETIC_MODEL_ID, createSyntheticProject } from './testing/synthetic'

let dir: string
let p: Project
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-qcount-'))
  // more than FILE_BUCKET images so the file order has several buckets after a re-cut
  p = createSyntheticProject(join(dir, 'p.zebra'), dir, { images: 5000, labels: 12, reviewed: 0.3, seed: 3 })
  p.db.exec('ANALYZE')
})
afterAll(() => {
  p.close()
  rmSync(dir, { recursive: true, force: true })
})

const mismatches = counterMismatches

const queries = (): QueueQuery[] =>
  REVIEW_ORDERS.flatMap((order) =>
    REVIEW_STATUSES.map((status): QueueQuery => ({
      order,
      status,
      labelId: order === 'by_label' ? 5 : undefined // labels are 1..12
    }))
  ).concat([{ order: 'by_label', status: 'unreviewed' }])

function expectPositionsExact(sample: number[]): void {
  for (const q of queries()) {
    for (const id of sample) {
      expect({ q, id, ...queuePosition(p.db, q, id) }).toEqual({
        q,
        id,
        ...queuePositionByCount(p.db, q, id)
      })
    }
    expect(queueTotal(p.db, q)).toBe(queuePositionByCount(p.db, q, sample[0]!).total)
  }
}

const ids = (): number[] => p.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
const sampleOf = (all: number[]): number[] => all.filter((_, i) => i % 397 === 5)

describe('queue counters', () => {
  it('equal a recount after the build, and after re-cutting the file buckets', () => {
    expect(mismatches(p.db)).toEqual([])
    expectPositionsExact(sampleOf(ids()))
    rebucketFiles(p.db, p.roots()[0]!.id)
    expect(p.db.prepare('SELECT count(*) FROM qbounds').pluck().get()).toBe(Math.ceil(5000 / FILE_BUCKET) - 1)
    expect(mismatches(p.db)).toEqual([])
    expectPositionsExact(sampleOf(ids()))
  })

  it('stay exact through decide, skip, correct, bulk accept, undo, redo, predictions and unreadable files', () => {
    const all = ids()
    const unrev = p.db
      .prepare('SELECT id FROM images WHERE rv = 0 ORDER BY id LIMIT 40')
      .pluck()
      .all() as number[]
    const label = p.labels()[2]!.id
    appendDecisions(p.db, [{ imageId: unrev[0]!, kind: 'accepted', rank: 1 }], 'ann', 'decide')
    appendDecisions(p.db, [{ imageId: unrev[1]!, kind: 'skipped' }], 'ann', 'decide')
    appendDecisions(p.db, [{ imageId: unrev[2]!, kind: 'corrected', labelId: label }], 'ann', 'decide')
    appendDecisions(p.db, [{ imageId: unrev[3]!, kind: 'unsure' }], 'ann', 'decide')
    expect(mismatches(p.db)).toEqual([])
    const bulk = acceptRule(p, 0.5, 'ann')
    expect(bulk).toBeGreaterThan(0)
    expect(mismatches(p.db)).toEqual([])
    expect(undo(p.db, 'ann')).not.toBeNull()
    expect(mismatches(p.db)).toEqual([])
    expect(undo(p.db, 'ann')).not.toBeNull()
    expect(redo(p.db, 'ann')).not.toBeNull()
    expect(mismatches(p.db)).toEqual([])
    expectPositionsExact([...sampleOf(all), ...unrev.slice(0, 4)])
    // a new model run rewrites predictions; a file goes unreadable; a prediction is cleared
    const key = {
      modelId: SYNTHETIC_MODEL_ID,
      labelVersion: p.labelVersion,
      templateSetId: p.activeTemplateSetId()!
    }
    p.db.transaction(() => {
      const w = predictionWriter(p.db, key)
      for (const id of unrev.slice(10, 30))
        w.prediction(id, [
          [label, 0.999],
          [p.labels()[0]!.id, 0.001]
        ])
    })()
    markUnreadable(p.db, unrev[31]!, 'test')
    p.db
      .prepare('UPDATE images SET top1_label = NULL, top1_prob = NULL, margin = NULL WHERE id = ?')
      .run(unrev[32])
    expect(mismatches(p.db)).toEqual([])
    expectPositionsExact([...sampleOf(all), unrev[12]!, unrev[32]!])
  })

  it('are filled by the migration for a project made before them', () => {
    const db = new Database(join(dir, 'old.zebra'))
    migrate(db, MIGRATIONS.slice(0, 3)) // schema 3: the last one without counters
    db.exec("INSERT INTO roots (id, path) VALUES (1, '/r')")
    const ins = db.prepare(
      "INSERT INTO images (root_id, rel_path, added_at, top1_label, top1_prob, margin, rv, kind) VALUES (1, ?, 'now', ?, ?, ?, ?, ?)"
    )
    for (let i = 0; i < 300; i++)
      ins.run(
        `d/${i}.jpg`,
        i % 5,
        (i % 97) / 97,
        (i % 13) / 26,
        i % 3 === 0 ? 1 : 0,
        i % 3 === 0 ? 1 + (i % 5) : 0
      )
    ins.run('d/none.jpg', null, null, null, 0, 0)
    db.prepare("UPDATE images SET state = 'missing' WHERE rel_path = 'd/7.jpg'").run()
    expect(migrate(db)).toBe(MIGRATIONS.length)
    expect(mismatches(db)).toEqual([])
    expect(db.prepare('SELECT n FROM qcount WHERE q = ? AND f = ?').pluck().all(Q.file, F.all)).toEqual([300])
    // the checker itself sees a counter that is off by one
    db.prepare('UPDATE qcount SET n = n + 1 WHERE q = ? AND f = ?').run(Q.file, F.all)
    expect(mismatches(db)).toHaveLength(1)
    db.close()
  })
})

describe('query plans of positions and totals', () => {
  const plan = (sql: string, n: number): string =>
    (
      p.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from({ length: n }, () => 0)) as {
        detail: string
      }[]
    )
      .map((r) => r.detail)
      .join(' | ')

  it('the bucket sum is a primary-key search of qcount', () => {
    const d = plan('SELECT coalesce(sum(n), 0) FROM qcount WHERE q = ? AND f = ? AND b BETWEEN ? AND ?', 4)
    expect(d).toMatch(/SEARCH qcount USING PRIMARY KEY \(q=\? AND f=\? AND b>\? AND b<\?\)/)
  })

  it('the split sum (a queue total and the buckets ahead, one pass) is a primary-key search', () => {
    const d = plan(SPLIT_SUM_SQL, 6)
    expect(d).toMatch(/SEARCH qcount USING PRIMARY KEY \(q=\? AND f=\? AND b>\? AND b<\?\)/)
    expect(d).not.toMatch(/SCAN|TEMP B-TREE/)
  })

  it('the file bucket lookup is an index search of qbounds', () => {
    const d = plan(
      'SELECT b, rel_path FROM qbounds WHERE root_id = ? AND rel_path <= ? ORDER BY rel_path DESC LIMIT 1',
      2
    )
    expect(d).toMatch(/SEARCH qbounds USING (COVERING )?INDEX/)
    expect(d).not.toMatch(/TEMP B-TREE|SCAN/)
  })

  for (const q of queries()) {
    it(`rows ahead inside a bucket: ${q.order} / ${q.status}${q.labelId ? ' / label' : ''}`, () => {
      const s = bucketAheadSql(q)
      const n = (s.sql.match(/\?/g) ?? []).length
      const d = plan(s.sql, n)
      expect(d).toMatch(/SEARCH images USING (COVERING )?INDEX q_/)
      expect(d).not.toMatch(/SCAN images|TEMP B-TREE/)
    })
  }
})
