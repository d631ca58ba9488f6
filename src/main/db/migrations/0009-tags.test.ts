// Migration 9 on a real project file: a schema-8 project (labels, images, decisions, a prediction)
// keeps every row, reads as a single-label project, gains empty negatives on its labels, and can
// then become a tags project whose per-tag states, tag pass pages and bulk selections are range
// searches of their indexes.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { listLabels } from '../labels'
import { migrate } from '../open'
import { projectKind, setProjectKind, tagStatesOf } from '../tag-state'
import { MIGRATIONS } from '.'
import * as m0009 from './0009-tags'

let dir: string
let db: Database.Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-m0009-'))
  db = new Database(join(dir, 'p.zebra'))
  db.pragma('foreign_keys = ON')
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const at = MIGRATIONS.findIndex((m) => m.name === m0009.name)

const plan = (sql: string, ...args: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ')

it('0009 keeps schema-8 rows, reads them as single-label, and indexes tag states and scores', () => {
  migrate(db, MIGRATIONS.slice(0, at))
  expect(db.pragma('user_version', { simple: true })).toBe(8)
  const now = '2026-01-01T00:00:00Z'
  db.prepare(`INSERT INTO project (id, name, created_at, opened_at) VALUES (1, 'p', ?, ?)`).run(now, now)
  db.prepare(`INSERT INTO roots (id, path) VALUES (1, '/imgs')`).run()
  const lab = db.prepare(`INSERT INTO labels (id, name, color, created_at) VALUES (?, ?, '#000', ?)`)
  lab.run(1, 'cat', now)
  lab.run(2, 'dog', now)
  const img = db.prepare(`INSERT INTO images (id, root_id, rel_path, added_at) VALUES (?, 1, ?, ?)`)
  img.run(1, 'a.jpg', now)
  img.run(2, 'b.jpg', now)
  db.prepare(`INSERT INTO batches (id, kind, annotator, at) VALUES (1, 'decide', 'ann', ?)`).run(now)
  db.prepare(
    `INSERT INTO decisions (id, batch_id, image_id, kind, label_id, annotator, at) VALUES (1, 1, 1, 'accepted', 2, 'ann', ?)`
  ).run(now)
  db.prepare('UPDATE images SET cur_decision = 1, kind = 1, rv = 1 WHERE id = 1').run()
  const before = {
    images: db.prepare('SELECT * FROM images ORDER BY id').all(),
    decisions: db.prepare('SELECT * FROM decisions ORDER BY id').all(),
    labels: db.prepare('SELECT id, name FROM labels ORDER BY id').all()
  }

  expect(migrate(db, MIGRATIONS.slice(0, at + 1))).toBe(at + 1)
  expect(db.prepare('SELECT * FROM images ORDER BY id').all()).toEqual(before.images)
  expect(db.prepare('SELECT * FROM decisions ORDER BY id').all()).toEqual(before.decisions)
  expect(db.prepare('SELECT id, name FROM labels ORDER BY id').all()).toEqual(before.labels)
  expect(projectKind(db)).toBe('single')
  expect(listLabels(db).map((l) => l.negatives)).toEqual([[], []])

  // a single-label project becomes a tags project: its accepted label is that tag, present
  setProjectKind(db, 'tags')
  expect([...tagStatesOf(db, 1)]).toEqual([[2, 'present']])
  expect(db.prepare('SELECT kind FROM images WHERE id = 1').pluck().get()).toBe(0) // cat undecided

  expect(plan('SELECT label_id, state FROM image_tags WHERE image_id = ?', 1)).toMatch(
    /SEARCH image_tags USING PRIMARY KEY \(image_id=\?\)/
  )
  expect(plan('SELECT image_id FROM image_tags WHERE label_id = ? AND state = ?', 1, 1)).toMatch(
    /USING COVERING INDEX image_tags_label \(label_id=\? AND state=\?\)/
  )
  const page = plan(
    `SELECT image_id, s FROM tag_scores WHERE label_id = ? AND (s, image_id) < (?, ?)
       ORDER BY s DESC, image_id DESC LIMIT 100`,
    1,
    1,
    1
  )
  expect(page).toMatch(/SEARCH tag_scores USING PRIMARY KEY \(label_id=\? AND \(s,image_id\)<\(\?,\?\)\)/)
  expect(page).not.toMatch(/TEMP B-TREE/)
})
