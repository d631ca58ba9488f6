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
