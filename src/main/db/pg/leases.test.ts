import type { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { leaseBatch, setOverlap } from './leases'
import { addMember } from './roles'
import { migrate } from './schema'
import { startCluster, type Cluster } from './testing/cluster'
import { describeWithCluster } from './testing/describe-cluster'
import { connectAs, createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from './testing/team-db'

const IMAGES = 400
const NAMES = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']

describeWithCluster('leasing images from the shared queue', () => {
  let cluster: Cluster
  const open: Client[] = []

  beforeAll(async () => {
    cluster = await startCluster()
  })
  afterAll(async () => {
    for (const c of open) await c.end().catch(() => undefined)
    await cluster?.stop()
  })

  /** A fresh team database with IMAGES images and the annotators connected. */
  async function team(): Promise<{ owner: Client; members: Client[] }> {
    const db = await createTeamDb(cluster)
    const owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    open.push(owner)
    await migrate(owner)
    await owner.query("INSERT INTO project (id, name) VALUES (1, 'q')")
    await owner.query(
      `INSERT INTO images (hash, rel_path) SELECT md5(g::text), 'img/' || g || '.jpg' FROM generate_series(1, ${IMAGES}) g`
    )
    for (const n of NAMES) await addMember(owner, n, 'annotator', MEMBER_PASSWORD)
    const members = await Promise.all(NAMES.map((n) => connectAs(cluster, db, n, MEMBER_PASSWORD)))
    open.push(...members)
    return { owner, members }
  }

  /** Every annotator asks for batches at once until the queue gives them nothing. */
  async function drain(members: Client[], n: number): Promise<Map<string, number[]>> {
    const got = new Map<string, number[]>(NAMES.map((x) => [x, []]))
    await Promise.all(
      members.map(async (c, i) => {
        for (;;) {
          const ids = await leaseBatch(c, NAMES[i], n)
          if (ids.length === 0) return
          got.get(NAMES[i])!.push(...ids)
        }
      })
    )
    return got
  }

  /** Each annotator once more, one after another: what was skipped as locked is taken now. */
  async function sweep(members: Client[], got: Map<string, number[]>): Promise<void> {
    for (const [i, c] of members.entries()) {
      for (
        let ids = await leaseBatch(c, NAMES[i], 50);
        ids.length > 0;
        ids = await leaseBatch(c, NAMES[i], 50)
      ) {
        got.get(NAMES[i])!.push(...ids)
      }
    }
  }

  it('hands each image to exactly one annotator when six ask at once', async () => {
    const { owner, members } = await team()
    const got = await drain(members, 7)
    await sweep(members, got)
    const all = [...got.values()].flat()
    expect(new Set(all).size).toBe(all.length) // nobody got an image twice, no image went to two
    expect(all.length).toBe(IMAGES)
    expect([...got.values()].filter((ids) => ids.length > 0).length).toBeGreaterThan(1)
    const r = await owner.query('SELECT count(*)::int AS n FROM leases')
    expect(r.rows[0].n).toBe(IMAGES)
  })

  it('with overlap k, hands the overlapped images to k different annotators', async () => {
    const { owner, members } = await team()
    await setOverlap(owner, 3, 0.25)
    const copies = await owner.query<{ id: string; copies: number }>('SELECT id, copies FROM images')
    const want = new Map(copies.rows.map((r) => [Number(r.id), r.copies]))
    const overlapped = [...want.values()].filter((k) => k === 3).length
    expect(overlapped).toBeGreaterThan(IMAGES * 0.15)
    expect(overlapped).toBeLessThan(IMAGES * 0.35)

    const got = await drain(members, 5)
    await sweep(members, got)
    for (const ids of got.values()) expect(new Set(ids).size).toBe(ids.length)
    const holders = new Map<number, number>()
    for (const ids of got.values()) for (const id of ids) holders.set(id, (holders.get(id) ?? 0) + 1)
    for (const [id, k] of want) expect(holders.get(id), `image ${id}`).toBe(k)
  })

  it('lets one annotator lease on one connection while deciding on another', async () => {
    const { owner } = await team()
    const db = (await owner.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db
    const [leaser, decider] = await Promise.all(
      [1, 2].map(() => connectAs(cluster, db, 'a1', MEMBER_PASSWORD))
    )
    open.push(leaser, decider)
    // the review loop asks for work while a sync pushes decisions on leased images: both take the
    // annotator's locks, and they once deadlocked (the push locked lease rows first)
    // each round leases the next images while the last round's are decided, at the same moment
    let decided = 0
    let pending: number[] = []
    do {
      const decide = pending.length
        ? decider.query(
            `INSERT INTO decisions (uid, batch_uid, batch_kind, image_id, kind, at)
             SELECT gen_random_uuid(), gen_random_uuid(), 'decide', unnest($1::bigint[]), 'skipped', now()`,
            [pending]
          )
        : null
      decided += pending.length
      ;[pending] = await Promise.all([leaseBatch(leaser, 'a1', 1), decide])
    } while (pending.length > 0)
    expect(decided).toBe(IMAGES)
    const r = await owner.query("SELECT count(*)::int AS n FROM leases WHERE annotator = 'a1' AND done")
    expect(r.rows[0].n).toBe(IMAGES)
  })

  it('returns expired leases to the queue, but never an image its holder decided', async () => {
    const { owner, members } = await team()
    await setOverlap(owner, 1, 0)
    const [a, b] = members
    const mine = await leaseBatch(a, 'a1', 3)
    await owner.query("UPDATE leases SET expires_at = now() + interval '1 minute' WHERE annotator = 'a1'")
    await expect(leaseBatch(a, 'a2', 3)).rejects.toThrow(/only for themselves/)
    await a.query(
      `INSERT INTO decisions (uid, batch_uid, batch_kind, image_id, kind, at)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'decide', $1, 'skipped', now())`,
      [mine[0]]
    )
    // deciding is activity: a1's other leases are renewed for the project's lease time
    const renewed = await owner.query(
      "SELECT bool_and(expires_at > now() + interval '10 minutes') AS ok FROM leases WHERE annotator = 'a1' AND NOT done"
    )
    expect(renewed.rows[0].ok).toBe(true)
    // a1 went quiet: their leases are past their time (the owner may move the clock of a lease)
    await owner.query("UPDATE leases SET expires_at = now() - interval '1 second' WHERE annotator = 'a1'")
    const theirs = await leaseBatch(b, 'a2', IMAGES)
    expect(theirs).toContain(mine[1])
    expect(theirs).toContain(mine[2])
    expect(theirs).not.toContain(mine[0])
    expect(theirs.length).toBe(IMAGES - 1)
    const left = await owner.query("SELECT image_id::int AS id, done FROM leases WHERE annotator = 'a1'")
    expect(left.rows).toEqual([{ id: mine[0], done: true }])
  })
})
