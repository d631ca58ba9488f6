// A team replica's background sync on a real throwaway PostgreSQL cluster: the member reviews
// leased images through the review service, keeps deciding while the server is stopped (the
// status says offline with the decisions waiting), and once the server is back everything reaches
// the store exactly once and a second member's replica pulls it in. Every wait polls for an
// outcome; nothing sleeps for a fixed time or asserts a duration.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { EventChannel, EventMap, TeamStatus } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { startCluster, type Cluster } from '../../db/pg/testing/cluster'
import { describeWithCluster } from '../../db/pg/testing/describe-cluster'
import { decidedPerAnnotator } from '../../db/pg/replica-state'
import { memberReplica, sampleStore } from '../testing/team-replica'
import { connectAs, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from '../../db/pg/testing/team-db'
import type { Project } from '../../db/project'
import { ReviewSession } from './review-session'
import { TeamSync } from './team-sync'

const UNREVIEWED = { order: 'file', status: 'unreviewed' } as const

/** Polls `probe` until it returns a value (not undefined); fails with `what` after a long while. */
async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await new Promise((ok) => setTimeout(ok, 25))
  }
}

interface Member {
  p: Project
  review: ReviewSession
  sync: TeamSync
  events: { ch: EventChannel; payload: unknown }[]
}

describeWithCluster('a team replica syncing in the background', () => {
  let cluster: Cluster
  let dir: string
  let owner: Client
  let db: string
  const members = new Map<string, Member>()
  const savedPassword = process.env.PGPASSWORD

  async function member(name: string, url?: string): Promise<Member> {
    const p = await memberReplica(cluster, db, dir, name)
    if (url) p.db.prepare('UPDATE team_link SET url = ?').run(url)
    const events: Member['events'] = []
    const emit = <K extends EventChannel>(ch: K, payload: EventMap[K]): void =>
      void events.push({ ch, payload })
    const sync = TeamSync.startFor(p, emit, {
      intervalMs: 100,
      debounceMs: 10,
      maxBackoffMs: 400,
      batch: 3,
      low: 2,
      timeoutMs: 500
    })!
    const review = new ReviewSession({
      project: () => p,
      engine: () => Promise.reject(new AppError('no_model', 'not needed here')),
      annotator: () => name
    })
    const m = { p, review, sync, events }
    members.set(name, m)
    return m
  }

  beforeAll(async () => {
    process.env.PGPASSWORD = MEMBER_PASSWORD
    cluster = await startCluster()
    dir = mkdtempSync(join(tmpdir(), 'zebra-team-sync-'))
    ;({ db, owner } = await sampleStore(cluster, dir, ['ann', 'bob', 'carl']))
  })
  afterAll(async () => {
    for (const m of members.values()) {
      await m.sync.stop()
      m.p.close()
    }
    await owner?.end().catch(() => undefined)
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
    if (savedPassword === undefined) delete process.env.PGPASSWORD
    else process.env.PGPASSWORD = savedPassword
  })

  const storeUids = async (annotator: string): Promise<string[]> =>
    (
      await owner.query<{ uid: string }>('SELECT uid::text AS uid FROM decisions WHERE annotator = $1', [
        annotator
      ])
    ).rows.map((r) => r.uid)
  const localUids = (p: Project, annotator: string): string[] =>
    p.db.prepare('SELECT uid FROM decisions WHERE annotator = ?').pluck().all(annotator) as string[]
  const leasedOnStore = async (annotator: string): Promise<number> =>
    Number(
      (await owner.query<{ n: string }>('SELECT count(*) AS n FROM leases WHERE annotator = $1', [annotator]))
        .rows[0].n
    )

  /** Decides the unreviewed queue's first image the way the review screen does; its id. */
  async function decideNext(m: Member): Promise<number | null> {
    const item = await m.review.next(UNREVIEWED)
    if (!item) return null
    await m.review.decide({ imageId: item.image.id, kind: 'corrected', labelId: 1 })
    m.sync.poke() // what the services do on each decision's project.changed
    return item.image.id
  }

  it('walks leased images, decides offline with the decisions waiting, and sends each once after', async () => {
    const ann = await member('ann')
    const first = await until('ann online with leases', () => {
      const s = ann.sync.status()
      return s.online && s.leased > 0 ? s : undefined
    })
    expect(first.annotator).toBe('ann')
    expect(first.url).not.toMatch(/secret/)

    // the unreviewed queue is exactly ann's leases on the store
    const leased = ann.p.db.prepare('SELECT image_id FROM team_leases ORDER BY image_id').pluck().all()
    expect(ann.review.queue(UNREVIEWED, 100)).toEqual(leased)
    expect(leased.length).toBe(await leasedOnStore('ann'))
    // the screen's "n of N in this queue" counts the leases, not the whole project
    const head = await ann.review.next(UNREVIEWED)
    expect(head).toMatchObject({ position: 1, total: leased.length })
    expect(await ann.review.next(UNREVIEWED, head!.image.id)).toMatchObject({ position: 2 })

    const online = await decideNext(ann)
    expect(online).not.toBeNull()
    await until('the first decision sent', () => (ann.sync.status().waiting === 0 ? true : undefined))

    await cluster.pause()
    await until('ann offline', () => (ann.sync.status().online ? undefined : true))
    // the review loop goes on: every leased image left is decided while the server is away
    const offline: number[] = []
    for (let id = await decideNext(ann); id !== null; id = await decideNext(ann)) offline.push(id)
    expect(offline.length).toBeGreaterThan(0)
    const s = ann.sync.status()
    expect(s).toMatchObject({ online: false, waiting: offline.length, leased: 0 })
    expect(s.error).toMatch(/reach|connect|terminat|shut/i)
    await until('an offline team.status event with the decisions waiting', () =>
      ann.events.some(
        (e) =>
          e.ch === 'team.status' &&
          !(e.payload as TeamStatus).online &&
          (e.payload as TeamStatus).waiting === offline.length
      )
        ? true
        : undefined
    )

    await cluster.resume()
    owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD) // the old one went with the server
    await until('ann synced after the server came back', () => {
      const x = ann.sync.status()
      return x.online && x.waiting === 0 ? true : undefined
    })
    const mine = localUids(ann.p, 'ann')
    expect(mine.length).toBe(1 + offline.length)
    const onStore = await storeUids('ann')
    expect(onStore.sort()).toEqual([...mine].sort()) // nothing lost, nothing twice (uid is unique there too)
    const twice = await owner.query('SELECT uid FROM decisions GROUP BY uid HAVING count(*) > 1')
    expect(twice.rowCount).toBe(0)
    // a round after the catch-up sends nothing again
    await ann.sync.syncNow()
    expect((await storeUids('ann')).length).toBe(mine.length)
  }, 120_000)

  it("lets a second member see the first's decisions within a few rounds, on other images", async () => {
    const ann = members.get('ann')!
    const bob = await member('bob')
    const annUids = localUids(ann.p, 'ann')
    await until("ann's decisions in bob's replica", () => {
      const have = new Set(localUids(bob.p, 'ann'))
      return annUids.every((u) => have.has(u)) ? true : undefined
    })
    expect(localUids(bob.p, 'ann').length).toBe(annUids.length)
    const status = await until('bob online with counts', () => {
      const x = bob.sync.status()
      return x.online && x.counts.some((c) => c.annotator === 'ann' && c.decided === annUids.length)
        ? x
        : undefined
    })
    expect(status.counts.find((c) => c.annotator === 'ann')!.decided).toBe(annUids.length)
    // counted incrementally by the sync, the same as a count over the whole log
    expect(bob.sync.status().counts).toEqual(decidedPerAnnotator(bob.p.db))
    expect(bob.events.some((e) => e.ch === 'project.changed')).toBe(true)

    // images ann decided show as decided in bob's replica, and bob is never leased one of them
    const decidedByAnn = ann.p.db
      .prepare(
        "SELECT DISTINCT i.rel_path FROM decisions d JOIN images i ON i.id = d.image_id WHERE d.annotator = 'ann'"
      )
      .pluck()
      .all() as string[]
    const bobKinds = bob.p.db
      .prepare('SELECT rel_path, kind FROM images WHERE rel_path IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(decidedByAnn)) as { rel_path: string; kind: number }[]
    expect(bobKinds.length).toBe(decidedByAnn.length)
    expect(bobKinds.every((r) => r.kind > 0)).toBe(true)
    const bobQueue = bob.review.queue(UNREVIEWED, 100)
    const bobPaths = bobQueue.map(
      (id) => bob.p.db.prepare('SELECT rel_path FROM images WHERE id = ?').pluck().get(id) as string
    )
    expect(bobPaths.some((x) => decidedByAnn.includes(x))).toBe(false)
  }, 120_000)

  it('turns offline when the server accepts the connection and then says nothing', async () => {
    // a cable pulled mid-connection: no refusal, no reset, only silence
    const sockets: Socket[] = []
    const silent = createServer((sock) => void sockets.push(sock))
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok))
    try {
      const port = (silent.address() as AddressInfo).port
      const carl = await member('carl', `postgres://carl@127.0.0.1:${port}/${db}`)
      const s = await until('carl offline', () => {
        const x = carl.sync.status()
        return x.error ? x : undefined
      })
      expect(s.online).toBe(false)
      expect(s.error).toMatch(/no answer|timeout/i)
      // deciding goes on meanwhile (never leased yet: the replica's whole queue), and it keeps trying
      expect(await decideNext(carl)).not.toBeNull()
      expect(carl.sync.status()).toMatchObject({ online: false, waiting: 1 })
      await until('another try', () => (sockets.length > 1 ? true : undefined))
    } finally {
      sockets.forEach((x) => x.destroy())
      silent.close()
    }
  }, 120_000)
})
