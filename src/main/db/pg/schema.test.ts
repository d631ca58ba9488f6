import type { Client } from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { PG_SCHEMA_VERSION } from './migrations'
import { connectTeam } from './connect'
import { addMember, listMembers } from './roles'
import { checkServerVersion, checkStore, migrate } from './schema'
import { startCluster, type Cluster } from './testing/cluster'
import { describeWithCluster } from './testing/describe-cluster'
import { connectAs, createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from './testing/team-db'

async function refused(p: Promise<unknown>): Promise<string> {
  const e = (await p.then(
    () => null,
    (err: unknown) => err
  )) as { code?: string; message: string } | null
  expect(e, 'the statement should have been refused').not.toBeNull()
  return `${e!.code} ${e!.message}`
}

describe('which servers the team store accepts', () => {
  it('takes majors 13 to 17 and refuses others with a clear message', () => {
    expect(checkServerVersion(150004)).toBe(15)
    expect(checkServerVersion(130000)).toBe(13)
    expect(() => checkServerVersion(120017)).toThrow(/version 12; team projects need version 13 to 17/)
    expect(() => checkServerVersion(180000)).toThrow(AppError)
  })
})

describeWithCluster('the team store on a real PostgreSQL', () => {
  let cluster: Cluster
  let db: string
  let owner: Client
  const open: Client[] = []
  const as = async (user: string): Promise<Client> => {
    const c = await connectAs(cluster, db, user, MEMBER_PASSWORD)
    open.push(c)
    return c
  }

  beforeAll(async () => {
    cluster = await startCluster()
    db = await createTeamDb(cluster)
    owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    open.push(owner)
    expect(await migrate(owner)).toBe(0)
    expect(await migrate(owner)).toBe(PG_SCHEMA_VERSION) // a second run finds it current
    await owner.query("INSERT INTO project (id, name) VALUES (1, 'team')")
    await owner.query("INSERT INTO labels (name, color) VALUES ('cat', '#f00'), ('dog', '#0f0')")
    await owner.query("INSERT INTO images (hash, rel_path) VALUES ('h1', 'a/1.jpg'), ('h2', 'a/2.jpg')")
    await addMember(owner, 'ann', 'annotator', MEMBER_PASSWORD)
    await addMember(owner, 'bob', 'annotator', MEMBER_PASSWORD)
    await addMember(owner, 'rev', 'reviewer', MEMBER_PASSWORD)
  })
  afterAll(async () => {
    for (const c of open) await c.end().catch(() => undefined)
    await cluster?.stop()
  })

  const decision = (annotator: string, uid: string, adjudicated = false): [string, unknown[]] => [
    `INSERT INTO decisions (uid, batch_uid, batch_kind, annotator, image_id, kind, label_id, at, adjudicated)
     VALUES ($1, $1, 'decide', $2, 1, 'corrected', 1, now(), $3)`,
    [uid, annotator, adjudicated]
  ]

  it('lists the members by group', async () => {
    expect(await listMembers(owner)).toEqual([
      { name: 'ann', role: 'annotator' },
      { name: 'bob', role: 'annotator' },
      { name: 'rev', role: 'reviewer' }
    ])
  })

  it('lets an annotator append decisions under their own name only', async () => {
    const ann = await as('ann')
    await checkStore(ann)
    await ann.query(...decision('ann', '00000000-0000-4000-8000-000000000001'))
    expect(await refused(ann.query(...decision('bob', '00000000-0000-4000-8000-000000000002')))).toMatch(
      /^42501 new row violates row-level security policy/
    )
    expect(
      await refused(ann.query(...decision('ann', '00000000-0000-4000-8000-000000000003', true)))
    ).toMatch(/^42501 .*row-level security/)
    const seen = await ann.query('SELECT annotator FROM decisions')
    expect(seen.rows).toEqual([{ annotator: 'ann' }])
  })

  it('refuses every change to the log, to annotators and to the owner alike', async () => {
    const ann = await as('ann')
    expect(await refused(ann.query("UPDATE decisions SET kind = 'skipped'"))).toMatch(
      /^42501 permission denied for table decisions/
    )
    expect(await refused(ann.query('DELETE FROM decisions'))).toMatch(/^42501 permission denied/)
    expect(await refused(ann.query('TRUNCATE decisions'))).toMatch(/^42501 permission denied/)
    expect(await refused(owner.query("UPDATE decisions SET kind = 'skipped'"))).toMatch(
      /^42501 the decision log is append-only: UPDATE/
    )
    expect(await refused(owner.query('DELETE FROM decisions'))).toMatch(
      /^42501 the decision log is append-only: DELETE/
    )
    expect(await refused(owner.query('TRUNCATE decisions'))).toMatch(
      /^42501 the decision log is append-only: TRUNCATE/
    )
    expect((await owner.query('SELECT count(*)::int AS n FROM decisions')).rows[0].n).toBe(1)
  })

  it('keeps labels, templates, images and settings the owner’s', async () => {
    const bob = await as('bob')
    for (const sql of [
      "INSERT INTO labels (name, color) VALUES ('bird', '#00f')",
      "UPDATE labels SET name = 'kitten' WHERE id = 1",
      'DELETE FROM labels',
      `INSERT INTO template_sets (name, templates) VALUES ('x', '[]')`,
      "INSERT INTO images (hash, rel_path) VALUES ('h3', 'b/3.jpg')",
      'UPDATE images SET copies = 5',
      'UPDATE project SET overlap_k = 3',
      "INSERT INTO leases (image_id, annotator, expires_at) VALUES (2, 'bob', now())",
      "UPDATE zebra_meta SET value = '99'",
      'CREATE TABLE mine (x int)',
      'CREATE ROLE eve LOGIN'
    ]) {
      expect(await refused(bob.query(sql)), sql).toMatch(/^42501 permission denied/)
    }
    expect((await bob.query('SELECT name FROM labels ORDER BY id')).rows.map((r) => r.name)).toEqual([
      'cat',
      'dog'
    ])
    await owner.query("UPDATE labels SET color = '#a00' WHERE id = 1")
  })

  it('keeps a member of one team project out of another on the same server', async () => {
    const other = await createTeamDb(cluster)
    const o = await connectAs(cluster, other, OWNER, OWNER_PASSWORD)
    open.push(o)
    await migrate(o)
    await addMember(o, 'zoe', 'annotator', MEMBER_PASSWORD)
    const zoe = await connectAs(cluster, other, 'zoe', MEMBER_PASSWORD)
    open.push(zoe)
    await expect(connectAs(cluster, db, 'zoe', MEMBER_PASSWORD)).rejects.toMatchObject({ code: '42501' })
    await expect(connectTeam(cluster.url('zoe', MEMBER_PASSWORD, db))).rejects.toThrow(
      /Role "zoe" is not a member of the team project at 127\.0\.0\.1:\d+\/team_/
    )
    await expect(connectAs(cluster, other, 'ann', MEMBER_PASSWORD)).rejects.toThrow(
      /permission denied for database/
    )
  })

  it('lets the reviewer append adjudicated decisions, under their own name', async () => {
    const rev = await as('rev')
    await rev.query(...decision('rev', '00000000-0000-4000-8000-000000000004', true))
    expect(
      await refused(rev.query(...decision('ann', '00000000-0000-4000-8000-000000000005', true)))
    ).toMatch(/^42501 .*row-level security/)
    const ann = await as('ann')
    const r = await ann.query('SELECT annotator, adjudicated FROM decisions ORDER BY seq')
    expect(r.rows).toEqual([
      { annotator: 'ann', adjudicated: false },
      { annotator: 'rev', adjudicated: true }
    ])
  })

  it('refuses a store from a newer Zebra and a foreign database, writing nothing', async () => {
    const other = await createTeamDb(cluster)
    const o = await connectAs(cluster, other, OWNER, OWNER_PASSWORD)
    open.push(o)
    await o.query('CREATE TABLE invoices (id int)')
    await expect(migrate(o)).rejects.toMatchObject({ code: 'project_corrupt' })
    const tables = await o.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    expect(tables.rows).toEqual([{ tablename: 'invoices' }])

    await owner.query(`UPDATE zebra_meta SET value = '${PG_SCHEMA_VERSION + 1}' WHERE key = 'schema_version'`)
    await expect(migrate(owner)).rejects.toMatchObject({ code: 'project_newer' })
    await expect(checkStore(await as('ann'))).rejects.toThrow(/newer Zebra/)
    const v = await owner.query("SELECT value FROM zebra_meta WHERE key = 'schema_version'")
    expect(v.rows[0].value).toBe(String(PG_SCHEMA_VERSION + 1))
    await owner.query(`UPDATE zebra_meta SET value = '${PG_SCHEMA_VERSION}' WHERE key = 'schema_version'`)
  })
})
