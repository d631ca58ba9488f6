// What a team replica knows about itself without the network: its link (teamLink), the images the
// store has leased to its member (kept locally so that work goes on while the server is away),
// how many of the member's decisions the store does not have yet, and how many images each
// annotator has decided according to the local log (everyone's, after a pull).
import type { ClientBase } from 'pg'
import type { Db } from '../open'
import { stmt } from '../stmt'
import { teamLink, type TeamLink } from './replica'

export interface ReplicaConfig extends TeamLink {
  pulledSeq: number
}

/** The replica's team config (the URL holds no password), or null for a file that is not one. */
export function replicaConfig(db: Db): ReplicaConfig | null {
  return teamLink(db)
}

const LEASES = 'CREATE TABLE IF NOT EXISTS team_leases (image_id INTEGER PRIMARY KEY REFERENCES images(id))'

/** Whether the replica works from leases: a sync has recorded the member's leases at least once. */
export function hasLeaseTable(db: Db): boolean {
  return (
    stmt(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'team_leases'", 'pluck').get() !==
    undefined
  )
}

/**
 * Replaces the local lease set with the store's open leases of this member (server image ids),
 * mapped to local images; ones the replica lacks are left out. Returns how many are new.
 */
export function recordLeases(db: Db, serverImageIds: readonly number[]): number {
  db.exec(LEASES)
  const map = db.prepare('SELECT image_id FROM team_images WHERE server_id = ?').pluck()
  const local = serverImageIds.map((s) => map.get(s) as number | undefined).filter((x) => x !== undefined)
  const before = new Set(db.prepare('SELECT image_id FROM team_leases').pluck().all() as number[])
  // unchanged (most rounds): no write, so nothing keyed on the file's change counter goes stale
  if (local.length === before.size && local.every((id) => before.has(id))) return 0
  const ins = db.prepare('INSERT OR IGNORE INTO team_leases (image_id) VALUES (?)')
  db.transaction(() => {
    db.prepare('DELETE FROM team_leases').run()
    for (const id of local) ins.run(id)
  }).immediate()
  return local.filter((id) => !before.has(id)).length
}

/**
 * SQL: image `images.id` has no live decision (not a revert, not undone) of the replica's member.
 * Others' decisions do not count: an overlapped image stays the member's to decide after a pull
 * brought another annotator's label. Decisions not yet pushed count (the store's lease closes
 * with the push).
 */
export const MEMBER_UNDECIDED = `NOT EXISTS (SELECT 1 FROM decisions d
  WHERE d.image_id = images.id AND d.annotator = (SELECT annotator FROM team_link WHERE id = 1)
    AND d.kind != 'revert' AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.revert_of = d.id))`

/**
 * Leased images the member can work on and has not decided yet (an image missing from the
 * member's folders does not count): what the replica's unreviewed queue walks (leased-queue.ts).
 */
export function leasedUndecided(db: Db): number {
  if (!hasLeaseTable(db)) return 0
  return stmt(
    db,
    `SELECT count(*) FROM images WHERE id IN (SELECT image_id FROM team_leases) AND state = 'ok' AND ${MEMBER_UNDECIDED}`,
    'pluck'
  ).get() as number
}

/**
 * The member's decisions that push would send and the store is not known to have; `afterId`:
 * rows up to it are known to be sent (the log is append-only, so new rows have larger ids).
 * The unary + keeps SQLite on the id range (an image-index plan walks the whole log).
 */
export function waitingCount(db: Db, annotator: string, afterId = 0): number {
  return stmt(
    db,
    `SELECT count(*) FROM decisions d
      WHERE d.id > ? AND +d.annotator = ? AND +d.image_id IN (SELECT image_id FROM team_images)
        AND (d.uid IS NULL OR d.uid NOT IN (SELECT uid FROM team_known))`,
    'pluck'
  ).get(afterId, annotator) as number
}

/** The newest row of the log (0 for none): every row written later has a larger id. */
export function lastDecisionId(db: Db): number {
  return (stmt(db, 'SELECT coalesce(max(id), 0) FROM decisions', 'pluck').get() as number) ?? 0
}

/** Images each annotator has decided (a skip or a revert alone does not count), most first. */
export function decidedPerAnnotator(db: Db): { annotator: string; decided: number }[] {
  return stmt(
    db,
    `SELECT annotator, count(DISTINCT image_id) AS decided FROM decisions
      WHERE kind NOT IN ('revert', 'skipped') GROUP BY annotator ORDER BY decided DESC, annotator`
  ).all() as { annotator: string; decided: number }[]
}

/** Rows after `afterId` that decide an image (what decidedPerAnnotator counts), oldest first. */
export function decidingRowsAfter(
  db: Db,
  afterId: number
): { id: number; annotator: string; imageId: number }[] {
  return stmt(
    db,
    `SELECT id, annotator, image_id AS imageId FROM decisions
      WHERE id > ? AND kind NOT IN ('revert', 'skipped') ORDER BY id`
  ).all(afterId) as { id: number; annotator: string; imageId: number }[]
}

/** The member's open leases on the store (server image ids). */
export async function serverLeases(client: ClientBase, annotator: string): Promise<number[]> {
  const r = await client.query<{ id: string }>(
    'SELECT image_id AS id FROM leases WHERE annotator = $1 AND NOT done AND expires_at > now() ORDER BY image_id',
    [annotator]
  )
  return r.rows.map((x) => Number(x.id))
}

/** The store's lease time in seconds (a lease not renewed for this long returns to the queue). */
export async function leaseSeconds(client: ClientBase): Promise<number> {
  const r = await client.query<{ s: number }>('SELECT lease_seconds AS s FROM project WHERE id = 1')
  return r.rows[0]?.s ?? 900
}

export interface ReplicaSummary {
  annotator: string
  url: string
  waiting: number
  leased: number
  counts: { annotator: string; decided: number }[]
}

/** What the replica's file says of its sync, without the network; null for a non-replica. */
export function replicaSummary(db: Db): ReplicaSummary | null {
  const link = replicaConfig(db)
  if (!link) return null
  return {
    annotator: link.annotator,
    url: link.url,
    waiting: waitingCount(db, link.annotator),
    leased: leasedUndecided(db),
    counts: decidedPerAnnotator(db)
  }
}
