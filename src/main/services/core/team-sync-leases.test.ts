// The background sync's leases on a real throwaway cluster: an idle member's leases are renewed
// without taking one more image, closing the replica sends what waits and gives the undecided
// leases back (the next member gets those images), and closing while the store has gone silent
// gives up at once and leaves the leases to expire. Every wait polls for an outcome.
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { startCluster, type Cluster } from '../../db/pg/testing/cluster'
import { describeWithCluster } from '../../db/pg/testing/describe-cluster'
import { MEMBER_PASSWORD } from '../../db/pg/testing/team-db'
import type { Project } from '../../db/project'
import { memberReplica, sampleStore } from '../testing/team-replica'
import { ReviewSession } from './review-session'
import { TeamSync } from './team-sync'

const UNREVIEWED = { order: 'file', status: 'unreviewed' } as const

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await new Promise((ok) => setTimeout(ok, 25))
  }
}

/** A TCP proxy to the cluster that can go silent: no byte passes either way, nothing is closed. */
async function silenceable(target: number): Promise<{ port: number; silence(): void; close(): void }> {
  let silent = false
  const socks: Socket[] = []
  const server: Server = createServer((client) => {
    const up = connect(target, '127.0.0.1')
    socks.push(client, up)
    client.on('data', (b: Buffer) => void (silent || up.write(b)))
    up.on('data', (b: Buffer) => void (silent || client.write(b)))
    for (const [a, b] of [
      [client, up],
      [up, client]
    ]) {
      a.on('error', () => undefined)
      a.on('close', () => void (silent || b.destroy()))
    }
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  return {
    port: (server.address() as AddressInfo).port,
    silence: () => void (silent = true),
    close: () => {
      socks.forEach((s) => s.destroy())
      server.close()
    }
  }
}

describeWithCluster('a team replica’s leases in the background sync', () => {
  let cluster: Cluster
  let dir: string
  let owner: Client
  let db: string
  const open: { p: Project; sync: TeamSync }[] = []
  const savedPassword = process.env.PGPASSWORD

  function start(p: Project): { sync: TeamSync; review: ReviewSession } {
    const sync = TeamSync.startFor(p, () => undefined, {
      intervalMs: 100,
      debounceMs: 10,
      maxBackoffMs: 400,
      batch: 3,
      low: 2,
      timeoutMs: 2000,
      closeMs: 300
    })!
    open.push({ p, sync })
    const review = new ReviewSession({
      project: () => p,
      engine: () => Promise.reject(new AppError('no_model', 'not needed here')),
      annotator: () => sync.annotator
    })
    return { sync, review }
  }

  const storeLeases = async (annotator: string): Promise<{ id: number; done: boolean; expires: number }[]> =>
    (
      await owner.query(
        `SELECT image_id::int AS id, done, (extract(epoch FROM expires_at) * 1000)::float8 AS expires
           FROM leases WHERE annotator = $1 ORDER BY image_id`,
        [annotator]
      )
    ).rows

  beforeAll(async () => {
    process.env.PGPASSWORD = MEMBER_PASSWORD
    cluster = await startCluster()
    dir = mkdtempSync(join(tmpdir(), 'zebra-team-leases-'))
    ;({ db, owner } = await sampleStore(cluster, dir, ['dan', 'eve', 'fay']))
    // a short lease time: the sync renews every third of it
    await owner.query('UPDATE project SET lease_seconds = 6')
  })
  afterAll(async () => {
    for (const m of open) {
      await m.sync.stop()
      m.p.close()
    }
    await owner?.end().catch(() => undefined)
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
    if (savedPassword === undefined) delete process.env.PGPASSWORD
    else process.env.PGPASSWORD = savedPassword
  })

  it('renews an idle member’s leases without taking more, and gives them back on closing', async () => {
    const p = await memberReplica(cluster, db, dir, 'dan')
    const { sync, review } = start(p)
    await until('dan online with leases', () => (sync.status().leased === 3 ? true : undefined))
    const first = await storeLeases('dan')
    expect(first).toHaveLength(3)

    const renewed = await until('dan’s leases renewed', async () => {
      const now = await storeLeases('dan')
      return now.every((l, i) => l.expires > first[i]!.expires) ? now : undefined
    })
    expect(renewed.map((l) => l.id)).toEqual(first.map((l) => l.id)) // no image more
    expect(sync.status().leased).toBe(3)

    // one decision, then closing at once: it is sent before the leases go back
    const item = await review.next(UNREVIEWED)
    await review.decide({ imageId: item!.image.id, kind: 'corrected', labelId: 1 })
    await sync.stop()
    const after = await storeLeases('dan')
    expect(after.filter((l) => l.done)).toHaveLength(1)
    expect(after.filter((l) => !l.done)).toEqual([])
    const sent = await owner.query("SELECT count(*)::int AS n FROM decisions WHERE annotator = 'dan'")
    expect(sent.rows[0].n).toBe(1)
    expect(p.db.prepare('SELECT count(*) FROM team_leases').pluck().get()).toBe(0)
    const released = first.map((l) => l.id).filter((id) => id !== after.find((l) => l.done)!.id)
    const holders = await owner.query('SELECT holders FROM images WHERE id = ANY($1::bigint[])', [released])
    expect(holders.rows.map((r: { holders: number }) => r.holders)).toEqual([0, 0])

    // the next member to ask gets them
    const eve = start(await memberReplica(cluster, db, dir, 'eve'))
    await until('eve online with leases', () => (eve.sync.status().leased === 3 ? true : undefined))
    const eves = (await storeLeases('eve')).map((l) => l.id)
    for (const id of released) expect(eves).toContain(id)
  }, 120_000)

  it('closes at once when the store has gone silent, leaving the leases to expire', async () => {
    const proxy = await silenceable(cluster.port)
    try {
      const p = await memberReplica(cluster, db, dir, 'fay')
      p.db.prepare('UPDATE team_link SET url = ?').run(`postgres://fay@127.0.0.1:${proxy.port}/${db}`)
      const { sync, review } = start(p)
      await until('fay online with leases', () => (sync.status().leased === 3 ? true : undefined))
      proxy.silence()
      const item = await review.next(UNREVIEWED)
      await review.decide({ imageId: item!.image.id, kind: 'corrected', labelId: 1 })
      sync.poke() // a round starts, and hangs on the silent store
      await sync.stop() // bounded by closeMs, not by the 2 s query timeout or the network
      const held = await storeLeases('fay')
      expect(held.filter((l) => !l.done)).toHaveLength(3)
      // the decision waits in the replica for the next time it syncs
      expect(sync.status().waiting).toBe(1)
    } finally {
      proxy.close()
    }
  }, 120_000)
})
