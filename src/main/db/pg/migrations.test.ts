// Released store migrations are frozen: a team store an older Zebra made must migrate exactly as
// before, so each one's SQL is pinned by hash. A change is a new migration at the end of the list,
// with its hash added here, never an edit of one below.
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './migrations'

const RELEASED = [
  { version: 1, sha256: 'e8d5278a5dec7d64ccbd6a4cafee9d1eca628d06b89718cec22dee29126c8fab' },
  { version: 2, sha256: '69d07d698eaa50591fc0be2368870e4835c681d810e336bf59733925f9063b48' },
  { version: 3, sha256: 'd52b172bf552267bfea9278567a9d8b9fe80f4c65b15d1e7a75b5baa1863aea6' },
  { version: 4, sha256: 'e4a500235243581a7ae9b330d48a0a7db7c0572bb6e8dd387013434a9d22d373' }
]

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex')

it('every store migration keeps its number and its exact SQL', () => {
  PG_MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1))
  expect(PG_SCHEMA_VERSION).toBe(PG_MIGRATIONS.length)
  expect(
    RELEASED.map((r) => r.version),
    'every migration has its hash in RELEASED (add { version, sha256 } for a new one)'
  ).toEqual(PG_MIGRATIONS.map((m) => m.version))
  for (const r of RELEASED) {
    const m = PG_MIGRATIONS[r.version - 1]!
    expect(sha256(m.sql), `store migration ${r.version} (${m.name})`).toBe(r.sha256)
  }
})
