// Migration 4 on a real project file: a schema-3 project keeps every image row and gains queue
// counters equal to a recount in this migration's own layout (orders file, prob, margin, label;
// filters all, 100 + rv, 200 + kind), its triggers keep them exact through inserts, decisions
// and deletes, and reading a counter range or a file bucket is a search of a key, not a scan.
// The recount is written out here, not taken from queue-counts.ts: a later layout must not change
// what this test expects of migration 4.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { migrate } from '../open'
import { MIGRATIONS } from '.'

let dir: string
let db: Database.Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-m0004-'))
  db = new Database(join(dir, 'p.zebra'))
  db.pragma('foreign_keys = ON')
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const plan = (sql: string, ...args: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ')

/** Migration 4's counters recounted by a GROUP BY over every image, minus qcount: none when exact. */
function mismatches(): unknown[] {
  const slice = (x: string): string => `min(4095, max(0, CAST(${x} * 4096 AS INTEGER)))`
  const file = `COALESCE((SELECT b FROM qbounds WHERE root_id = i.root_id AND rel_path <= i.rel_path
    ORDER BY rel_path DESC LIMIT 1), i.root_id * 4294967296)`
  const orders: [number, string, string][] = [
    [0, file, 'true'],
    [1, slice('i.top1_prob'), 'i.top1_prob >= 0'],
    [2, slice('i.margin'), 'i.margin >= 0'],
    [3, `i.top1_label * 4097 + COALESCE(${slice('i.top1_prob')} + 1, 0)`, 'i.top1_label >= 0']
  ]
  const want = orders
    .flatMap(([q, bucket, guard]) =>
      ['0', '100 + i.rv', '200 + i.kind'].map(
        (f) =>
          `SELECT ${q} AS q, ${f} AS f, ${bucket} AS b, count(*) AS n FROM images i
           WHERE i.state = 'ok' AND ${guard} GROUP BY 2, 3`
      )
    )
    .join(' UNION ALL ')
  return db
    .prepare(
      `SELECT q, f, b, sum(n) AS d FROM (SELECT q, f, b, n FROM qcount UNION ALL SELECT q, f, b, -n FROM (${want}))
       GROUP BY q, f, b HAVING d != 0`
    )
    .all()
}

it('0004 keeps schema-3 rows, fills the counters, keeps them exact and reads them by key', () => {
  migrate(db, MIGRATIONS.slice(0, 3))
  expect(db.pragma('user_version', { simple: true })).toBe(3)
  db.prepare(`INSERT INTO roots (id, path) VALUES (1, '/a'), (2, '/b')`).run()
  const ins = db.prepare(
    `INSERT INTO images (root_id, rel_path, added_at, top1_label, top1_prob, margin, rv, kind)
     VALUES (?, ?, 'now', ?, ?, ?, ?, ?)`
  )
  db.transaction(() => {
    for (let i = 0; i < 300; i++) {
      const decided = i % 3 === 0
      ins.run(
        1 + (i % 2),
        `d/${i}.jpg`,
        i % 5,
        (i % 97) / 97,
        (i % 13) / 26,
        decided ? 1 : 0,
        decided ? 1 + (i % 5) : 0
      )
    }
    ins.run(1, 'd/none.jpg', null, null, null, 0, 0)
    // the top of the probability range lands in the last slice, not one past it
    ins.run(2, 'd/sure.jpg', 4, 1, 1, 0, 0)
  })()
  db.prepare(`UPDATE images SET state = 'missing' WHERE rel_path = 'd/7.jpg'`).run()
  const before = db.prepare('SELECT * FROM images ORDER BY id').all()

  expect(migrate(db, MIGRATIONS.slice(0, 4))).toBe(4)
  expect(db.pragma('user_version', { simple: true })).toBe(4)
  expect(db.prepare('SELECT * FROM images ORDER BY id').all()).toEqual(before)
  expect(mismatches()).toEqual([])
  const fileCounts = db.prepare('SELECT b, n FROM qcount WHERE q = 0 AND f = 0 ORDER BY b').all()
  // 'ok' images per root: 150 + the unscored one on root 1, 150 - the missing one + d/sure.jpg on 2
  expect(fileCounts).toEqual([
    { b: 1 * 4294967296, n: 151 },
    { b: 2 * 4294967296, n: 150 }
  ])
  expect(db.prepare('SELECT max(b) FROM qcount WHERE q = 1').pluck().get()).toBe(4095)

  // the triggers: a decision, a correction back to undecided, a re-score, a new image, a deletion,
  // an image turning unreadable and one coming back
  db.prepare(`UPDATE images SET rv = 1, kind = 2 WHERE rel_path = 'd/1.jpg'`).run()
  db.prepare(`UPDATE images SET rv = 0, kind = 0 WHERE rel_path = 'd/3.jpg'`).run()
  db.prepare(
    `UPDATE images SET top1_label = 2, top1_prob = 0.5, margin = 0.1 WHERE rel_path = 'd/4.jpg'`
  ).run()
  ins.run(2, 'e/new.jpg', 1, 0.25, 0.2, 0, 0)
  db.prepare(`DELETE FROM images WHERE rel_path = 'd/10.jpg'`).run()
  db.prepare(`UPDATE images SET state = 'unreadable' WHERE rel_path = 'd/11.jpg'`).run()
  db.prepare(`UPDATE images SET state = 'ok' WHERE rel_path = 'd/7.jpg'`).run()
  expect(mismatches()).toEqual([])
  // a check that can fail: one counter off by one is one mismatch
  db.prepare('UPDATE qcount SET n = n + 1 WHERE q = 0 AND f = 0 AND b = ?').run(2 * 4294967296)
  expect(mismatches()).toHaveLength(1)

  db.exec('ANALYZE')
  expect(
    plan('SELECT coalesce(sum(n), 0) FROM qcount WHERE q = ? AND f = ? AND b BETWEEN ? AND ?', 1, 0, 10, 900)
  ).toMatch(/SEARCH qcount USING PRIMARY KEY \(q=\? AND f=\? AND b>\? AND b<\?\)/)
  expect(
    plan(
      'SELECT b, rel_path FROM qbounds WHERE root_id = ? AND rel_path <= ? ORDER BY rel_path DESC LIMIT 1',
      1,
      'd/5.jpg'
    )
  ).toMatch(
    /SEARCH qbounds USING (COVERING )?INDEX sqlite_autoindex_qbounds_1 \(root_id=\? AND rel_path<\?\)/
  )
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
})
