// Migration 7 on a real project file: a schema-6 project keeps its models and embeddings, gains
// model_runs, and a model's speed on one host is read through the new index.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { modelSpeeds, otherSpeedHosts, recordModelRun } from '../model-runs'
import { migrate } from '../open'
import { MIGRATIONS } from '.'

let dir: string
let db: Database.Database
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-m0007-'))
  db = new Database(join(dir, 'p.zebra'))
  db.pragma('foreign_keys = ON')
})
afterEach(() => {
  db.close()
  rmSync(dir, { recursive: true, force: true })
})

it('0007 keeps schema-6 rows and records model runs per model and host', () => {
  migrate(db, MIGRATIONS.slice(0, 6))
  expect(db.pragma('user_version', { simple: true })).toBe(6)
  const now = '2026-01-01T00:00:00Z'
  db.prepare(`INSERT INTO roots (id, path) VALUES (1, '/imgs')`).run()
  db.prepare(`INSERT INTO images (id, root_id, rel_path, added_at) VALUES (1, 1, 'a.jpg', ?)`).run(now)
  db.prepare(
    `INSERT INTO models (model_id, name, dir, variant, embed_dim, first_used) VALUES ('m1', 'demo', '/d', 'fp32', 4, ?)`
  ).run(now)
  db.prepare(`INSERT INTO image_embeddings (image_id, model_id, vec) VALUES (1, 'm1', ?)`).run(
    Buffer.from(new Float32Array([1, 0, 0, 0]).buffer)
  )
  const before = {
    models: db.prepare('SELECT * FROM models').all(),
    emb: db.prepare('SELECT * FROM image_embeddings').all()
  }

  expect(migrate(db, MIGRATIONS.slice(0, 7))).toBe(7)
  expect(db.pragma('user_version', { simple: true })).toBe(7)
  expect(db.prepare('SELECT * FROM models').all()).toEqual(before.models)
  expect(db.prepare('SELECT * FROM image_embeddings').all()).toEqual(before.emb)

  expect(modelSpeeds(db, 'm1', 'here')).toEqual({ prelabel: null, sample: null })
  recordModelRun(
    db,
    { modelId: 'm1', kind: 'sample', images: 8, seconds: 4, provider: 'cpu', host: 'here' },
    now
  )
  expect(modelSpeeds(db, 'm1', 'here').sample).toEqual({
    imagesPerS: 2,
    images: 8,
    source: 'sample',
    provider: 'cpu',
    host: 'here',
    at: now
  })
  // pre-labelling runs are pooled: (100 + 50) / (10 + 20) s; an import has no rate
  recordModelRun(
    db,
    { modelId: 'm1', kind: 'prelabel', images: 100, seconds: 10, provider: 'cpu', host: 'here' },
    now
  )
  recordModelRun(
    db,
    { modelId: 'm1', kind: 'prelabel', images: 50, seconds: 20, provider: 'cuda', host: 'here' },
    '2026-01-02T00:00:00Z'
  )
  recordModelRun(
    db,
    { modelId: 'm1', kind: 'import', images: 500, seconds: null, provider: null, host: 'here' },
    now
  )
  recordModelRun(
    db,
    { modelId: 'm1', kind: 'prelabel', images: 9, seconds: 1, provider: 'cpu', host: 'laptop' },
    now
  )
  expect(modelSpeeds(db, 'm1', 'here').prelabel).toMatchObject({
    imagesPerS: 5,
    images: 150,
    source: 'prelabel',
    provider: 'cuda',
    at: '2026-01-02T00:00:00Z'
  })
  expect(modelSpeeds(db, 'm1', 'laptop').prelabel?.imagesPerS).toBe(9)
  expect(modelSpeeds(db, 'm1', 'laptop').sample).toBeNull()
  expect(otherSpeedHosts(db, 'm1', 'here')).toEqual(['laptop'])
  expect(() =>
    db
      .prepare(`INSERT INTO model_runs (model_id, kind, images, host, at) VALUES ('m1', 'x', 1, 'h', ?)`)
      .run(now)
  ).toThrow(/CHECK/)

  const plan = (
    db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT sum(images) FROM model_runs WHERE model_id = ? AND host = ? AND kind = ?`
      )
      .all('m1', 'here', 'prelabel') as { detail: string }[]
  )
    .map((r) => r.detail)
    .join(' | ')
  expect(plan).toMatch(/USING INDEX model_runs_model \(model_id=\? AND host=\? AND kind=\?\)/)
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
})
