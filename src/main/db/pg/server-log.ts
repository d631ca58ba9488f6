// Writing decision rows to the team store: in order, in chunks, idempotent by uid (a row the store
// already has is skipped, so a push repeated after a crash adds nothing).
import type { ClientBase } from 'pg'

export interface ServerDecision {
  uid: string
  batchUid: string
  batchKind: string
  annotator: string
  imageId: number
  kind: string
  labelId: number | null
  rank: number | null
  suggestion: string | null
  at: string
  revertOf: string | null
  adjudicated?: boolean
}

/** rows per INSERT statement */
export const INSERT_CHUNK = 1000

/** Inserts the rows in their order; returns how many were new. */
export async function insertDecisions(client: ClientBase, rows: readonly ServerDecision[]): Promise<number> {
  let added = 0
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const part = rows.slice(i, i + INSERT_CHUNK)
    const col = <K extends keyof ServerDecision>(k: K): unknown[] => part.map((r) => r[k] ?? null)
    // WITH ORDINALITY keeps the rows' order, so a revert always follows the row it reverts
    const r = await client.query(
      `INSERT INTO decisions (uid, batch_uid, batch_kind, annotator, image_id, kind, label_id, rank,
                              suggestion, at, revert_of, adjudicated)
       SELECT u.uid, u.batch_uid, u.batch_kind, u.annotator, u.image_id, u.kind, u.label_id, u.rank,
              u.suggestion::jsonb, u.at, u.revert_of, coalesce(u.adjudicated, false)
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::bigint[],
                     $8::int[], $9::text[], $10::timestamptz[], $11::uuid[], $12::boolean[])
              WITH ORDINALITY AS u(uid, batch_uid, batch_kind, annotator, image_id, kind, label_id, rank,
                                   suggestion, at, revert_of, adjudicated, n)
        ORDER BY u.n
       ON CONFLICT (uid) DO NOTHING`,
      [
        col('uid'),
        col('batchUid'),
        col('batchKind'),
        col('annotator'),
        col('imageId'),
        col('kind'),
        col('labelId'),
        col('rank'),
        col('suggestion'),
        col('at'),
        col('revertOf'),
        col('adjudicated')
      ]
    )
    added += r.rowCount ?? 0
  }
  return added
}
