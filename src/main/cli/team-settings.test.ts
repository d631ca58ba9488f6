// `zebra team settings` through the real launcher from a folder outside the repository, against a
// throwaway PostgreSQL cluster: any member reads the queue's settings, the owner changes the
// overlap and the lease time (the store's rows follow), a member who tries is refused by name and
// nothing changes, bad numbers are usage errors, and a store left at an older schema is brought up
// to date by the owner's run (a member is told to ask the owner).
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from '../db/pg/migrations'
import { publishProject } from '../db/pg/publish'
import { addMember } from '../db/pg/roles'
import { migrate } from '../db/pg/schema'
import { startCluster, type Cluster } from '../db/pg/testing/cluster'
import { describeWithCluster } from '../db/pg/testing/describe-cluster'
import { connectAs, createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from '../db/pg/testing/team-db'
import { Project } from '../db/project'
import { scanProject } from '../jobs/scan'
import { runZebra, workDir } from './testing/harness'

describeWithCluster('zebra team settings', () => {
  let cluster: Cluster
  let db: string
  let owner: Client
  let cwd: string
  let base: NodeJS.ProcessEnv
  const url = (user: string, database = db): string =>
    `postgres://${user}@127.0.0.1:${cluster.port}/${database}`
  const zebra = async (password: string, ...args: string[]): ReturnType<typeof runZebra> => {
    const r = await runZebra(args, { cwd, env: { ...base, PGPASSWORD: password } })
    expect(r.stdout + r.stderr).not.toContain(password)
    return r
  }
  const stored = async (): Promise<{ k: number; share: number; lease: number; overlapped: number }> =>
    (
      await owner.query(
        `SELECT overlap_k AS k, round(overlap_fraction::numeric, 3)::float8 AS share, lease_seconds AS lease,
                (SELECT count(*)::int FROM images WHERE copies > 1) AS overlapped FROM project`
      )
    ).rows[0]

  beforeAll(async () => {
    cluster = await startCluster()
    db = await createTeamDb(cluster)
    owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    cwd = workDir('zebra-cli-team-settings-')
    base = { ...process.env, HOME: cwd, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_EP: 'cpu' }
    delete base.PGPASSWORD
    delete base.PGUSER
    const p = Project.create(join(cwd, 'p.zebra'), {
      roots: [join(cwd, 'photos')],
      labels: [{ name: 'cat' }]
    })
    try {
      await scanProject(p)
      await publishProject(p.db, owner)
    } finally {
      p.close()
    }
    await addMember(owner, 'ann', 'annotator', MEMBER_PASSWORD)
  })
  afterAll(async () => {
    await owner?.end().catch(() => undefined)
    await cluster?.stop()
    if (cwd) rmSync(cwd, { recursive: true, force: true })
  })

  it('prints the settings to the owner and to a member', async () => {
    for (const [who, pw] of [
      [OWNER, OWNER_PASSWORD],
      ['ann', MEMBER_PASSWORD]
    ]) {
      const r = await zebra(pw, 'team', 'settings', url(who))
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toMatch(
        /team project "p" at postgres:\/\/\w+@127\.0\.0\.1:\d+\/team_\w+ \(owner: team_owner\)/
      )
      expect(r.stdout).toMatch(/overlap: off \(each of the 13 images goes to one annotator\)/)
      expect(r.stdout).toMatch(/lease time: 15 minutes/)
    }
  })

  it('lets the owner change the overlap and the lease time', async () => {
    let r = await zebra(
      OWNER_PASSWORD,
      'team',
      'settings',
      url(OWNER),
      '--overlap',
      '3',
      '--share',
      '0.5',
      '--lease-minutes',
      '30'
    )
    expect(r.code, r.stderr).toBe(0)
    const now = await stored()
    expect(now).toMatchObject({ k: 3, share: 0.5, lease: 1800 })
    expect(now.overlapped).toBeGreaterThan(0)
    expect(now.overlapped).toBeLessThan(13)
    expect(r.stdout).toContain(`overlap: 50% of the images go to 3 annotators each (${now.overlapped} of 13)`)
    expect(r.stdout).toMatch(/lease time: 30 minutes/)

    // the share stays when only k changes; k = 1 turns overlap off
    r = await zebra(OWNER_PASSWORD, 'team', 'settings', url(OWNER), '--overlap', '2')
    expect(r.code, r.stderr).toBe(0)
    expect(await stored()).toEqual({ ...now, k: 2 })
    r = await zebra(OWNER_PASSWORD, 'team', 'settings', url(OWNER), '--overlap', '1')
    expect(r.code, r.stderr).toBe(0)
    expect(await stored()).toEqual({ k: 1, share: 0, lease: 1800, overlapped: 0 })
    expect(r.stdout).toMatch(/overlap: off/)
  })

  it('refuses a member by name and bad numbers, changing nothing', async () => {
    const before = await stored()
    let r = await zebra(MEMBER_PASSWORD, 'team', 'settings', url('ann'), '--lease-minutes', '5')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /Only the owner of this team project \(role "team_owner"\) changes its settings; you are connected as "ann"/
    )
    for (const [args, why] of [
      [['--share', '2'], /--share is a share of the images from 0 to 1/],
      [['--overlap', '2'], /An overlap of 2 needs a share .*add --share/],
      [['--share', '0.2'], /needs an overlap of 2 annotators or more/],
      [['--overlap', '2.5', '--share', '0.1'], /--overlap is a whole number/],
      [['--lease-minutes', 'soon'], /--lease-minutes takes a number, not "soon"/],
      [['--lease-minutes', '0.1'], /lease time is 1 minute to 7 days/]
    ] as const) {
      r = await zebra(OWNER_PASSWORD, 'team', 'settings', url(OWNER), ...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(why)
    }
    expect(await stored()).toEqual(before)
  })

  it('brings a store of an older schema up to date when the owner runs it', async () => {
    const old = await createTeamDb(cluster)
    const o = await connectAs(cluster, old, OWNER, OWNER_PASSWORD)
    try {
      await migrate(
        o,
        PG_MIGRATIONS.filter((m) => m.version < PG_SCHEMA_VERSION)
      )
      await o.query("INSERT INTO project (id, name) VALUES (1, 'older')")
      await addMember(o, 'ann', 'annotator', MEMBER_PASSWORD)
      let r = await zebra(MEMBER_PASSWORD, 'team', 'settings', url('ann', old))
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(
        new RegExp(
          `schema ${PG_SCHEMA_VERSION - 1}; its owner \\(role "team_owner"\\) must run \`zebra team settings\``
        )
      )
      r = await zebra(OWNER_PASSWORD, 'team', 'settings', url(OWNER, old))
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toContain(
        `updated the team store's schema from ${PG_SCHEMA_VERSION - 1} to ${PG_SCHEMA_VERSION}`
      )
      expect(r.stdout).toMatch(/team project "older"/)
      r = await zebra(MEMBER_PASSWORD, 'team', 'settings', url('ann', old))
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).not.toMatch(/updated/)
    } finally {
      await o.end()
    }
  })
})
