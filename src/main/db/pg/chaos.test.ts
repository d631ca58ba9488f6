// Chaos: eight annotator processes work a 10k-image team project as fast as they can, each in its
// own replica, through a proxy adding 50 ms each way, while annotators are SIGKILLed and started
// again and the PostgreSQL server is restarted twice (a clean stop, then a crash). Afterwards,
// once every replica has synced cleanly: every decision a push was acknowledged for is in the
// store's log exactly once, no image was handed to two annotators (overlap is off), and every
// replica's log is the store's.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { mulberry32 } from '../../math/rng'
import { Project } from '../project'
import { verifyCurrent } from '../verify'
import { syncReplica } from './sync'
import type { AnnotatorConfig } from './testing/annotator'
import { startCluster, type Cluster } from './testing/cluster'
import { describeWithCluster } from './testing/describe-cluster'
import { startCrew, type Crew } from './testing/crew'
import { startLatencyProxy, type LatencyProxy } from './testing/latency-proxy'
import { makeTeam, type TeamFixture } from './testing/team-fixture'
import { connectAs, MEMBER_PASSWORD } from './testing/team-db'

const IMAGES = 10_000
const NAMES = ['ann1', 'ann2', 'ann3', 'ann4', 'ann5', 'ann6', 'ann7', 'ann8']
/** the store's log size at which the annotators stop leasing */
const TARGET = 2400
const BATCH = 20
/** what happens when the acknowledged decisions pass each share of TARGET */
const PLAN: { at: number; what: 'kill' | 'fast' | 'immediate' }[] = [
  { at: 0.08, what: 'kill' },
  { at: 0.15, what: 'kill' },
  { at: 0.22, what: 'fast' },
  { at: 0.3, what: 'kill' },
  { at: 0.4, what: 'kill' },
  { at: 0.5, what: 'immediate' },
  { at: 0.6, what: 'kill' }
]

interface Row {
  uid: string
  annotator: string
  kind: string
  label: string | null
  hash: string
  revert_of: string | null
}

/** A record file's complete lines (a process killed mid-write could leave half a line). */
function lines(file: string): string[] {
  if (!existsSync(file)) return []
  const all = readFileSync(file, 'utf8').split('\n')
  all.pop() // what follows the last newline: '' or an unfinished line
  return all.filter((l) => l.length > 0)
}

describeWithCluster('a team project under chaos', () => {
  let cluster: Cluster
  let dir: string
  let team: TeamFixture
  let proxy: LatencyProxy
  let crew: Crew | undefined

  beforeAll(async () => {
    // a crash must not lose commits the server acknowledged
    cluster = await startCluster({ settings: ['synchronous_commit=on'] })
    dir = mkdtempSync(join(tmpdir(), 'zebra-chaos-'))
    team = await makeTeam(cluster, dir, IMAGES, NAMES)
    proxy = await startLatencyProxy(cluster.port, 50)
  })
  afterAll(async () => {
    crew?.stop()
    await proxy?.close()
    await team?.owner.end().catch(() => undefined)
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('loses nothing, applies nothing twice and hands no image out twice', async () => {
    const seed = Date.now() % 1_000_000
    const rand = mulberry32(seed)
    const why = `(seed ${seed}, files in ${dir})`
    const configs: AnnotatorConfig[] = NAMES.map((name, i) => ({
      name,
      file: team.replicas.get(name)!,
      url: `postgres://${name}@127.0.0.1:${proxy.port}/${team.db}`,
      target: TARGET,
      batch: BATCH,
      leases: join(dir, `${name}.leases`),
      acks: join(dir, `${name}.acks`),
      seed: seed + i
    }))
    let next = 0
    let server = Promise.resolve()
    const restarts: string[] = []
    crew = startCrew(configs, { ...process.env, PGPASSWORD: MEMBER_PASSWORD }, dir, (acked) => {
      while (next < PLAN.length && acked >= PLAN[next]!.at * TARGET) {
        const { what } = PLAN[next++]!
        if (what === 'kill') crew?.killOne((n) => Math.floor(rand() * n))
        else
          server = server.then(async () => {
            await cluster.pause(what)
            await cluster.resume()
            restarts.push(what)
          })
      }
    })
    await crew.done
    await server
    expect(next, `every planned event happened ${why}`).toBe(PLAN.length)
    expect(crew.kills()).toBe(PLAN.filter((p) => p.what === 'kill').length)
    expect(restarts).toEqual(['fast', 'immediate'])
    expect(proxy.connections()).toBeGreaterThan(NAMES.length) // everyone reconnected at least once

    // the final clean sync: everyone pushes, then everyone pulls what the others pushed
    const replicas = NAMES.map((n) => Project.open(team.replicas.get(n)!))
    try {
      for (let round = 0; round < 2; round++)
        for (const [i, n] of NAMES.entries()) {
          const c = await connectAs(cluster, team.db, n, MEMBER_PASSWORD)
          try {
            await syncReplica(c, replicas[i]!.db)
          } finally {
            await c.end()
          }
        }

      const owner = await connectAs(cluster, team.db, 'team_owner', 'owner-secret')
      let server: Row[]
      let leases: { image: number; annotator: string }[]
      try {
        server = (
          await owner.query<Row>(
            `SELECT d.uid::text AS uid, d.annotator, d.kind, l.name AS label, i.hash, d.revert_of::text AS revert_of
               FROM decisions d JOIN images i ON i.id = d.image_id LEFT JOIN labels l ON l.id = d.label_id
              ORDER BY d.uid::text`
          )
        ).rows
        leases = (
          await owner.query<{ image: number; annotator: string }>(
            'SELECT image_id::int AS image, annotator FROM leases ORDER BY image_id, annotator'
          )
        ).rows
      } finally {
        await owner.end()
      }
      expect(server.length).toBeGreaterThanOrEqual(TARGET)

      // every acknowledged decision is in the store exactly once
      const count = new Map<string, number>()
      for (const r of server) count.set(r.uid, (count.get(r.uid) ?? 0) + 1)
      const acked = NAMES.flatMap((n) => lines(join(dir, `${n}.acks`)))
      expect(acked.length).toBeGreaterThan(TARGET / 2)
      const notOnce = acked.filter((u) => count.get(u) !== 1)
      expect(notOnce, `acknowledged uids not in the store exactly once ${why}`).toEqual([])
      expect(count.size).toBe(server.length)

      // no image handed to two annotators: by the processes' own records and by the store's
      const holder = new Map<number, Set<string>>()
      for (const n of NAMES)
        for (const l of lines(join(dir, `${n}.leases`)))
          for (const id of l.split(' ')[1]!.split(',').map(Number))
            holder.set(id, (holder.get(id) ?? new Set()).add(n))
      const twice = [...holder].filter(([, who]) => who.size > 1)
      expect(twice, `images handed to two annotators ${why}`).toEqual([])
      expect(holder.size).toBeGreaterThan(TARGET / 2)
      const stored = new Map(leases.map((l) => [l.image, l.annotator]))
      expect(stored.size).toBe(leases.length) // one lease row per image
      for (const [id, who] of holder) expect(stored.get(id), `image ${id}`).toBe([...who][0])
      // and no image decided by two annotators
      const deciders = new Map<string, Set<string>>()
      for (const r of server.filter((x) => x.kind !== 'revert'))
        deciders.set(r.hash, (deciders.get(r.hash) ?? new Set()).add(r.annotator))
      expect([...deciders.values()].filter((s) => s.size > 1)).toEqual([])

      // each replica's log is the store's, and its current labels follow it
      for (const [i, p] of replicas.entries()) {
        const local = p.db
          .prepare(
            `SELECT d.uid, d.annotator, d.kind, l.name AS label, i.hash, r.uid AS revert_of
               FROM decisions d JOIN images i ON i.id = d.image_id LEFT JOIN labels l ON l.id = d.label_id
               LEFT JOIN decisions r ON r.id = d.revert_of ORDER BY d.uid`
          )
          .all() as Row[]
        expect(local.length, `${NAMES[i]}'s replica ${why}`).toBe(server.length)
        expect(local).toEqual(server)
        expect(verifyCurrent(p.db).mismatches).toBe(0)
      }
    } finally {
      for (const p of replicas) p.close()
    }
  }, 240_000)
})
