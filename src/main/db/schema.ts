// The project file's schema: its migrations (one file each under ./migrations, listed in order in
// ./migrations/index.ts), its version and identity, and the decision kind codes.
//
// Why review columns live on `images` (denormalised): "next image to review" and "grid page" must
// answer in a few ms on 100k images for every order x status filter. They are single-index range
// scans only when the filter column (rv = reviewed 0/1, kind = current decision code) and the sort
// key (file path, top-1 probability, margin, top-1 label) sit in one row with one composite index.
// Both are maintained in the same transaction that appends the decision or writes the prediction.
// The partial-index WHERE (state = 'ok') keeps missing and unreadable files out of every queue.
// Per sort key (migration 8): q_all_* (every image), q_kind_* (kind, key: one decision kind, and
// unreviewed as kind 0) and q_rev_* (key, WHERE rv = 1: reviewed, any kind); rv = (kind > 0).

import { MIGRATIONS } from './migrations'

export { MIGRATIONS, type Migration } from './migrations'

/** Decision kind codes stored in images.kind (0 = no current decision). */
export const KIND_CODES = { accepted: 1, corrected: 2, rejected: 3, skipped: 4, unsure: 5 } as const
export const KIND_BY_CODE = ['', 'accepted', 'corrected', 'rejected', 'skipped', 'unsure'] as const

export const SCHEMA_VERSION = MIGRATIONS.length

/** 'ZBRA' — PRAGMA application_id that marks a Zebra project file. */
export const APPLICATION_ID = 0x5a425241
