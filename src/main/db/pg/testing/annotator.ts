// One annotator as a process, for the chaos test: `node -r tsx/cjs annotator.ts '<json config>'`
// (the password in PGPASSWORD). It works its replica as fast as it can: lease a batch, decide each
// image locally (now and then a decision undone and made again), push, pull, until its replica
// holds `target` decisions; then it decides what it still holds, pushes and exits 0.
//
// It may be SIGKILLed at any moment and started again: the replica file is all it keeps. On every
// (re)connection it asks the store which leases it holds and resumes the ones it has not decided
// locally. A lost connection (server restarted, proxy closed) is retried; anything else is a bug
// and exits 1. Two append-only logs record what the test checks: `leases` (every image handed to
// or resumed by this annotator) and `acks` (every decision uid a push returned for).
import { appendFileSync } from 'node:fs'
import type { Client } from 'pg'
import { appendDecisions, undo } from '../../decisions'
import { Project } from '../../project'
import { connectTeam } from '../connect'
import { leaseBatch } from '../leases'
import { pullDecisions, pushDecisions } from '../sync'

export interface AnnotatorConfig {
  file: string
  /** where to connect (through the proxy), no password */
  url: string
  name: string
  /** stop leasing once the replica holds this many decisions */
  target: number
  batch: number
  leases: string
  acks: string
  seed: number
}

const cfg = JSON.parse(process.argv[2]!) as AnnotatorConfig
const p = Project.open(cfg.file)
const db = p.db
const me = cfg.name
const toLocal = new Map(
  (
    db.prepare('SELECT image_id, server_id FROM team_images').all() as {
      image_id: number
      server_id: number
    }[]
  ).map((r) => [r.server_id, r.image_id])
)
const labels = p.labels().map((l) => l.id)
let rand = cfg.seed >>> 0 || 1
const pick = <T>(xs: readonly T[]): T => {
  rand = (Math.imul(rand, 1103515245) + 12345) >>> 0
  return xs[rand % xs.length]!
}

const RETRYABLE =
  /ECONNREFUSED|ECONNRESET|EPIPE|Connection terminated|not queryable|terminat|shutting down|starting up|timeout|offline|closed/i

/**
 * A connection that dropped or a server that is restarting: the work is retried, nothing lost. A
 * deadlock too: a killed process's session may still be finishing its last statement on the
 * server when its successor starts, and the two take one annotator's locks.
 */
function retryable(err: unknown): boolean {
  const e = err as { code?: string; message?: string }
  if (e.code && /^(57P0[123]|08\d\d\d|40P01|40001|ECONNREFUSED|ECONNRESET|EPIPE|offline)$/.test(e.code))
    return true
  return RETRYABLE.test(e.message ?? String(err))
}

const decidedHere = db.prepare('SELECT 1 FROM decisions WHERE image_id = ? AND annotator = ? LIMIT 1')
const total = db.prepare('SELECT count(*) FROM decisions').pluck()
const unpushed = db
  .prepare('SELECT uid FROM decisions WHERE annotator = ? AND uid NOT IN (SELECT uid FROM team_known)')
  .pluck()

/** Images leased to this annotator and not yet decided in its replica (server ids). */
const held = new Set<number>()
let drained = false
let decided = 0

function hold(ids: number[], how: 'leased' | 'resumed'): void {
  const fresh = ids.filter((id) => !held.has(id) && !decidedHere.get(toLocal.get(id), me))
  if (fresh.length) appendFileSync(cfg.leases, `${how} ${fresh.join(',')}\n`)
  for (const id of fresh) held.add(id)
}

function decideHeld(): void {
  for (const id of [...held]) {
    const imageId = toLocal.get(id)!
    appendDecisions(db, [{ imageId, kind: 'corrected', labelId: pick(labels) }], me)
    // now and then a change of mind: the revert travels too, pointing at its row by uid
    if (++decided % 17 === 0) {
      undo(db, me)
      appendDecisions(db, [{ imageId, kind: 'corrected', labelId: pick(labels) }], me)
    }
    held.delete(id)
  }
}

async function push(client: Client): Promise<void> {
  const uids = unpushed.all(me) as string[]
  if (uids.length === 0) return
  await pushDecisions(client, db)
  appendFileSync(cfg.acks, uids.join('\n') + '\n')
  process.stdout.write(`acked ${uids.length}\n`)
}

/** One connection's work; returns when done, throws when the connection failed. */
async function work(client: Client): Promise<void> {
  const mine = await client.query<{ id: string }>(
    'SELECT image_id AS id FROM leases WHERE annotator = current_user AND NOT done ORDER BY image_id'
  )
  hold(
    mine.rows.map((r) => Number(r.id)),
    'resumed'
  )
  for (;;) {
    decideHeld()
    await push(client)
    await pullDecisions(client, db)
    if (drained || (total.get() as number) >= cfg.target) return
    const ids = await leaseBatch(client, me, cfg.batch)
    if (ids.length === 0) drained = true
    hold(ids, 'leased')
  }
}

async function main(): Promise<void> {
  for (;;) {
    let client: Client | null = null
    try {
      client = await connectTeam(cfg.url)
      await work(client)
      return
    } catch (err) {
      if (!retryable(err)) throw err
      // the server is restarting or the line dropped: try again shortly
      await new Promise((r) => setTimeout(r, 20))
    } finally {
      await client?.end().catch(() => undefined)
    }
  }
}

main().then(
  () => {
    p.close()
    process.exit(0)
  },
  (err: unknown) => {
    process.stderr.write(`${me}: ${(err as Error).stack ?? String(err)}\n`)
    process.exit(1)
  }
)
