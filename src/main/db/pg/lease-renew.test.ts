// Store migration 3 on a real cluster, from a store an older Zebra left at schema 2 with leases out:
// zebra_renew() renews the caller's undecided leases and takes nothing new, zebra_release() gives
// them back to the queue (another annotator gets them), each acts for the connected role only,
// and deciding still renews and closes leases through the renamed trigger function.
import type { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { leaseBatch, releaseLeases, renewLeases } from './leases'
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './migrations'
import { addMember } from './roles'
import { migrate } from './schema'
import { startCluster, type Cluster } from './testing/cluster'
import { describeWithCluster } from './testing/describe-cluster'
import { connectAs, createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from './testing/team-db'

const IMAGES = 40
const SCHEMA_2 = PG_MIGRATIONS.filter((m) => m.version <= 2)

describeWithCluster('renewing and releasing leases (store migration 3)', () => {
  let cluster: Cluster
  let owner: Client
  let a1: Client
  let a2: Client
  const open: Client[] = []

  beforeAll(async () => {
    cluster = await startCluster()
    const db = await createTeamDb(cluster)
    owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    open.push(owner)
    expect(await migrate(owner, SCHEMA_2)).toBe(0)
    await owner.query("INSERT INTO project (id, name, lease_seconds) VALUES (1, 'q', 600)")
    await owner.query(
      `INSERT INTO images (hash, rel_path) SELECT md5(g::text), 'img/' || g || '.jpg' FROM generate_series(1, ${IMAGES}) g`
    )
    await addMember(owner, 'a1', 'annotator', MEMBER_PASSWORD)
    await addMember(owner, 'a2', 'annotator', MEMBER_PASSWORD)
    a1 = await connectAs(cluster, db, 'a1', MEMBER_PASSWORD)
    a2 = await connectAs(cluster, db, 'a2', MEMBER_PASSWORD)
    open.push(a1, a2)
  })
  afterAll(async () => {
    for (const c of open) await c.end().catch(() => undefined)
    await cluster?.stop()
  })

  const leasesOf = async (annotator: string): Promise<{ id: number; done: boolean; secondsLeft: number }[]> =>
    (
      await owner.query(
        `SELECT image_id::int AS id, done, extract(epoch FROM expires_at - now())::float8 AS "secondsLeft"
           FROM leases WHERE annotator = $1 ORDER BY image_id`,
        [annotator]
      )
    ).rows
  const holders = async (ids: number[]): Promise<number[]> =>
    (
      await owner.query('SELECT holders FROM images WHERE id = ANY($1::bigint[]) ORDER BY id', [ids])
    ).rows.map((r: { holders: number }) => r.holders)

  it('migrates a schema-2 store with leases out, keeping them', async () => {
    const mine = await leaseBatch(a1, 'a1', 5)
    expect(mine).toHaveLength(5)
    // schema 2 has no renew-only call: a member could only renew by leasing more
    await expect(a1.query('SELECT zebra_release()')).rejects.toThrow(/does not exist/)
    const before = await leasesOf('a1')

    expect(await migrate(owner)).toBe(2)
    const v = await owner.query("SELECT value FROM zebra_meta WHERE key = 'schema_version'")
    expect(v.rows[0].value).toBe(String(PG_SCHEMA_VERSION))
    expect((await leasesOf('a1')).map((l) => l.id)).toEqual(before.map((l) => l.id))
  })

  it('renews only the caller’s undecided leases and takes no new image', async () => {
    const held = (await leasesOf('a1')).map((l) => l.id)
    await a1.query(
      `INSERT INTO decisions (uid, batch_uid, batch_kind, image_id, kind, at)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'decide', $1, 'skipped', now())`,
      [held[0]]
    )
    const a2Held = await leaseBatch(a2, 'a2', 3)
    // both annotators' leases are near their end, one of a1's already past it (not yet reclaimed)
    await owner.query("UPDATE leases SET expires_at = now() + interval '5 seconds' WHERE NOT done")
    await owner.query("UPDATE leases SET expires_at = now() - interval '1 second' WHERE image_id = $1", [
      held[4]
    ])

    expect(await renewLeases(a1)).toBe(4)
    const after = await leasesOf('a1')
    expect(after.map((l) => l.id)).toEqual(held) // nothing new
    expect(after.filter((l) => !l.done).every((l) => l.secondsLeft > 500)).toBe(true)
    expect(after.find((l) => l.id === held[0])).toMatchObject({ done: true })
    expect((await leasesOf('a2')).every((l) => l.secondsLeft < 10)).toBe(true)
    expect((await leasesOf('a2')).map((l) => l.id)).toEqual(a2Held)

    // deciding still renews the decider's other leases (the trigger's renamed function)
    await owner.query("UPDATE leases SET expires_at = now() + interval '5 seconds' WHERE NOT done")
    await a2.query(
      `INSERT INTO decisions (uid, batch_uid, batch_kind, image_id, kind, at)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'decide', $1, 'skipped', now())`,
      [a2Held[0]]
    )
    const a2After = await leasesOf('a2')
    expect(a2After[0]).toMatchObject({ id: a2Held[0], done: true })
    expect(a2After.slice(1).every((l) => !l.done && l.secondsLeft > 500)).toBe(true)
  })

  it('gives the caller’s undecided leases back to the queue, keeping what they decided', async () => {
    const held = (await leasesOf('a1')).map((l) => l.id)
    const undecided = held.slice(1)
    expect(await holders(undecided)).toEqual([1, 1, 1, 1])
    const a2Before = await leasesOf('a2')

    expect(await releaseLeases(a1)).toBe(4)
    expect(await leasesOf('a1')).toMatchObject([{ id: held[0], done: true }])
    expect(await holders(undecided)).toEqual([0, 0, 0, 0])
    expect(await leasesOf('a2')).toEqual(
      a2Before.map((l) => ({ ...l, secondsLeft: expect.any(Number) as number }))
    )
    expect(await releaseLeases(a1)).toBe(0)

    // the images go to the next annotator who asks; the one a1 decided never does
    const got = await leaseBatch(a2, 'a2', IMAGES)
    for (const id of undecided) expect(got).toContain(id)
    expect(got).not.toContain(held[0])
    const open = await owner.query('SELECT count(*)::int AS n FROM images WHERE holders < copies')
    expect(open.rows[0].n).toBe(0)
  })

  it('lets the owner call them for itself only, and nobody else write leases', async () => {
    expect(await renewLeases(owner)).toBe(0)
    expect(await releaseLeases(owner)).toBe(0)
    expect((await leasesOf('a2')).filter((l) => !l.done).length).toBeGreaterThan(0)
    await expect(a1.query("DELETE FROM leases WHERE annotator = 'a2'")).rejects.toMatchObject({
      code: '42501'
    })
  })
})
