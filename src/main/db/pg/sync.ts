// Syncing a replica with its team store. Push: the replica's own decisions the store lacks, in
// order, idempotent by uid (a push repeated after a crash adds nothing). Pull: everyone else's
// decisions since the last pull, idempotent by uid, each keeping its annotator; the replica's
// current labels follow. Every insert into the store's log holds a shared lock (a statement
// trigger, whoever inserts) and a pull takes it exclusively, so that a pull never passes over a row
// whose sequence number was taken by an insert that had not committed yet.
import type { ClientBase, QueryResult } from 'pg'
import { AppError } from '../../../shared/errors'
import type { Db } from '../open'
import { refreshCurrent } from '../decisions'
import { liveTagCount, projectKind, refreshTagImage, refreshTagState } from '../tag-state'
import { localLog, remapSuggestion, type LogRow } from './local-log'
import { stmt } from '../stmt'
import { teamLink } from './replica'
import { inTransaction } from './schema'
import { INSERT_CHUNK, insertDecisions } from './server-log'

/** The lock every insert into the log holds shared (migrations.ts, zebra_log_lock). */
const LOG_LOCK = "hashtext('zebra_log')"

export interface PushResult {
  sent: number
  added: number
  /** rows of another annotator or on images the team does not have: never sent */
  notShared: number
}

function linkOf(db: Db): { annotator: string; pulledSeq: number } {
  const link = teamLink(db)
  if (!link)
    throw new AppError(
      'invalid_input',
      'This project is not a team replica: make one with `zebra team join`.'
    )
  return link
}

/**
 * Sends the replica's rows the store is not known to have. `afterId`: rows up to it are known to
 * be sent already (a caller that pushed before), so only the newer ones are read.
 */
export async function pushDecisions(client: ClientBase, db: Db, afterId = 0): Promise<PushResult> {
  const link = linkOf(db)
  const rows = localLog(db, afterId, 'd.uid IS NULL OR d.uid NOT IN (SELECT uid FROM team_known)')
  // most rounds have nothing to send: no map read, no write transaction
  if (rows.length === 0) return { sent: 0, added: 0, notShared: 0 }
  // only the rows' own images are looked up: the image map is as long as the project, and reading
  // it whole on every round took ~100 ms of the main thread at 100k images (the review loop's
  // thread, in the app's background sync)
  const imageOf = stmt(db, 'SELECT server_id FROM team_images WHERE image_id = ?', 'pluck')
  const labels = new Map(
    (
      stmt(db, 'SELECT label_id, server_id FROM team_labels').all() as {
        label_id: number
        server_id: number
      }[]
    ).map((r) => [r.label_id, r.server_id])
  )
  const shared: LogRow[] = []
  const out: LogRow[] = []
  for (const r of rows) {
    if (r.annotator !== link.annotator || (r.labelId !== null && !labels.has(r.labelId))) continue
    const image = imageOf.get(r.imageId) as number | undefined
    if (image === undefined) continue
    shared.push(r)
    out.push({
      ...r,
      imageId: image,
      labelId: r.labelId === null ? null : labels.get(r.labelId)!,
      suggestion: remapSuggestion(r.suggestion, labels)
    })
  }
  // one INSERT statement is atomic by itself: a push of up to a chunk is one round trip, and the
  // log lock it holds (shared) is held only while the server works, not across the network
  const insert = (): Promise<number> =>
    out.length <= INSERT_CHUNK
      ? insertDecisions(client, out)
      : inTransaction(client, () => insertDecisions(client, out))
  const added =
    out.length === 0
      ? 0
      : await insert().catch((err: unknown) => {
          throw refusedAdjudication(err, out.filter((r) => r.adjudicated).length, link.annotator) ?? err
        })
  // only after the store committed: a crash before this line re-sends, and the store skips them
  if (shared.length > 0) {
    const known = stmt(db, 'INSERT OR IGNORE INTO team_known (uid) VALUES (?)')
    db.transaction(() => shared.forEach((r) => known.run(r.uid))).immediate()
  }
  return { sent: out.length, added, notShared: rows.length - shared.length }
}

/**
 * The store lets only a reviewer role insert adjudicated rows (row-level security): a replica
 * whose annotator adjudicated without being one gets this, and nothing was sent.
 */
function refusedAdjudication(err: unknown, adjudicated: number, annotator: string): AppError | null {
  if (adjudicated === 0 || (err as { code?: string }).code !== '42501') return null
  return new AppError(
    'unauthorized',
    `The team store refused ${adjudicated} adjudicated decision(s): ${annotator} is not a reviewer of this team project (the owner adds one with \`zebra team add … --reviewer\`). Nothing was sent; the decisions stay in this replica.`,
    { annotator, adjudicated }
  )
}

interface PulledRow {
  seq: string
  uid: string
  batch_uid: string
  batch_kind: string
  annotator: string
  image_id: string
  kind: string
  label_id: string | null
  rank: number | null
  suggestion: string | null
  at: Date
  revert_of: string | null
  adjudicated: boolean
}

export async function pullDecisions(
  client: ClientBase,
  db: Db
): Promise<{ pulled: number; skipped: number }> {
  const link = linkOf(db)
  // The lock and the read in ONE simple query: its statements run as one transaction, so the lock
  // is held until the read is done, and the read (a later statement, a fresh snapshot) sees every
  // row inserted before the lock was granted. One round trip, and the exclusive lock is held only
  // while the server works: with it held across round trips, every member's push waited on every
  // pull's network time.
  const after = Math.trunc(Number(link.pulledSeq))
  const results = (await client.query(
    `SELECT pg_advisory_xact_lock(${LOG_LOCK});
     SELECT seq, uid, batch_uid, batch_kind, annotator, image_id, kind, label_id, rank, suggestion::text AS suggestion,
            at, revert_of, adjudicated FROM decisions WHERE seq > ${after} ORDER BY seq`
  )) as unknown as QueryResult<PulledRow>[]
  const rows = results[1]!.rows
  if (rows.length === 0) return { pulled: 0, skipped: 0 }
  return db.transaction(() => applyPulled(db, rows)).immediate()
}

function applyPulled(db: Db, rows: PulledRow[]): { pulled: number; skipped: number } {
  const image = db.prepare('SELECT image_id AS id FROM team_images WHERE server_id = ?')
  const label = db.prepare('SELECT label_id AS id FROM team_labels WHERE server_id = ?')
  const toLocal = new Map(
    (
      db.prepare('SELECT label_id, server_id FROM team_labels').all() as {
        label_id: number
        server_id: number
      }[]
    ).map((r) => [r.server_id, r.label_id])
  )
  const byUid = db.prepare('SELECT id FROM decisions WHERE uid = ?')
  const batch = db.prepare('INSERT INTO batches (kind, annotator, at) VALUES (?, ?, ?) RETURNING id')
  const ins = db.prepare(
    `INSERT INTO decisions (batch_id, image_id, kind, label_id, rank, annotator, at, suggestion, revert_of, uid,
                            adjudicated)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const known = db.prepare('INSERT OR IGNORE INTO team_known (uid) VALUES (?)')
  const batches = new Map<string, number>()
  const touched = new Map<number, Set<number>>()
  let pulled = 0
  let skipped = 0
  for (const r of rows) {
    known.run(r.uid)
    if (byUid.get(r.uid)) continue // the replica's own, pushed before
    const img = image.get(Number(r.image_id)) as { id: number } | undefined
    const lab = r.label_id === null ? null : (label.get(Number(r.label_id)) as { id: number } | undefined)
    const rev = r.revert_of === null ? null : (byUid.get(r.revert_of) as { id: number } | undefined)
    if (!img || lab === undefined || rev === undefined) {
      skipped++ // an image or label added to the store after this replica was made
      continue
    }
    const at = r.at.toISOString()
    let b = batches.get(r.batch_uid)
    if (b === undefined) {
      b = (batch.get(r.batch_kind, r.annotator, at) as { id: number }).id
      batches.set(r.batch_uid, b)
    }
    const suggestion = remapSuggestion(r.suggestion, toLocal)
    const adj = r.adjudicated ? 1 : 0
    ins.run(
      b,
      img.id,
      r.kind,
      lab?.id ?? null,
      r.rank,
      r.annotator,
      at,
      suggestion,
      rev?.id ?? null,
      r.uid,
      adj
    )
    const labels = touched.get(img.id) ?? new Set<number>()
    if (r.kind === 'revert') {
      const orig = db.prepare('SELECT label_id FROM decisions WHERE id = ?').get(rev!.id) as {
        label_id: number | null
      }
      if (orig.label_id !== null) labels.add(orig.label_id)
    } else if (lab) labels.add(lab.id)
    touched.set(img.id, labels)
    pulled++
  }
  db.prepare('UPDATE team_link SET pulled_seq = ? WHERE id = 1').run(Number(rows[rows.length - 1].seq))
  refresh(db, touched)
  return { pulled, skipped }
}

/** The touched images' current labels (or tag states) from the log, as decisions.ts keeps them. */
function refresh(db: Db, touched: Map<number, Set<number>>): void {
  if (projectKind(db) === 'tags') {
    const live = liveTagCount(db)
    for (const [img, labels] of touched) {
      for (const l of labels) refreshTagState(db, img, l)
      refreshTagImage(db, img, live)
    }
    return
  }
  // the one rule of db/latest-rule.ts (adjudicated first, then latest), as merged logs are read
  for (const img of touched.keys()) refreshCurrent(db, img)
}

/** Push then pull: the replica's log and the store's agree afterwards. */
export async function syncReplica(
  client: ClientBase,
  db: Db
): Promise<PushResult & { pulled: number; skipped: number }> {
  const push = await pushDecisions(client, db)
  const pull = await pullDecisions(client, db)
  return { ...push, ...pull }
}
