// Migration 3 on a real project file: a schema-2 project keeps its rows, gains saved_state, and
// reading a key is a lookup of its primary key (not a scan).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { migrate } from '../open'
import { readSaved, writeSaved } from '../saved-state'
import { MIGRATIONS } from '.'

let dir: string
let db: Database.Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-m0003-'))
  db = new Database(join(dir, 'p.zebra'))
  db.pragma('foreign_keys = ON')
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

it('0003 keeps schema-2 rows and adds saved state keyed by name', () => {
  migrate(db, MIGRATIONS.slice(0, 2))
  expect(db.pragma('user_version', { simple: true })).toBe(2)
  const now = '2026-01-01T00:00:00Z'
  db.prepare(
    `INSERT INTO project (id, name, created_at, opened_at, settings) VALUES (1, 'Cats', ?, ?, '{"topK":5}')`
  ).run(now, now)
  db.prepare(`INSERT INTO roots (id, path) VALUES (1, '/imgs')`).run()
  db.prepare(`INSERT INTO images (id, root_id, rel_path, added_at) VALUES (1, 1, 'a.jpg', ?)`).run(now)
  const before = {
    project: db.prepare('SELECT * FROM project').all(),
    images: db.prepare('SELECT * FROM images').all()
  }

  expect(migrate(db, MIGRATIONS.slice(0, 3))).toBe(3)
  expect(db.pragma('user_version', { simple: true })).toBe(3)
  expect(db.prepare('SELECT * FROM project').all()).toEqual(before.project)
  expect(db.prepare('SELECT * FROM images').all()).toEqual(before.images)

  expect(readSaved(db, 'export.options')).toBeNull()
  writeSaved(db, 'export.options', { format: 'csv' }, new Date(now))
  writeSaved(db, 'export.options', { format: 'imagefolder' }, new Date('2026-01-02T00:00:00Z'))
  expect(readSaved(db, 'export.options')).toEqual({
    value: { format: 'imagefolder' },
    savedAt: '2026-01-02T00:00:00.000Z'
  })
  db.prepare(`UPDATE saved_state SET value = '{not json' WHERE key = 'export.options'`).run()
  expect(readSaved(db, 'export.options')).toBeNull()

  const plan = (
    db.prepare(`EXPLAIN QUERY PLAN SELECT value FROM saved_state WHERE key = ?`).all('x') as {
      detail: string
    }[]
  )
    .map((r) => r.detail)
    .join(' | ')
  expect(plan).toMatch(/USING INDEX sqlite_autoindex_saved_state_1 \(key=\?\)/)
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
})
