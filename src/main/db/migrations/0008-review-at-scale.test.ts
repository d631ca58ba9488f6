// Migration 8 on a real project file: a project made under the schema before it (migration 4's
// counters, with their reviewed 0/1 filters, kept by its triggers through decisions, a skip and an
// undo) keeps every image and decision row; its counters equal a recount in the new layout, the
// project's counts and the grid's per-label counts equal a scan of every image, the queues walk the
// same rows on the new indexes, and the new statements are searches of their indexes. Later writes
// keep the counters exact.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { REVIEW_STATUSES } from '../../../shared/contract'
import { appendDecisions, undo } from '../decisions'
import { LABEL_COUNTS_SQL, gridCounts } from '../grid'
import { migrate } from '../open'
import { COUNT_SQL, projectCounts } from '../project-counts'
import { queueIds, queueSql } from '../queues'
import { laterIds, laterSql } from '../skipped-tail'
import { counterMismatches, scannedCounts } from '../testing/recount'
import { MIGRATIONS } from '.'
import * as m0008 from './0008-review-at-scale'

let dir: string
let db: Database.Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-m0008-'))
  db = new Database(join(dir, 'p.zebra'))
  db.pragma('foreign_keys = ON')
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const at = MIGRATIONS.findIndex((m) => m.name === m0008.name)

const plan = (sql: string, ...args: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ')

/** The per-label counts by a GROUP BY over every image. */
function scannedLabelCounts(status: string): { labelId: number; count: number }[] {
  const filter =
    status === 'all'
      ? ''
      : status === 'unreviewed'
        ? 'AND rv = 0'
        : status === 'reviewed'
          ? 'AND rv = 1'
          : `AND kind = ${['', 'accepted', 'corrected', 'rejected', 'skipped', 'unsure'].indexOf(status)}`
  return db
    .prepare(
      `SELECT top1_label AS labelId, count(*) AS count FROM images
       WHERE state = 'ok' AND top1_label IS NOT NULL ${filter} GROUP BY top1_label ORDER BY top1_label`
    )
    .all() as { labelId: number; count: number }[]
}

const byLabel = (xs: { labelId: number; count: number }[]): { labelId: number; count: number }[] =>
  [...xs].sort((a, b) => a.labelId - b.labelId)

it('0008 keeps the rows, re-lays the counters, counts without scanning and reads the skipped tail in order', () => {
  expect(at).toBeGreaterThan(0)
  migrate(db, MIGRATIONS.slice(0, at))
  expect(db.pragma('user_version', { simple: true })).toBe(at)
  const now = '2026-01-01T00:00:00Z'
  db.prepare(`INSERT INTO roots (id, path) VALUES (1, '/imgs')`).run()
  for (let l = 1; l <= 6; l++)
    db.prepare(`INSERT INTO labels (id, name, color, created_at) VALUES (?, ?, '#123456', ?)`).run(
      l,
      `l${l}`,
      now
    )
  const img = db.prepare(
    `INSERT INTO images (id, root_id, rel_path, added_at, top1_label, top1_prob, margin) VALUES (?, 1, ?, ?, ?, ?, ?)`
  )
  const pred = db.prepare(
    `INSERT INTO predictions (image_id, model_id, label_version, template_set_id, topk, created_at) VALUES (?, 'm', 1, 1, ?, ?)`
  )
  db.transaction(() => {
    for (let i = 1; i <= 400; i++) {
      const label = 1 + (i % 6)
      const p = i % 40 === 0 ? null : ((i * 37) % 101) / 101
      img.run(
        i,
        `d${i % 7}/f${String(i).padStart(4, '0')}.jpg`,
        now,
        p === null ? null : label,
        p,
        p === null ? null : p / 3
      )
      if (p !== null)
        pred.run(
          i,
          JSON.stringify([
            [label, p],
            [1 + ((i + 1) % 6), (1 - p) / 2]
          ]),
          now
        )
    }
  })()
  // decisions of every kind through the schema's own triggers, then one undone
  const kinds = ['accepted', 'corrected', 'rejected', 'skipped', 'unsure'] as const
  const decided = Array.from({ length: 90 }, (_, k) => 3 + k * 4).filter((id) => id % 40 !== 0)
  appendDecisions(
    db,
    decided.map((imageId, k) => {
      const kind = kinds[k % 5]!
      return kind === 'accepted'
        ? { imageId, kind, rank: 1 }
        : kind === 'corrected'
          ? { imageId, kind, labelId: 2 }
          : { imageId, kind }
    }),
    'ann',
    'bulk'
  )
  appendDecisions(db, [{ imageId: 1, kind: 'skipped' }], 'ann', 'decide')
  appendDecisions(db, [{ imageId: 2, kind: 'accepted', rank: 1 }], 'ann', 'decide')
  expect(undo(db, 'ann')).not.toBeNull()
  db.prepare(`UPDATE images SET state = 'missing' WHERE id IN (7, 11)`).run() // 11 was decided
  db.prepare(`UPDATE images SET state = 'unreadable', reason = 'bad' WHERE id = 13`).run()
  expect(db.prepare('SELECT count(*) FROM qcount WHERE f IN (100, 101)').pluck().get()).toBeGreaterThan(0)
  const before = {
    images: db.prepare('SELECT * FROM images ORDER BY id').all(),
    decisions: db.prepare('SELECT * FROM decisions ORDER BY id').all(),
    batches: db.prepare('SELECT * FROM batches ORDER BY id').all()
  }
  const counts = scannedCounts(db)
  const labels = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, scannedLabelCounts(s)]))
  expect(plan(COUNT_SQL.notOk)).not.toMatch(/images_not_ok/)

  expect(migrate(db, MIGRATIONS.slice(0, at + 1))).toBe(at + 1)
  expect(db.pragma('user_version', { simple: true })).toBe(at + 1)
  expect(db.prepare('SELECT * FROM images ORDER BY id').all()).toEqual(before.images)
  expect(db.prepare('SELECT * FROM decisions ORDER BY id').all()).toEqual(before.decisions)
  expect(db.prepare('SELECT * FROM batches ORDER BY id').all()).toEqual(before.batches)
  expect(db.prepare('SELECT count(*) FROM qcount WHERE f IN (100, 101)').pluck().get()).toBe(0)
  expect(counterMismatches(db)).toEqual([])
  expect(projectCounts(db)).toEqual(counts)
  expect(counts.missing + counts.unreadable).toBe(3)
  for (const s of REVIEW_STATUSES) expect(byLabel(gridCounts(db, s)), s).toEqual(labels[s])
  // the skipped tail: every skipped 'ok' image, in skip order (decision id), for each queue filter
  const skipped = db
    .prepare("SELECT id FROM images WHERE state = 'ok' AND kind = 4 ORDER BY cur_decision, id")
    .pluck()
    .all() as number[]
  expect(skipped.length).toBeGreaterThan(10)
  expect(skipped[skipped.length - 1]).toBe(1) // the latest skip comes last
  expect(laterIds(db, { order: 'file', status: 'unreviewed' })).toEqual(skipped)
  const withProb = db
    .prepare(
      "SELECT id FROM images WHERE state = 'ok' AND kind = 4 AND top1_prob >= 0 ORDER BY cur_decision, id"
    )
    .pluck()
    .all()
  expect(laterIds(db, { order: 'lowest_confidence', status: 'unreviewed' })).toEqual(withProb)

  // new writes after the migration keep everything exact (the decision trigger and the full one)
  appendDecisions(db, [{ imageId: 5, kind: 'corrected', labelId: 4 }], 'ann', 'decide')
  appendDecisions(db, [{ imageId: 6, kind: 'skipped' }], 'ann', 'decide')
  expect(undo(db, 'ann')).not.toBeNull()
  db.prepare('UPDATE images SET top1_label = 3, top1_prob = 0.999, margin = 0.5 WHERE id = 9').run()
  db.prepare(`UPDATE images SET state = 'ok' WHERE id = 7`).run()
  db.prepare(
    `INSERT INTO images (id, root_id, rel_path, added_at, top1_label, top1_prob, margin) VALUES (401, 1, 'new.jpg', ?, 2, 0.5, 0.1)`
  ).run(now)
  expect(counterMismatches(db)).toEqual([])
  expect(projectCounts(db)).toEqual(scannedCounts(db))
  for (const s of REVIEW_STATUSES) expect(byLabel(gridCounts(db, s)), s).toEqual(scannedLabelCounts(s))

  db.exec('ANALYZE')
  expect(plan(COUNT_SQL.notOk)).toMatch(/USING COVERING INDEX images_not_ok/)
  expect(plan(COUNT_SQL.ok)).toMatch(/SEARCH qcount USING PRIMARY KEY \(q=\?\)/)
  expect(plan(COUNT_SQL.prelabeled)).toMatch(/SEARCH qcount USING PRIMARY KEY \(q=\? AND f=\?\)/)
  expect(plan(LABEL_COUNTS_SQL, 0)).toMatch(/SEARCH qcount USING PRIMARY KEY \(q=\? AND f=\?\)/)
  for (const q of [
    { order: 'file', status: 'unreviewed' },
    { order: 'lowest_confidence', status: 'unreviewed' },
    { order: 'by_label', status: 'unreviewed', labelId: 2 }
  ] as const) {
    const t = laterSql(q)
    const d = plan(t.sql, ...t.params)
    expect(d).toMatch(/USING (COVERING )?INDEX q_later/)
    expect(d).not.toMatch(/TEMP B-TREE/)
  }
  // unreviewed queues run on the kind indexes, reviewed ones on their own; the rv indexes are gone
  const indexes = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name LIKE 'q_r%'")
    .pluck()
    .all()
  expect([...indexes].sort()).toEqual(['q_rev_file', 'q_rev_label', 'q_rev_margin', 'q_rev_prob'])
  for (const [status, index] of [
    ['unreviewed', 'q_kind_prob'],
    ['reviewed', 'q_rev_prob']
  ] as const) {
    const s = queueSql({ order: 'lowest_confidence', status }, 'after', 1)
    expect(plan(s.sql, ...s.params, 0.5, 10)).toMatch(
      new RegExp(`SEARCH images USING (COVERING )?INDEX ${index} `)
    )
    expect(queueIds(db, { order: 'lowest_confidence', status }, 500)).toEqual(
      db
        .prepare(
          `SELECT id FROM images WHERE state = 'ok' AND rv = ? AND top1_prob >= 0 ORDER BY top1_prob, id LIMIT 500`
        )
        .pluck()
        .all(status === 'reviewed' ? 1 : 0)
    )
  }
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
})
