// Migration 11 on a real project file: a schema-10 project keeps its decisions (every one an
// annotator's: adjudicated 0), an adjudicated decision appended afterwards becomes the image's
// current one and stays so over a later annotator decision, and an image's adjudicated rows are
// found with the new partial index.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { appendDecisions } from '../decisions'
import { migrate } from '../open'
import { verifyCurrent } from '../verify'
import { MIGRATIONS } from '.'
import * as m0011 from './0011-adjudication'

let dir: string
let db: Database.Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-m0011-'))
  db = new Database(join(dir, 'p.zebra'))
  db.pragma('foreign_keys = ON')
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const at = MIGRATIONS.findIndex((m) => m.name === m0011.name)

it('0011 keeps schema-10 decisions as annotators’ and lets an adjudicated one outrank later ones', () => {
  migrate(db, MIGRATIONS.slice(0, at))
  expect(db.pragma('user_version', { simple: true })).toBe(10)
  const now = '2026-01-01T00:00:00Z'
  db.prepare(`INSERT INTO project (id, name, created_at, opened_at) VALUES (1, 'p', ?, ?)`).run(now, now)
  db.prepare(`INSERT INTO roots (id, path) VALUES (1, '/imgs')`).run()
  const label = db.prepare(`INSERT INTO labels (id, name, color, created_at) VALUES (?, ?, '#000', ?)`)
  label.run(1, 'cat', now)
  label.run(2, 'dog', now)
  db.prepare(`INSERT INTO images (id, root_id, rel_path, added_at) VALUES (1, 1, 'a.jpg', ?)`).run(now)
  db.prepare(`INSERT INTO batches (id, kind, annotator, at) VALUES (1, 'decide', 'alice', ?)`).run(now)
  db.prepare(
    `INSERT INTO decisions (id, batch_id, image_id, kind, label_id, annotator, at, uid)
     VALUES (1, 1, 1, 'corrected', 1, 'alice', ?, 'u-1')`
  ).run(now)
  db.prepare('UPDATE images SET cur_decision = 1, kind = 2, rv = 1 WHERE id = 1').run()
  const before = db.prepare('SELECT * FROM decisions ORDER BY id').all() as Record<string, unknown>[]

  expect(migrate(db, MIGRATIONS.slice(0, at + 1))).toBe(at + 1)
  expect(db.prepare('SELECT * FROM decisions ORDER BY id').all()).toEqual(
    before.map((r) => ({ ...r, adjudicated: 0 }))
  )
  expect(() =>
    db
      .prepare(
        `INSERT INTO decisions (batch_id, image_id, kind, annotator, at, adjudicated)
         VALUES (1, 1, 'skipped', 'alice', ?, 2)`
      )
      .run(now)
  ).toThrow(/CHECK/)

  migrate(db, MIGRATIONS)
  const [adj] = appendDecisions(db, [{ imageId: 1, kind: 'corrected', labelId: 2, adjudicated: true }], 'rev')
  appendDecisions(db, [{ imageId: 1, kind: 'corrected', labelId: 1 }], 'bob') // later, not adjudicated
  expect(db.prepare('SELECT cur_decision FROM images WHERE id = 1').pluck().get()).toBe(adj)
  expect(verifyCurrent(db).mismatches).toBe(0)
  const plan = (
    db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM decisions WHERE image_id = ? AND adjudicated = 1')
      .all(1) as { detail: string }[]
  )
    .map((r) => r.detail)
    .join(' | ')
  expect(plan).toMatch(/USING COVERING INDEX decisions_adjudicated \(image_id=\?\)/)
})
