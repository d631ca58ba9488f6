// Handing out work from the team's shared queue. zebra_lease() (migrations.ts) does it in the
// database: expired leases go back to the queue, the annotator's other leases are renewed (activity
// keeps them), and up to n open images are locked FOR UPDATE SKIP LOCKED, so annotators asking at
// the same moment each get different images without waiting on each other. An image is open while
// fewer annotators hold or have decided it than its `copies` (1, or the overlap's k). zebra_renew()
// renews without taking more; zebra_release() gives back what a closing replica has not decided.
import type { ClientBase } from 'pg'
import { AppError } from '../../../shared/errors'
import { inTransaction } from './schema'

/** Leases up to n images to `annotator` (the connected role, or anyone for the owner). */
export async function leaseBatch(client: ClientBase, annotator: string, n: number): Promise<number[]> {
  if (!Number.isInteger(n) || n < 1)
    throw new AppError('invalid_input', `A batch is 1 image or more, not ${n}.`)
  const r = await client.query<{ id: string }>('SELECT zebra_lease($1, $2) AS id', [annotator, n])
  return r.rows.map((x) => Number(x.id))
}

/**
 * Renews every lease the connected role holds and has not decided, taking nothing new (an idle
 * member keeps their work without growing it). Returns how many were renewed.
 */
export async function renewLeases(client: ClientBase): Promise<number> {
  const r = await client.query<{ n: number }>('SELECT zebra_renew() AS n')
  return r.rows[0].n
}

/**
 * Gives the connected role's undecided leases back to the queue (a replica closing: its images go
 * to others now, not when the leases expire). Returns how many were given back.
 */
export async function releaseLeases(client: ClientBase): Promise<number> {
  const r = await client.query<{ n: number }>('SELECT zebra_release() AS n')
  return r.rows[0].n
}

/**
 * The overlap (owner only): `fraction` of the images, picked by a hash of their id so that the
 * choice is stable, go to k annotators; the rest to one. k = 1 turns overlap off.
 */
export async function setOverlap(client: ClientBase, k: number, fraction: number): Promise<void> {
  if (!Number.isInteger(k) || k < 1)
    throw new AppError('invalid_input', `Overlap k is a whole number ≥ 1, not ${k}.`)
  if (!(fraction >= 0 && fraction <= 1))
    throw new AppError('invalid_input', `The overlap share is between 0 and 1, not ${fraction}.`)
  await inTransaction(client, async () => {
    await client.query('UPDATE project SET overlap_k = $1, overlap_fraction = $2', [k, fraction])
    await client.query(
      `UPDATE images SET copies = CASE
         WHEN $1::int > 1 AND ('x' || substr(md5(id::text), 1, 7))::bit(28)::int % 10000 < round($2::float8 * 10000) THEN $1::int
         ELSE 1 END`,
      [k, fraction]
    )
  })
}
