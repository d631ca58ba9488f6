// Released migrations are frozen: existing project files must migrate exactly as before, so the
// SQL of every migration is pinned by hash, and a migration file imports nothing (its SQL, and any
// code that generates it, is its own copy: editing live code cannot change what it does). A schema
// change is a new migration file at the end of the list, with its hash added here, never an edit
// of one below.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { MIGRATIONS } from '.'

const RELEASED = [
  { version: 1, sha256: '5659881b051dfedcdf863734fe6bcca31089cc6b6d666367ff2f1d6621de1653' },
  { version: 2, sha256: '565502c695f180672cc7bb26bbfc298d1cd977ad3727c9e41b9af1b9daed7755' },
  { version: 3, sha256: '4d633d71366e95a541265ed76fbf6ac44be8eaf9e49de29db339d6ce9b513303' },
  { version: 4, sha256: '62e766da308a44c37ef0012e53672608916cf987c081d5d30d5a365b3ef2bcfb' },
  { version: 5, sha256: '57592d4011642d23510fc56e03916213ee8933805ae3593b16548af13cd82c81' },
  { version: 6, sha256: '3028df47b34cc48a3cf9ee1470e1cf2eb6e6659b26398f07080de0a33862ec0c' },
  { version: 7, sha256: 'f837ce1eecc38dc479e85fdc2e5219db069ab4c8d54e739b1ab2d17e9667c646' },
  { version: 8, sha256: '788cfee0ba0c42a5becb0d88cf62e362f64e1989bc94d5dac6f91ad6003ed1ab' },
  { version: 9, sha256: '6eab5f4826bb12da502954af59d258be0ffcd9f018704b71c6cf63db743d0751' },
  { version: 10, sha256: 'f0e6af5cf40ad556b4e6bb8e4bfa406abea54d74809a87594f0b1e65dca2fbc5' },
  { version: 11, sha256: '52fd7467a99cf994fb535ba1bc2935ced18ecbd32c9ae79840c2621e0c0851ec' },
  { version: 12, sha256: 'ba5c4cea9f48a29acda43e84b5170687e79279594c9665741b4ee9eaf82efd44' }
]

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex')

it('every migration keeps its number and its exact SQL', () => {
  MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1))
  expect(
    RELEASED.map((r) => r.version),
    'every migration has its hash in RELEASED (add { version, sha256 } for a new one)'
  ).toEqual(MIGRATIONS.map((m) => m.version))
  for (const r of RELEASED) {
    const m = MIGRATIONS[r.version - 1]!
    expect(sha256(m.sql), `migration ${r.version} (${m.name})`).toBe(r.sha256)
  }
})

it('a migration file imports nothing', () => {
  const files = readdirSync(__dirname).filter((f) => /^\d{4}-.+(?<!\.test)\.ts$/.test(f))
  expect(files).toHaveLength(MIGRATIONS.length)
  for (const f of files) {
    const source = readFileSync(join(__dirname, f), 'utf8')
    expect(source.match(/^\s*(import\b|export\s+(type\s+)?(\*|\{[^}]*\})\s*from\b).*$/gm), f).toBeNull()
  }
})
