// Team members as PostgreSQL roles: one login role per annotator, in the zebra_annotator group (or
// zebra_reviewer). Names are plain lower-case identifiers so that the role, the log's annotator
// column and `current_user` always read the same.
import type { ClientBase } from 'pg'
import { AppError } from '../../../shared/errors'

export type MemberRole = 'annotator' | 'reviewer'

const NAME = /^[a-z_][a-z0-9_]{0,62}$/

export function checkMemberName(name: string): string {
  if (!NAME.test(name) || name.startsWith('pg_') || name.startsWith('zebra_')) {
    throw new AppError(
      'invalid_input',
      `"${name}" cannot be a team member's name: use lower-case letters, digits and _ (not starting with pg_ or zebra_).`
    )
  }
  return name
}

/**
 * Creates the member's login role in its group, or adds an existing role to the group. The
 * password, when given, is sent once in the statement (PostgreSQL stores only its SCRAM hash);
 * it is never written anywhere by Zebra.
 */
export async function addMember(
  client: ClientBase,
  name: string,
  role: MemberRole,
  password?: string
): Promise<void> {
  checkMemberName(name)
  const ident = client.escapeIdentifier(name)
  const group = role === 'annotator' ? 'zebra_annotator' : 'zebra_reviewer'
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])
  if (exists.rowCount === 0) {
    const pw = password === undefined ? '' : ` PASSWORD ${client.escapeLiteral(password)}`
    await client.query(`CREATE ROLE ${ident} LOGIN${pw}`)
  } else if (password !== undefined) {
    await client.query(`ALTER ROLE ${ident} PASSWORD ${client.escapeLiteral(password)}`)
  }
  await client.query(`GRANT ${group} TO ${ident}`)
  // CONNECT to this project's database only: the groups span the server's other databases too
  const db = await client.query<{ db: string }>('SELECT current_database() AS db')
  await client.query(`GRANT CONNECT ON DATABASE ${client.escapeIdentifier(db.rows[0].db)} TO ${ident}`)
}

/** This project's members by group (the groups' members who may connect to this database). */
export async function listMembers(client: ClientBase): Promise<{ name: string; role: MemberRole }[]> {
  const r = await client.query<{ name: string; grp: string }>(
    `SELECT m.rolname AS name, g.rolname AS grp FROM pg_auth_members a
       JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member
      WHERE g.rolname IN ('zebra_annotator', 'zebra_reviewer')
        AND has_database_privilege(m.oid, current_database(), 'CONNECT') ORDER BY m.rolname, g.rolname`
  )
  return r.rows.map((x) => ({ name: x.name, role: x.grp === 'zebra_annotator' ? 'annotator' : 'reviewer' }))
}

export interface RemovedMember {
  name: string
  /** the role itself is gone (it owned nothing and belonged to no other team project) */
  dropped: boolean
  /** the member's decisions, kept in the log */
  decisionsKept: number
}

/**
 * Takes a member out of this team project, in one transaction: CONNECT on this database goes (so
 * the role can no longer log in to it) and its open leases (not the ones it decided) go back to the queue; their decisions
 * stay in the log. The zebra_* groups are shared by the server's team projects, so they are taken
 * away, and the role dropped, only when the role may connect to no other database (and then only
 * if it owns nothing: DROP ROLE refuses otherwise, and the role is kept, without its groups).
 */
export async function removeMember(client: ClientBase, name: string): Promise<RemovedMember> {
  checkMemberName(name)
  const ident = client.escapeIdentifier(name)
  const member = (await listMembers(client)).filter((m) => m.name === name)
  if (member.length === 0) throw new AppError('not_found', `"${name}" is not a member of this team project.`)
  const db = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db
  await client.query('BEGIN')
  try {
    await client.query(`REVOKE CONNECT ON DATABASE ${client.escapeIdentifier(db)} FROM ${ident}`)
    await client.query('DELETE FROM leases WHERE annotator = $1 AND NOT done', [name])
    const elsewhere = await client.query(
      // granted to the role itself (as addMember does): PUBLIC's CONNECT on postgres is no project
      `SELECT 1 FROM pg_database d, aclexplode(d.datacl) a
        WHERE d.datname <> current_database() AND a.privilege_type = 'CONNECT'
          AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)`,
      [name]
    )
    let dropped = false
    if (elsewhere.rowCount === 0) {
      for (const m of member)
        await client.query(
          `REVOKE ${m.role === 'annotator' ? 'zebra_annotator' : 'zebra_reviewer'} FROM ${ident}`
        )
      await client.query('SAVEPOINT drop_role')
      try {
        await client.query(`DROP ROLE ${ident}`)
        dropped = true
      } catch {
        // it owns something (or holds a privilege) somewhere: kept, unable to enter this project
        await client.query('ROLLBACK TO SAVEPOINT drop_role')
      }
    }
    const kept = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM decisions WHERE annotator = $1',
      [name]
    )
    await client.query('COMMIT')
    return { name, dropped, decisionsKept: Number(kept.rows[0].n) }
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  }
}
