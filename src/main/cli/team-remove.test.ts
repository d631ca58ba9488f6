// `zebra team remove` through the real launcher from a folder outside the repository, against a
// throwaway PostgreSQL cluster: a member who tries is refused by name (exit 1, nothing changed);
// the owner removes a member, whose role can no longer connect and whose decisions stay in the log;
// a name that is no member is refused.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { publishProject } from '../db/pg/publish'
import { addMember } from '../db/pg/roles'
import { startCluster, type Cluster } from '../db/pg/testing/cluster'
import { describeWithCluster } from '../db/pg/testing/describe-cluster'
import { connectAs, createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from '../db/pg/testing/team-db'
import { Project } from '../db/project'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { runZebra, workDir } from './testing/harness'

describeWithCluster('zebra team remove', () => {
  let cluster: Cluster
  let db: string
  let owner: Client
  let cwd: string
  let base: NodeJS.ProcessEnv
  const url = (user: string): string => `postgres://${user}@127.0.0.1:${cluster.port}/${db}`
  const zebra = (password: string, ...args: string[]): ReturnType<typeof runZebra> =>
    runZebra(args, { cwd, env: { ...base, PGPASSWORD: password } })

  beforeAll(async () => {
    cluster = await startCluster()
    db = await createTeamDb(cluster)
    owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    cwd = workDir('zebra-cli-team-remove-')
    base = { ...process.env, HOME: cwd, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_EP: 'cpu' }
    delete base.PGPASSWORD
    delete base.PGUSER
    const p = Project.create(join(cwd, 'p.zebra'), { roots: [sampleImagesDir()], labels: [{ name: 'cat' }] })
    try {
      await scanProject(p)
      await publishProject(p.db, owner)
    } finally {
      p.close()
    }
    await addMember(owner, 'ann', 'annotator', MEMBER_PASSWORD)
    await addMember(owner, 'bob', 'annotator', MEMBER_PASSWORD)
    const bob = await connectAs(cluster, db, 'bob', MEMBER_PASSWORD)
    await bob.query(
      `INSERT INTO decisions (uid, batch_uid, batch_kind, image_id, kind, at)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'decide', 1, 'rejected', now())`
    )
    await bob.end()
  })
  afterAll(async () => {
    await owner?.end().catch(() => undefined)
    await cluster?.stop()
    if (cwd) rmSync(cwd, { recursive: true, force: true })
  })

  it('refuses a member, then lets the owner remove one, whose decisions stay', async () => {
    const no = await zebra(MEMBER_PASSWORD, 'team', 'remove', url('ann'), 'bob')
    expect(no.code).toBe(1)
    expect(no.stderr).toContain(
      `Only the owner of this team project (role "${OWNER}") removes members; you are connected as "ann".`
    )

    const r = await zebra(OWNER_PASSWORD, 'team', 'remove', url(OWNER), 'bob')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trim()).toBe(
      'bob is no longer a member of this team project (1 of their decisions stay in the log); their role was dropped'
    )
    const gone = new Client({ connectionString: cluster.url('bob', MEMBER_PASSWORD, db) })
    await expect(gone.connect()).rejects.toThrow()
    const kept = await owner.query("SELECT count(*)::int AS n FROM decisions WHERE annotator = 'bob'")
    expect(kept.rows[0].n).toBe(1)

    const again = await zebra(OWNER_PASSWORD, 'team', 'remove', url(OWNER), 'bob')
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('"bob" is not a member of this team project.')
  })
})
