// One annotator of the team bench, as a process: `node -r tsx/cjs team-member.ts '<json>'` (the
// password in PGPASSWORD). It prints "ready" and on "go" (stdin) decides `decisions` images as fast
// as it can through the review service (decide + the next 5 items, as a key press does), then
// writes its timings (ms) to `out` and exits.
//
// mode 'team': the member's replica and two connections (one hands out leases, one syncs). Each
// batch of leases is recorded in team_leases as the app's background sync records them, so the
// key press walks the leased queue as in the app. The sync loop pushes (only the rows written
// since its last push, as the app's sync does) and pulls every `syncMs`, and keeps going until the
// replica holds `expect` decisions; with `syncMs` 0 there is no loop: one push at the end.
// mode 'plain': the same file with its team tables dropped, no server: the same key presses on
// the unreviewed queue of a plain project, the reference the team's key press is compared with.
// With `untilStop` it decides until "stop" comes on stdin (it runs beside the team, at the same
// moments under the same load) instead of `decisions` images.
import { writeFileSync } from 'node:fs'
import type { Client } from 'pg'
import { connectTeam } from '../../src/main/db/pg/connect'
import { leaseBatch } from '../../src/main/db/pg/leases'
import { lastDecisionId, recordLeases } from '../../src/main/db/pg/replica-state'
import { pullDecisions, pushDecisions } from '../../src/main/db/pg/sync'
import { Project } from '../../src/main/db/project'
import type { QueueQuery } from '../../src/main/db/queues'
import { ReviewSession } from '../../src/main/services/core/review-session'
import { AppError } from '../../src/shared/errors'

export interface MemberConfig {
  mode: 'team' | 'plain'
  name: string
  file: string
  url: string
  decisions: number
  expect: number
  batch: number
  syncMs: number
  out: string
  untilStop?: boolean
}

export interface MemberTimes {
  decideNext: number[]
  /**
   * key presses during which the event loop turned (an immediate queued at the start ran before
   * the press was done): a press that waited on I/O, the network's or any other. Expected: 0.
   */
  waited: number
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
const labels = p.labels().map((l) => l.id)
const session = new ReviewSession({
  project: () => p,
  annotator: () => me,
  engine: () => Promise.reject(new AppError('no_model', 'the bench loads no model'))
})
const query: QueueQuery = { order: 'file', status: 'unreviewed' }
const times: MemberTimes = { decideNext: [], waited: 0, lease: [], lag: [], go: 0, lastAck: 0 }
let deciding = true
/** every row of the log up to this id has been pushed (the app's sync keeps the same mark) */
let sent = 0

/** One key press: the decision and the next 5 items of the queue. */
async function press(imageId: number): Promise<void> {
  const s = performance.now()
  let turned = false
  const turn = setImmediate(() => (turned = true))
  await session.decide({
    imageId,
    kind: 'corrected',
    labelId: labels[imageId % labels.length]!,
    then: { query, ahead: 5 }
  })
  times.decideNext.push(performance.now() - s)
  clearImmediate(turn)
  if (turned) times.waited++
  // let the sync loop in between key presses, as the app's event loop does
  await new Promise((r) => setImmediate(r))
}

async function decideLeased(client: Client): Promise<void> {
  const toLocal = new Map(
    (
      db.prepare('SELECT image_id, server_id FROM team_images').all() as {
        image_id: number
        server_id: number
      }[]
    ).map((r) => [r.server_id, r.image_id])
  )
  let left = cfg.decisions
  while (left > 0) {
    const t = performance.now()
    const ids = await leaseBatch(client, me, Math.min(cfg.batch, left))
    times.lease.push(performance.now() - t)
    if (ids.length === 0) break
    // the earlier leases are all decided (closed on the store): the batch is what the member holds
    recordLeases(db, ids)
    for (const id of ids) {
      await press(toLocal.get(id)!)
      left--
    }
  }
  deciding = false
}

async function decidePlain(): Promise<void> {
  let stop = false
  if (cfg.untilStop) process.stdin.on('data', (b: Buffer) => (stop ||= b.toString().includes('stop')))
  let left = cfg.untilStop ? Infinity : cfg.decisions
  while (left > 0 && !stop) {
    const ids = session.queue(query, Math.min(cfg.batch, left))
    if (ids.length === 0) break
    for (const id of ids) {
      if (stop) break
      await press(id)
      left--
    }
  }
}

async function push(client: Client): Promise<void> {
  const top = lastDecisionId(db)
  const r = await pushDecisions(client, db, sent)
  sent = top
  if (r.sent > 0) times.lastAck = Date.now()
}

async function syncLoop(client: Client): Promise<void> {
  const total = db.prepare('SELECT count(*) FROM decisions').pluck()
  const arrived = db.prepare('SELECT id, at FROM decisions WHERE id > ? AND annotator <> ? ORDER BY id')
  let seen = lastDecisionId(db)
  for (;;) {
    const started = Date.now()
    await push(client)
    await pullDecisions(client, db)
    const now = Date.now()
    for (const r of arrived.all(seen, me) as { id: number; at: string }[]) {
      times.lag.push(now - Date.parse(r.at))
      seen = r.id
    }
    if (!deciding && lastDecisionId(db) === sent && (total.get() as number) >= cfg.expect) return
    const wait = cfg.syncMs - (Date.now() - started)
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }
}

async function goSignal(): Promise<void> {
  process.stdout.write('ready\n')
  await new Promise<void>((ok) => process.stdin.once('data', () => ok()))
  times.go = Date.now()
}

async function team(): Promise<void> {
  const leases = await connectTeam(cfg.url)
  const sync = await connectTeam(cfg.url)
  try {
    await goSignal()
    if (cfg.syncMs > 0) await Promise.all([decideLeased(leases), syncLoop(sync)])
    else {
      await decideLeased(leases)
      await push(sync)
    }
  } finally {
    await leases.end()
    await sync.end()
  }
}

async function main(): Promise<void> {
  try {
    if (cfg.mode === 'team') await team()
    else {
      await goSignal()
      await decidePlain()
    }
    writeFileSync(cfg.out, JSON.stringify(times))
  } finally {
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
