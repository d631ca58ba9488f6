// Migration 6 on a real project file: a project of the schema before it keeps every row, every
// folder is in use, listing unreadable files reads the new partial index, and removing a folder
// works on the migrated file (decided images stay for the log, the rest go).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { migrate } from '../open'
import { activeRoots, deleteRoot, unreadableImages } from '../roots'
import { MIGRATIONS } from '.'
import { name } from './0006-folder-removal'

let dir: string
let db: Database.Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-m0006-'))
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

// whatever comes before it once merged (migration 5 is another change of the same time)
const mine = MIGRATIONS.findIndex((m) => m.name === name)

it('0006 keeps older rows, leaves every folder in use and indexes the unreadable files', () => {
  expect(mine).toBeGreaterThanOrEqual(4)
  migrate(db, MIGRATIONS.slice(0, mine))
  expect(db.pragma('user_version', { simple: true })).toBe(mine)
  const now = '2026-01-01T00:00:00Z'
  db.prepare(
    `INSERT INTO project (id, name, created_at, opened_at, settings) VALUES (1, 'Birds', ?, ?, '{}')`
  ).run(now, now)
  db.prepare(`INSERT INTO roots (id, path) VALUES (1, '/imgs/a'), (2, '/imgs/b')`).run()
  const img = db.prepare(
    `INSERT INTO images (id, root_id, rel_path, state, reason, added_at) VALUES (?, ?, ?, ?, ?, ?)`
  )
  db.transaction(() => {
    for (let i = 1; i <= 60; i++) {
      const state = i % 10 === 0 ? 'unreadable' : i % 7 === 0 ? 'missing' : 'ok'
      img.run(
        i,
        i <= 30 ? 1 : 2,
        `f${String(i).padStart(2, '0')}.jpg`,
        state,
        state === 'ok' ? null : state,
        now
      )
    }
    db.prepare(`INSERT INTO batches (id, kind, annotator, at) VALUES (1, 'decide', 'ann', ?)`).run(now)
    const d = db.prepare(
      `INSERT INTO decisions (batch_id, image_id, kind, annotator, at) VALUES (1, ?, 'skipped', 'ann', ?)`
    )
    for (const i of [31, 32, 40]) d.run(i, now)
  })()
  const before = {
    roots: db.prepare('SELECT id, path FROM roots ORDER BY id').all(),
    images: db.prepare('SELECT * FROM images ORDER BY id').all(),
    decisions: db.prepare('SELECT * FROM decisions ORDER BY id').all()
  }

  expect(migrate(db, MIGRATIONS.slice(0, mine + 1))).toBe(mine + 1)
  expect(db.prepare('SELECT id, path FROM roots ORDER BY id').all()).toEqual(before.roots)
  expect(db.prepare('SELECT count(*) FROM roots WHERE removed_at IS NULL').pluck().get()).toBe(2)
  expect(db.prepare('SELECT * FROM images ORDER BY id').all()).toEqual(before.images)
  expect(db.prepare('SELECT * FROM decisions ORDER BY id').all()).toEqual(before.decisions)

  // the unreadable list: a range of the partial index in its own order (no sort, no full scan)
  const list = unreadableImages(db, 4)
  expect(list.total).toBe(6)
  expect(list.files.map((f) => f.relPath)).toEqual(['f10.jpg', 'f20.jpg', 'f30.jpg', 'f40.jpg'])
  expect(
    plan(
      `SELECT i.id FROM images i WHERE i.state = 'unreadable' AND i.root_id = ? ORDER BY i.rel_path LIMIT 10`,
      1
    )
  ).toMatch(/USING (COVERING )?INDEX images_unreadable \(root_id=\?\)/)
  expect(plan(`SELECT count(*) FROM images WHERE state = 'unreadable'`)).toMatch(/images_unreadable/)

  // removing folder 2 on the migrated file: 30 images leave; the 3 the log refers to stay, missing
  const r = deleteRoot(db, 2, now)
  expect(r).toEqual({ path: '/imgs/b', images: 30, deleted: 27, kept: 3 })
  expect(activeRoots(db)).toEqual([{ id: 1, path: '/imgs/a' }])
  expect(db.prepare('SELECT id, state FROM images WHERE root_id = 2 ORDER BY id').all()).toEqual(
    [31, 32, 40].map((id) => ({ id, state: 'missing' }))
  )
  expect(db.prepare('SELECT * FROM decisions ORDER BY id').all()).toEqual(before.decisions)
  expect(unreadableImages(db, 10).total).toBe(3)
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  expect(db.pragma('foreign_key_check')).toEqual([])
})
