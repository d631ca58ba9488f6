// Migration 5 on a real project file: a schema-4 project keeps its labels and decisions, every
// label starts unmerged, and what merging reads is served by indexes (the merged labels by their
// partial index, the decided-images count by the queue's kind index), not table scans.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { DECIDED_BY_LABEL_SQL, labelCounts } from '../label-counts'
import { mergeLabel, mergeTargets } from '../labels'
import { migrate } from '../open'
import { MIGRATIONS } from '.'

let dir: string
let db: Database.Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-m0005-'))
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

it('0005 keeps schema-4 labels and decisions, adds unmerged merge columns and their index', () => {
  migrate(db, MIGRATIONS.slice(0, 4))
  expect(db.pragma('user_version', { simple: true })).toBe(4)
  const now = '2026-01-01T00:00:00Z'
  db.prepare(
    `INSERT INTO project (id, name, created_at, opened_at, label_version) VALUES (1, 'Zoo', ?, ?, 3)`
  ).run(now, now)
  db.prepare(`INSERT INTO roots (id, path) VALUES (1, '/imgs')`).run()
  const lab = db.prepare(
    `INSERT INTO labels (id, name, descriptions, color, archived, created_at) VALUES (?, ?, ?, ?, ?, ?)`
  )
  lab.run(1, 'zebra', '["striped"]', '#000000', 0, now)
  lab.run(2, 'horse', '[]', '#111111', 0, now)
  lab.run(3, 'pony', '[]', '#222222', 1, now)
  db.prepare(`INSERT INTO batches (id, kind, annotator, at) VALUES (1, 'decide', 'ann', ?)`).run(now)
  const img = db.prepare(`INSERT INTO images (id, root_id, rel_path, added_at) VALUES (?, 1, ?, ?)`)
  const dec = db.prepare(
    `INSERT INTO decisions (id, batch_id, image_id, kind, label_id, annotator, at) VALUES (?, 1, ?, 'corrected', ?, 'ann', ?)`
  )
  const cur = db.prepare(`UPDATE images SET cur_decision = ?, kind = 2, rv = 1 WHERE id = ?`)
  db.transaction(() => {
    for (let i = 1; i <= 30; i++) {
      img.run(i, `f${String(i).padStart(2, '0')}.jpg`, now)
      dec.run(i, i, (i % 3) + 1, now)
      cur.run(i, i)
    }
  })()
  const before = {
    labels: db.prepare('SELECT * FROM labels ORDER BY id').all(),
    decisions: db.prepare('SELECT * FROM decisions ORDER BY id').all(),
    images: db.prepare('SELECT * FROM images ORDER BY id').all()
  }

  expect(migrate(db, MIGRATIONS.slice(0, 5))).toBe(5)
  expect(db.pragma('user_version', { simple: true })).toBe(5)
  expect(db.prepare('SELECT * FROM labels ORDER BY id').all()).toEqual(
    (before.labels as object[]).map((l) => ({ ...l, merged_into: null, merged_at: null }))
  )
  expect(db.prepare('SELECT * FROM decisions ORDER BY id').all()).toEqual(before.decisions)
  expect(db.prepare('SELECT * FROM images ORDER BY id').all()).toEqual(before.images)
  expect(mergeTargets(db).size).toBe(0)
  expect(labelCounts(db)).toEqual([
    { labelId: 1, decided: 10, recorded: 10 },
    { labelId: 2, decided: 10, recorded: 10 },
    { labelId: 3, decided: 10, recorded: 10 }
  ])

  // a merge after the migration: the log stays, the counts fold
  mergeLabel(db, 2, 1)
  expect(db.prepare('SELECT * FROM decisions ORDER BY id').all()).toEqual(before.decisions)
  expect(db.prepare('SELECT label_version FROM project').pluck().get()).toBe(4)
  expect([...mergeTargets(db)]).toEqual([[2, 1]])
  expect(labelCounts(db)).toEqual([
    { labelId: 1, decided: 20, recorded: 10 },
    { labelId: 2, decided: 0, recorded: 10 },
    { labelId: 3, decided: 10, recorded: 10 }
  ])
  // a merged label cannot be removed while the log points at it
  expect(() => db.prepare('DELETE FROM labels WHERE id = 1').run()).toThrow(/FOREIGN KEY/)

  expect(plan('SELECT id, merged_into FROM labels WHERE merged_into IS NOT NULL')).toMatch(
    /USING (COVERING )?INDEX labels_merged_into/
  )
  expect(plan('SELECT id FROM labels WHERE merged_into = ?', 1)).toMatch(
    /USING COVERING INDEX labels_merged_into \(merged_into=\?\)/
  )
  expect(plan(DECIDED_BY_LABEL_SQL)).toMatch(/SEARCH i USING INDEX q_kind_file \(kind=\?\)/)
  expect(plan(DECIDED_BY_LABEL_SQL)).toMatch(/SEARCH d USING INTEGER PRIMARY KEY/)
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
  expect(db.pragma('foreign_key_check')).toEqual([])
})
