// The team store's schema: which servers and schema versions this code works with, and applying
// the migrations in ONE transaction. A server of an unsupported major version, a database that
// holds something other than a Zebra team store, or a store written by a newer Zebra is refused
// with an AppError before anything is written.
import type { ClientBase } from 'pg'
import { AppError } from '../../../shared/errors'
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './migrations'

/** The oldest and newest PostgreSQL major versions the store is written and tested for. */
const MIN_MAJOR = 13
const MAX_MAJOR = 17

/** Throws `unsupported` for a server_version_num outside MIN_MAJOR..MAX_MAJOR. */
export function checkServerVersion(versionNum: number): number {
  const major = Math.floor(versionNum / 10000)
  if (!Number.isFinite(major) || major < MIN_MAJOR || major > MAX_MAJOR) {
    throw new AppError(
      'unsupported',
      `This PostgreSQL server is version ${major}; team projects need version ${MIN_MAJOR} to ${MAX_MAJOR}.`,
      { major }
    )
  }
  return major
}

export async function serverMajor(client: ClientBase): Promise<number> {
  const r = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")
  return checkServerVersion(Number(r.rows[0].v))
}

/**
 * The store's schema version: 0 for an empty database (no tables in its public schema); throws
 * project_corrupt for a database that holds other tables, project_newer for a newer store.
 */
export async function readSchemaVersion(client: ClientBase): Promise<number> {
  const tables = await client.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
  )
  if (tables.rows.length === 0) return 0
  if (!tables.rows.some((t) => t.name === 'zebra_meta')) {
    throw new AppError(
      'project_corrupt',
      'This database holds other tables and is not a Zebra team project: use an empty database.',
      { tables: tables.rows.slice(0, 10).map((t) => t.name) }
    )
  }
  const r = await client.query<{ value: string }>("SELECT value FROM zebra_meta WHERE key = 'schema_version'")
  const version = Number(r.rows[0]?.value)
  if (!Number.isInteger(version) || version < 1) {
    throw new AppError('project_corrupt', 'This database has no readable Zebra team schema version.')
  }
  if (version > PG_SCHEMA_VERSION) {
    throw new AppError(
      'project_newer',
      `This team project was written by a newer Zebra (schema ${version}; this one knows up to ${PG_SCHEMA_VERSION}): update Zebra.`,
      { version, known: PG_SCHEMA_VERSION }
    )
  }
  return version
}

async function inTransaction<T>(client: ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN')
  try {
    const out = await work()
    await client.query('COMMIT')
    return out
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw e
  }
}

/**
 * Brings the connected database up to PG_SCHEMA_VERSION as its owner (the connecting role, which
 * needs CREATEROLE the first time to make the zebra_annotator and zebra_reviewer groups).
 * Returns the version found before. Two owners migrating at once serialise on a lock.
 */
export async function migrate(client: ClientBase, migrations = PG_MIGRATIONS): Promise<number> {
  await serverMajor(client)
  return inTransaction(client, () => migrateInTransaction(client, migrations))
}

/**
 * migrate() for a caller that holds the transaction (publishing migrates and copies in one).
 * `migrations`: the list to apply (tests stop at an older version, as an older Zebra left it).
 */
export async function migrateInTransaction(client: ClientBase, migrations = PG_MIGRATIONS): Promise<number> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('zebra_migrate'))")
  const before = await readSchemaVersion(client)
  if (before === 0) {
    await client.query('CREATE TABLE zebra_meta (key text PRIMARY KEY, value text NOT NULL)')
    await client.query("INSERT INTO zebra_meta (key, value) VALUES ('owner', current_user)")
  }
  for (const m of migrations) {
    if (m.version <= before) continue
    await client.query(m.sql)
  }
  await client.query(
    `INSERT INTO zebra_meta (key, value) VALUES ('schema_version', $1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [String(Math.max(before, migrations[migrations.length - 1].version))]
  )
  return before
}

/**
 * Checks, without writing, that the connected database is a team store this code can use as it
 * is (a member's connection: members never migrate).
 */
export async function checkStore(client: ClientBase): Promise<void> {
  await serverMajor(client)
  const version = await readSchemaVersion(client)
  if (version === 0) {
    throw new AppError(
      'not_found',
      'This database is empty: publish a project to it with `zebra team init` first.'
    )
  }
  if (version < PG_SCHEMA_VERSION) {
    throw new AppError(
      'project_corrupt',
      `This team project has schema ${version}; its owner must run \`zebra team settings\` on it with this Zebra to update it.`
    )
  }
}

export { inTransaction }
