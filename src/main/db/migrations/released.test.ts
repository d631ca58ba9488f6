// Released migrations are frozen: existing project files must migrate exactly as before, so the
// SQL of each released migration is pinned by hash. A schema change is a new migration file at the
// end of the list (then add its hash here once it ships), never an edit of one below.
import { createHash } from 'node:crypto'
import { expect, it } from 'vitest'
import { MIGRATIONS } from '.'

const RELEASED = [
  { version: 1, sha256: '5659881b051dfedcdf863734fe6bcca31089cc6b6d666367ff2f1d6621de1653' },
  { version: 2, sha256: '565502c695f180672cc7bb26bbfc298d1cd977ad3727c9e41b9af1b9daed7755' },
  // 4's generator is a frozen copy since migration 8 changed the counters' layout
  { version: 4, sha256: '62e766da308a44c37ef0012e53672608916cf987c081d5d30d5a365b3ef2bcfb' }
]

it('released migrations keep their numbers and their exact SQL', () => {
  MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1))
  for (const r of RELEASED) {
    const m = MIGRATIONS[r.version - 1]!
    expect(createHash('sha256').update(m.sql).digest('hex'), `migration ${r.version} (${m.name})`).toBe(
      r.sha256
    )
  }
})
