// One annotator of the team bench, as a process: `node -r tsx/cjs team-member.ts '<json>'` (the
// password in PGPASSWORD). It opens its replica and two connections (one hands out leases, one
// syncs), prints "ready", and on "go" (stdin) decides `decisions` images as fast as it can through
// the review service (decide + the next items, as a key press does) while a sync loop pushes and
// pulls every `syncMs`. It keeps syncing until its replica holds `expect` decisions, then writes
// its timings (ms) to `out` and exits.
import { writeFileSync } from 'node:fs'
import type { Client } from 'pg'
import { connectTeam } from '../../src/main/db/pg/connect'
import { leaseBatch } from '../../src/main/db/pg/leases'
import { pullDecisions, pushDecisions } from '../../src/main/db/pg/sync'
import { Project } from '../../src/main/db/project'
import type { QueueQuery } from '../../src/main/db/queues'
import { ReviewSession } from '../../src/main/services/core/review-session'
import { AppError } from '../../src/shared/errors'

export interface MemberConfig {
  name: string
  file: string
  url: string
  decisions: number
  expect: number
  batch: number
  syncMs: number
  out: string
}

export interface MemberTimes {
  decideNext: number[]
  lease: number[]
  /** ms from a decision's local write (its `at`) in another replica to its arrival here */
  lag: number[]
  /** epoch ms: "go", and when this member's last decision was acknowledged by the store */
  go: number
  lastAck: number
}

const cfg = JSON.parse(process.argv[2]!) as MemberConfig
const me = cfg.name
const p = Project.open(cfg.file)
const db = p.db
const toLocal = new Map(
  (
    db.prepare('SELECT image_id, server_id FROM team_images').all() as {
      image_id: number
      server_id: number
    }[]
  ).map((r) => [r.server_id, r.image_id])
)
const labels = p.labels().map((l) => l.id)
const session = new ReviewSession({
  project: () => p,
  annotator: () => me,
  engine: () => Promise.reject(new AppError('no_model', 'the bench loads no model'))
})
const query: QueueQuery = { order: 'file', status: 'unreviewed' }
const total = db.prepare('SELECT count(*) FROM decisions').pluck()
const unpushed = db
  .prepare('SELECT count(*) FROM decisions WHERE annotator = ? AND uid NOT IN (SELECT uid FROM team_known)')
  .pluck()
const arrived = db.prepare('SELECT id, at FROM decisions WHERE id > ? AND annotator <> ? ORDER BY id')
const times: MemberTimes = { decideNext: [], lease: [], lag: [], go: 0, lastAck: 0 }
let deciding = true

async function decideLoop(client: Client): Promise<void> {
  let left = cfg.decisions
  while (left > 0) {
    const t = performance.now()
    const ids = await leaseBatch(client, me, Math.min(cfg.batch, left))
    times.lease.push(performance.now() - t)
    if (ids.length === 0) break
    for (const id of ids) {
      const s = performance.now()
      await session.decide({
        imageId: toLocal.get(id)!,
        kind: 'corrected',
        labelId: labels[id % labels.length]!,
        then: { query, ahead: 5 }
      })
      times.decideNext.push(performance.now() - s)
      left--
      // let the sync loop in between key presses, as the app's event loop does
      await new Promise((r) => setImmediate(r))
    }
  }
  deciding = false
}

async function syncLoop(client: Client): Promise<void> {
  let seen = (db.prepare('SELECT coalesce(max(id), 0) FROM decisions').pluck().get() as number) ?? 0
  for (;;) {
    const started = Date.now()
    const pending = unpushed.get(me) as number
    await pushDecisions(client, db)
    if (pending > 0 && (unpushed.get(me) as number) === 0) times.lastAck = Date.now()
    await pullDecisions(client, db)
    const now = Date.now()
    for (const r of arrived.all(seen, me) as { id: number; at: string }[]) {
      times.lag.push(now - Date.parse(r.at))
      seen = r.id
    }
    if (!deciding && (unpushed.get(me) as number) === 0 && (total.get() as number) >= cfg.expect) return
    const wait = cfg.syncMs - (Date.now() - started)
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }
}

async function main(): Promise<void> {
  const leases = await connectTeam(cfg.url)
  const sync = await connectTeam(cfg.url)
  try {
    process.stdout.write('ready\n')
    await new Promise<void>((ok) => process.stdin.once('data', () => ok()))
    times.go = Date.now()
    await Promise.all([decideLoop(leases), syncLoop(sync)])
    writeFileSync(cfg.out, JSON.stringify(times))
  } finally {
    await leases.end()
    await sync.end()
    p.close()
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${me}: ${(err as Error).stack ?? String(err)}\n`)
    process.exit(1)
  }
)
