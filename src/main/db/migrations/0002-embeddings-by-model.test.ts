// Migration 2 on a real project file: embeddings seeded under schema 1 survive untouched, and
// counting / finding the newest embedding of a model becomes a scan of the narrow new index
// instead of the vector table.
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
  dir = mkdtempSync(join(tmpdir(), 'zebra-m0002-'))
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
const PER_MODEL = `SELECT count(*) AS n, max(image_id) AS last FROM image_embeddings WHERE model_id = ?`

it('0002 keeps schema-1 embeddings and indexes them per model', () => {
  migrate(db, MIGRATIONS.slice(0, 1))
  expect(db.pragma('user_version', { simple: true })).toBe(1)
  const now = '2026-01-01T00:00:00Z'
  db.prepare(`INSERT INTO roots (id, path) VALUES (1, '/imgs')`).run()
  const img = db.prepare(`INSERT INTO images (id, root_id, rel_path, added_at) VALUES (?, 1, ?, ?)`)
  const emb = db.prepare(`INSERT INTO image_embeddings (image_id, model_id, vec) VALUES (?, ?, ?)`)
  db.transaction(() => {
    for (let i = 1; i <= 40; i++) {
      img.run(i, `f${i}.jpg`, now)
      emb.run(i, 'clip-a', Buffer.from(new Float32Array([i, -i, 0.5, 1]).buffer))
      if (i % 4 === 0) emb.run(i, 'clip-b', Buffer.from(new Float32Array([i]).buffer))
    }
  })()
  const before = db
    .prepare(`SELECT image_id, model_id, vec FROM image_embeddings ORDER BY image_id, model_id`)
    .all()
  expect(plan(PER_MODEL, 'clip-a')).not.toMatch(/image_embeddings_model/)

  expect(migrate(db, MIGRATIONS.slice(0, 2))).toBe(2)
  expect(db.pragma('user_version', { simple: true })).toBe(2)
  expect(
    db.prepare(`SELECT image_id, model_id, vec FROM image_embeddings ORDER BY image_id, model_id`).all()
  ).toEqual(before)
  expect(db.prepare(PER_MODEL).get('clip-a')).toEqual({ n: 40, last: 40 })
  expect(db.prepare(PER_MODEL).get('clip-b')).toEqual({ n: 10, last: 40 })
  expect(plan(PER_MODEL, 'clip-a')).toMatch(/USING COVERING INDEX image_embeddings_model \(model_id=\?\)/)
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
})
