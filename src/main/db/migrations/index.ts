// The ordered list of project-file migrations, one file each. APPEND-ONLY: a released migration is
// never edited; a schema change is a new file NNNN-what.ts (exporting `name` and `sql`, importing
// nothing) added at the END of this list, with its SQL's hash in released.test.ts. Entry i
// (1-based) moves PRAGMA user_version from i-1 to i, and its test (NNNN-what.test.ts) seeds rows
// in the schema before it, migrates, and checks rows and plans.
import * as m0001 from './0001-initial'
import * as m0002 from './0002-embeddings-by-model'
import * as m0003 from './0003-saved-state'
import * as m0004 from './0004-queue-counts'
import * as m0005 from './0005-label-merges'
import * as m0006 from './0006-folder-removal'
import * as m0007 from './0007-model-runs'
// file numbers were handed out per branch: the place in ORDERED, not the number, sets the version
import * as m0008 from './0008-review-at-scale'
import * as m0009 from './0009-tags'
import * as m0010 from './0010-decision-uids'
import * as m0011 from './0011-adjudication'
import * as m0012 from './0012-label-languages'

export interface Migration {
  version: number
  name: string
  sql: string
}

const ORDERED: readonly { name: string; sql: string }[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012
]

export const MIGRATIONS: readonly Migration[] = ORDERED.map((m, i) => ({
  version: i + 1,
  name: m.name,
  sql: m.sql
}))
