// Migration 10 on a real project file: a schema-9 project keeps its decisions (without a uid: the
// log is append-only), new decisions each get their own uid, and a decision is found by uid with
// the new index.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { appendDecisions, undo } from '../decisions'
import { migrate } from '../open'
import { MIGRATIONS } from '.'
import * as m0010 from './0010-decision-uids'

let dir: string
let db: Database.Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-m0010-'))
  db = new Database(join(dir, 'p.zebra'))
  db.pragma('foreign_keys = ON')
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const at = MIGRATIONS.findIndex((m) => m.name === m0010.name)

it('0010 keeps schema-9 decisions and gives every new decision its own uid', () => {
  migrate(db, MIGRATIONS.slice(0, at))
  expect(db.pragma('user_version', { simple: true })).toBe(9)
  const now = '2026-01-01T00:00:00Z'
  db.prepare(`INSERT INTO project (id, name, created_at, opened_at) VALUES (1, 'p', ?, ?)`).run(now, now)
  db.prepare(`INSERT INTO roots (id, path) VALUES (1, '/imgs')`).run()
  db.prepare(`INSERT INTO labels (id, name, color, created_at) VALUES (1, 'cat', '#000', ?)`).run(now)
  const img = db.prepare(`INSERT INTO images (id, root_id, rel_path, added_at) VALUES (?, 1, ?, ?)`)
  img.run(1, 'a.jpg', now)
  img.run(2, 'b.jpg', now)
  db.prepare(`INSERT INTO batches (id, kind, annotator, at) VALUES (1, 'decide', 'ann', ?)`).run(now)
  db.prepare(
    `INSERT INTO decisions (id, batch_id, image_id, kind, label_id, annotator, at) VALUES (1, 1, 1, 'corrected', 1, 'ann', ?)`
  ).run(now)
  const before = db.prepare('SELECT * FROM decisions ORDER BY id').all()

  expect(migrate(db, MIGRATIONS.slice(0, at + 1))).toBe(at + 1)
  expect(db.prepare('SELECT * FROM decisions ORDER BY id').all()).toEqual(
    (before as Record<string, unknown>[]).map((r) => ({ ...r, uid: null }))
  )
  migrate(db, MIGRATIONS)
  appendDecisions(
    db,
    [
      { imageId: 1, kind: 'corrected', labelId: 1 },
      { imageId: 2, kind: 'skipped' }
    ],
    'ann'
  )
  undo(db, 'ann')
  const uids = db.prepare('SELECT uid FROM decisions WHERE id > 1 ORDER BY id').pluck().all() as string[]
  expect(uids).toHaveLength(4)
  expect(new Set(uids).size).toBe(4)
  for (const u of uids) expect(u).toMatch(/^[0-9a-f-]{36}$/)
  const plan = (
    db.prepare('EXPLAIN QUERY PLAN SELECT id FROM decisions WHERE uid = ?').all(uids[0]) as {
      detail: string
    }[]
  )
    .map((r) => r.detail)
    .join(' | ')
  expect(plan).toMatch(/USING COVERING INDEX decisions_uid \(uid=\?\)/)
})
