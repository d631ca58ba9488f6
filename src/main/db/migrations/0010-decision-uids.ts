// Migration 10: decision identities (user_version 9 -> 10). Released once shipped: never edit, add
// a new migration instead.
//
// A decision must be recognisable outside its file: logs of one project decided on copies (offline
// annotators, a team's shared store) are folded together exactly once each. Rows written from now
// on carry a random uid; rows written before have none (the log is append-only: no UPDATE), and
// their identity is derived from the project's creation time and their id (db/decision-uid.ts), the
// same in every copy of the file they were made in.

export const name = 'decision identities'

export const sql = `ALTER TABLE decisions ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX decisions_uid ON decisions(uid) WHERE uid IS NOT NULL;`
