// The team queue's settings, which only the store's owner may change: the overlap (a share of the
// images goes to k annotators) and the lease time. Reading them is open to every member. The
// owner's connection also brings an older store up to this Zebra's schema (members never migrate).
import type { ClientBase } from 'pg'
import { AppError } from '../../../shared/errors'
import { PG_SCHEMA_VERSION } from './migrations'
import { setOverlap } from './leases'
import { migrate, readSchemaVersion } from './schema'

export interface TeamSettings {
  name: string
  /** the role that published the project */
  owner: string
  overlapK: number
  overlapShare: number
  /** images that go to overlapK annotators now */
  overlapped: number
  images: number
  leaseSeconds: number
}

export interface SettingsChange {
  overlapK?: number
  overlapShare?: number
  leaseSeconds?: number
}

/** The store's owner role and whether the connected role is (or acts as) it. */
export async function whoAmI(client: ClientBase): Promise<{ owner: string; me: string; isOwner: boolean }> {
  const r = await client.query<{ owner: string; me: string; is_owner: boolean }>(
    `SELECT m.value AS owner, session_user::text AS me, pg_has_role(session_user, m.value, 'MEMBER') AS is_owner
       FROM zebra_meta m WHERE m.key = 'owner'`
  )
  const row = r.rows[0]
  if (!row) throw new AppError('project_corrupt', 'This team store does not name its owner.')
  return { owner: row.owner, me: row.me, isOwner: row.is_owner }
}

/**
 * Checks the store for settings: an empty database or a foreign one is refused; an older schema is
 * brought up to date when the owner connects (the version found before is returned), refused
 * otherwise.
 */
export async function prepareStore(
  client: ClientBase
): Promise<{ isOwner: boolean; owner: string; me: string; from: number }> {
  const from = await readSchemaVersion(client)
  if (from === 0)
    throw new AppError(
      'not_found',
      'This database is empty: publish a project to it with `zebra team init` first.'
    )
  const who = await whoAmI(client)
  if (from < PG_SCHEMA_VERSION) {
    if (!who.isOwner)
      throw new AppError(
        'project_corrupt',
        `This team project has schema ${from}; its owner (role "${who.owner}") must run \`zebra team settings\` on it with this Zebra to update it.`
      )
    await migrate(client)
  }
  return { ...who, from }
}

export async function readSettings(client: ClientBase): Promise<TeamSettings> {
  const r = await client.query<{
    name: string
    owner: string
    k: number
    share: number
    lease: number
    images: number
    overlapped: number
  }>(
    `SELECT p.name, (SELECT value FROM zebra_meta WHERE key = 'owner') AS owner, p.overlap_k AS k,
            p.overlap_fraction::float8 AS share, p.lease_seconds AS lease,
            (SELECT count(*)::int FROM images) AS images,
            (SELECT count(*)::int FROM images WHERE copies > 1) AS overlapped
       FROM project p WHERE p.id = 1`
  )
  const row = r.rows[0]
  if (!row)
    throw new AppError(
      'not_found',
      'This team store holds no project yet: its owner runs `zebra team init` first.'
    )
  return {
    name: row.name,
    owner: row.owner,
    overlapK: row.k,
    // a real column: 0.1 comes back as 0.100000001…
    overlapShare: Math.round(row.share * 1e6) / 1e6,
    overlapped: row.overlapped,
    images: row.images,
    leaseSeconds: row.lease
  }
}

/**
 * The settings after `change`, checked as a whole: an overlap needs a share of the images and
 * a k of 2 or more to mean anything; k = 1 turns it off (share 0).
 */
function nextSettings(now: TeamSettings, change: SettingsChange): Required<SettingsChange> {
  const k = change.overlapK ?? now.overlapK
  if (!Number.isInteger(k) || k < 1 || k > 100)
    throw new AppError('invalid_input', `--overlap is a whole number of annotators from 1 to 100, not ${k}.`)
  const share = change.overlapShare ?? (k === 1 ? 0 : now.overlapShare)
  if (!(share >= 0 && share <= 1))
    throw new AppError(
      'invalid_input',
      `--share is a share of the images from 0 to 1 (0.1 = 10%), not ${share}.`
    )
  if (k > 1 && share === 0)
    throw new AppError(
      'invalid_input',
      `An overlap of ${k} needs a share of the images that get ${k} annotators: add --share (e.g. --share 0.1).`
    )
  if (k === 1 && share > 0)
    throw new AppError(
      'invalid_input',
      `A share of ${share} needs an overlap of 2 annotators or more: add --overlap (e.g. --overlap 2).`
    )
  const lease = change.leaseSeconds ?? now.leaseSeconds
  if (!Number.isInteger(lease) || lease < 60 || lease > 7 * 24 * 3600)
    throw new AppError(
      'invalid_input',
      `The lease time is 1 minute to 7 days (--lease-minutes 1 to 10080), not ${lease / 60} minutes.`
    )
  return { overlapK: k, overlapShare: share, leaseSeconds: lease }
}

/**
 * Changes the settings (owner only: a member is refused by name, before anything is written).
 * A new lease time applies to each lease from its next hand-out or renewal.
 */
export async function changeSettings(client: ClientBase, change: SettingsChange): Promise<TeamSettings> {
  const who = await whoAmI(client)
  if (!who.isOwner)
    throw new AppError(
      'unauthorized',
      `Only the owner of this team project (role "${who.owner}") changes its settings; you are connected as "${who.me}".`,
      { owner: who.owner, role: who.me }
    )
  const now = await readSettings(client)
  const next = nextSettings(now, change)
  if (next.overlapK !== now.overlapK || next.overlapShare !== now.overlapShare)
    await setOverlap(client, next.overlapK, next.overlapShare)
  if (next.leaseSeconds !== now.leaseSeconds)
    await client.query('UPDATE project SET lease_seconds = $1 WHERE id = 1', [next.leaseSeconds])
  return readSettings(client)
}
