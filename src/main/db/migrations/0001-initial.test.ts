// Migration 1 on a real project file: from an empty database (version 0) to the initial schema;
// rows written in it keep their shape, the decision log refuses edits, and the review queues are
// single-index scans of the partial indexes this migration creates.
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
  dir = mkdtempSync(join(tmpdir(), 'zebra-m0001-'))
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

it('0001 creates the schema; its rows, triggers and queue indexes work', () => {
  expect(db.pragma('user_version', { simple: true })).toBe(0)
  expect(migrate(db, MIGRATIONS.slice(0, 1))).toBe(1)
  expect(db.pragma('user_version', { simple: true })).toBe(1)

  const now = '2026-01-01T00:00:00Z'
  db.prepare(`INSERT INTO project (id, name, created_at, opened_at) VALUES (1, 'p', ?, ?)`).run(now, now)
  db.prepare(`INSERT INTO roots (id, path) VALUES (1, '/imgs')`).run()
  db.prepare(`INSERT INTO labels (id, name, color, created_at) VALUES (1, 'Cat', '#ff0000', ?)`).run(now)
  const img = db.prepare(
    `INSERT INTO images (root_id, rel_path, added_at, top1_label, top1_prob, margin, rv, kind) VALUES (1, ?, ?, 1, ?, ?, ?, ?)`
  )
  for (let i = 0; i < 50; i++)
    img.run(`f${String(i).padStart(3, '0')}.jpg`, now, i / 50, i / 100, i % 2, i % 2)
  db.prepare(`INSERT INTO batches (id, kind, annotator, at) VALUES (1, 'decide', 'ann', ?)`).run(now)
  db.prepare(
    `INSERT INTO decisions (batch_id, image_id, kind, label_id, rank, annotator, at) VALUES (1, 1, 'accepted', 1, 1, 'ann', ?)`
  ).run(now)

  expect(db.prepare(`SELECT name FROM labels WHERE name = 'cat'`).pluck().get()).toBe('Cat') // NOCASE
  expect(db.prepare(`SELECT count(*) FROM images WHERE state = 'ok'`).pluck().get()).toBe(50)
  expect(() => db.prepare(`UPDATE decisions SET kind = 'rejected'`).run()).toThrow(/append-only/)
  expect(() => db.prepare(`DELETE FROM decisions`).run()).toThrow(/append-only/)
  expect(() =>
    db.prepare(`INSERT INTO images (root_id, rel_path, added_at) VALUES (99, 'x.jpg', ?)`).run(now)
  ).toThrow(/FOREIGN KEY/)

  db.exec('ANALYZE')
  expect(
    plan(`SELECT id FROM images WHERE state = 'ok' AND rv = 0 ORDER BY root_id, rel_path LIMIT 20`)
  ).toMatch(/USING (COVERING )?INDEX q_rv_file/)
  expect(
    plan(`SELECT id FROM images WHERE state = 'ok' AND kind = ? ORDER BY top1_prob, id LIMIT 20`, 1)
  ).toMatch(/USING (COVERING )?INDEX q_kind_prob/)
  expect(plan(`SELECT id FROM images WHERE state = 'ok' ORDER BY margin, id LIMIT 20`)).toMatch(
    /USING (COVERING )?INDEX q_all_margin/
  )
  expect(plan(`SELECT id FROM decisions WHERE image_id = ? ORDER BY id DESC LIMIT 1`, 1)).toMatch(
    /USING (COVERING )?INDEX decisions_image/
  )
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
})
