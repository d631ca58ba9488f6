// Migration 12 on a real project file: a schema-11 project keeps its labels and template sets
// (no names in other languages, no language: filled with their own names as before), a label's
// names and a set's language are stored and read back, and a label's lookup by name keeps its
// index.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { labelById, labelByName, updateLabel } from '../labels'
import { migrate } from '../open'
import { updateTemplateSet } from '../template-sets'
import { MIGRATIONS } from '.'
import * as m0012 from './0012-label-languages'

let dir: string
let db: Database.Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-m0012-'))
  db = new Database(join(dir, 'p.zebra'))
  db.pragma('foreign_keys = ON')
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

const at = MIGRATIONS.findIndex((m) => m.name === m0012.name)

it('0012 keeps schema-11 labels and sets, and stores names per language and a set’s language', () => {
  migrate(db, MIGRATIONS.slice(0, at))
  expect(db.pragma('user_version', { simple: true })).toBe(11)
  const now = '2026-01-01T00:00:00Z'
  db.prepare(`INSERT INTO project (id, name, created_at, opened_at) VALUES (1, 'p', ?, ?)`).run(now, now)
  const label = db.prepare(
    `INSERT INTO labels (id, name, descriptions, color, created_at) VALUES (?, ?, ?, '#000', ?)`
  )
  label.run(1, 'zebra', JSON.stringify(['a striped black and white shape']), now)
  label.run(2, 'red', '[]', now)
  db.prepare(
    `INSERT INTO template_sets (id, name, templates, created_at) VALUES (1, 'plain', '["a photo of a {}."]', ?)`
  ).run(now)
  db.prepare('UPDATE project SET active_template_set_id = 1, label_version = 7 WHERE id = 1').run()
  const labelsBefore = db.prepare('SELECT * FROM labels ORDER BY id').all() as Record<string, unknown>[]
  const setsBefore = db.prepare('SELECT * FROM template_sets ORDER BY id').all() as Record<string, unknown>[]

  expect(migrate(db, MIGRATIONS.slice(0, at + 1))).toBe(at + 1)
  expect(db.prepare('SELECT * FROM labels ORDER BY id').all()).toEqual(
    labelsBefore.map((r) => ({ ...r, names: '{}' }))
  )
  expect(db.prepare('SELECT * FROM template_sets ORDER BY id').all()).toEqual(
    setsBefore.map((r) => ({ ...r, language: null }))
  )
  expect(labelById(db, 1).names).toEqual({})

  migrate(db, MIGRATIONS)
  const zh = { name: '斑马', descriptions: ['黑白条纹的形状'] }
  updateLabel(db, 1, { names: { zh } })
  expect(labelById(db, 1).names).toEqual({ zh })
  expect(labelByName(db, 'ZEBRA')?.names).toEqual({ zh })
  // a label's names change the prompts of the sets written in that language
  expect(db.prepare('SELECT label_version FROM project').pluck().get()).toBe(8)
  const r = updateTemplateSet(db, 1, { language: 'zh' })
  expect(r.set.language).toBe('zh')
  expect(r.promptsChanged).toBe(true)
  const plan = (
    db.prepare('EXPLAIN QUERY PLAN SELECT * FROM labels WHERE name = ? COLLATE NOCASE').all('zebra') as {
      detail: string
    }[]
  )
    .map((x) => x.detail)
    .join(' | ')
  expect(plan).toMatch(/USING INDEX/)
})
