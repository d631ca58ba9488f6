// Test fixture: on a throwaway cluster, an owner role (CREATEROLE, not a superuser, as on a real
// server) and an empty database it owns, plus a helper to connect as any role.
import { Client } from 'pg'
import type { Cluster } from './cluster'

export const OWNER = 'team_owner'
export const OWNER_PASSWORD = 'owner-secret'
export const MEMBER_PASSWORD = 'member-secret'

let dbCount = 0

/** Creates a fresh database owned by OWNER; returns its name. */
export async function createTeamDb(cluster: Cluster): Promise<string> {
  const su = new Client({ connectionString: cluster.url() })
  await su.connect()
  try {
    const exists = await su.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [OWNER])
    if (exists.rowCount === 0)
      await su.query(`CREATE ROLE ${OWNER} LOGIN CREATEROLE PASSWORD '${OWNER_PASSWORD}'`)
    const name = `team_${process.pid}_${++dbCount}`
    await su.query(`CREATE DATABASE ${name} OWNER ${OWNER}`)
    return name
  } finally {
    await su.end()
  }
}

export async function connectAs(
  cluster: Cluster,
  db: string,
  user: string,
  password: string
): Promise<Client> {
  const c = new Client({ connectionString: cluster.url(user, password, db) })
  await c.connect()
  return c
}
