// The images table as scan (jobs/scan.ts) sees it: what is indexed, and the writes that bring it in
// line with the folders.
import type { Db } from './open'
import { ACTIVE_ROOT } from './roots'

export interface ScanImageRow {
  id: number
  root_id: number
  rel_path: string
  hash: string | null
  bytes: number | null
  mtime_ms: number | null
  state: 'ok' | 'missing' | 'unreadable'
}

/** every indexed image of the folders in use, streamed (a removed folder's images stay as they are) */
export function scanImageRows(db: Db): Iterable<ScanImageRow> {
  return db
    .prepare(`SELECT id, root_id, rel_path, hash, bytes, mtime_ms, state FROM images i WHERE ${ACTIVE_ROOT}`)
    .iterate() as Iterable<ScanImageRow>
}

/** In one IMMEDIATE transaction: `gone` images marked missing, `restored` ones ok again. */
export function markGoneAndRestored(db: Db, gone: readonly number[], restored: readonly number[]): void {
  db.transaction(() => {
    const st = db.prepare(
      "UPDATE images SET state = 'missing', reason = 'file not found at scan' WHERE id = ?"
    )
    for (const id of gone) st.run(id)
    const ok = db.prepare("UPDATE images SET state = 'ok', reason = NULL WHERE id = ?")
    for (const id of restored) ok.run(id)
  }).immediate()
}

export interface ProbedFile {
  hash: string
  bytes: number
  mtimeMs: number
  width: number | null
  height: number | null
  format: string | null
  state: 'ok' | 'unreadable'
  reason: string | null
}

/** Prepared writers for one scan (prepare once, call inside the caller's chunk transaction). */
export function scanWriter(db: Db) {
  const ins = db.prepare(
    `INSERT INTO images (root_id, rel_path, hash, bytes, mtime_ms, width, height, format, state, reason, added_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const upd = db.prepare(
    'UPDATE images SET hash = ?, bytes = ?, mtime_ms = ?, width = ?, height = ?, format = ?, state = ?, reason = ? WHERE id = ?'
  )
  const move = db.prepare(
    'UPDATE images SET root_id = ?, rel_path = ?, mtime_ms = ?, state = ?, reason = NULL WHERE id = ?'
  )
  const missingByHash = db.prepare(
    `SELECT id FROM images i WHERE hash = ? AND state = 'missing' AND ${ACTIVE_ROOT} ORDER BY id LIMIT 1`
  )
  return {
    insert(rootId: number, rel: string, f: ProbedFile, addedAt: string): void {
      ins.run(
        rootId,
        rel,
        f.hash,
        f.bytes,
        f.mtimeMs,
        f.width,
        f.height,
        f.format,
        f.state,
        f.reason,
        addedAt
      )
    },
    update(id: number, f: ProbedFile): void {
      upd.run(f.hash, f.bytes, f.mtimeMs, f.width, f.height, f.format, f.state, f.reason, id)
    },
    move(id: number, rootId: number, rel: string, mtimeMs: number, state: 'ok' | 'unreadable'): void {
      move.run(rootId, rel, mtimeMs, state, id)
    },
    /** the oldest missing image with this content hash, if any (a removed folder's are not candidates) */
    missingByHash(hash: string): number | undefined {
      return (missingByHash.get(hash) as { id: number } | undefined)?.id
    }
  }
}
