// Whether a replica's member is a reviewer of the team project: the store's groups say so
// (roles.ts), and the replica keeps the answer so that the app knows it without the network. It is
// read at join and on each connection of the background sync (an owner may move a member between
// groups at any time); the store still enforces who may adjudicate, this only decides what the
// app offers.
import type { ClientBase } from 'pg'
import type { Db } from '../open'
import { stmt } from '../stmt'
import type { MemberRole } from './roles'

/** The connected role's place in the team: reviewer wins when it is in both groups. */
export async function serverMemberRole(client: ClientBase): Promise<MemberRole | null> {
  const r = await client.query<{ reviewer: boolean; annotator: boolean }>(
    `SELECT pg_has_role(current_user, 'zebra_reviewer', 'MEMBER') AS reviewer,
            pg_has_role(current_user, 'zebra_annotator', 'MEMBER') AS annotator`
  )
  const row = r.rows[0]
  if (row?.reviewer) return 'reviewer'
  return row?.annotator ? 'annotator' : null
}

// a table of its own, made when first written: replicas made before it existed stay valid files
const TABLE = `CREATE TABLE IF NOT EXISTS team_role (id INTEGER PRIMARY KEY CHECK (id = 1),
  role TEXT NOT NULL CHECK (role IN ('annotator', 'reviewer')), checked_at TEXT NOT NULL)`

function hasRoleTable(db: Db): boolean {
  return (
    stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'team_role'", 'pluck').get() !==
    undefined
  )
}

/** The member's role as last read from the store; null before it was ever read. */
export function replicaMemberRole(db: Db): MemberRole | null {
  if (!hasRoleTable(db)) return null
  return (
    (stmt(db, 'SELECT role FROM team_role WHERE id = 1', 'pluck').get() as MemberRole | undefined) ?? null
  )
}

/** Keeps the role read from the store; true when it changed (nothing is written when not). */
export function recordMemberRole(db: Db, role: MemberRole): boolean {
  if (replicaMemberRole(db) === role) return false
  db.exec(TABLE)
  db.prepare(
    `INSERT INTO team_role (id, role, checked_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET role = excluded.role, checked_at = excluded.checked_at`
  ).run(role, new Date().toISOString())
  return true
}

/** A replica's member and role (null role: not read from the store yet); null for a plain project. */
export function teamMembership(db: Db): { annotator: string; role: MemberRole | null } | null {
  const linked =
    stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'team_link'", 'pluck').get() !==
    undefined
  if (!linked) return null
  const annotator = stmt(db, 'SELECT annotator FROM team_link WHERE id = 1', 'pluck').get() as
    string | undefined
  return annotator === undefined ? null : { annotator, role: replicaMemberRole(db) }
}
