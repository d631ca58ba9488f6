// `zebra team status` through the real launcher from a folder outside the repository, against a
// throwaway PostgreSQL cluster: a member's replica with decisions not yet sent says online and how
// many wait; with the server stopped it says offline with the same number (exit 0: it is a
// status); after the server is back and a sync, nothing waits. A file that is no replica is a
// usage error (exit 2). The password comes from PGPASSWORD and never shows.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { appendDecisions } from '../db/decisions'
import { Project } from '../db/project'
import { startCluster, type Cluster } from '../db/pg/testing/cluster'
import { describeWithCluster } from '../db/pg/testing/describe-cluster'
import { createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from '../db/pg/testing/team-db'
import { runZebra, workDir } from './testing/harness'

interface Status {
  replica: string
  annotator: string
  url: string
  online: boolean
  error?: string
  waiting: number
  leased: number
  storeLeases: number | null
  counts: { annotator: string; decided: number }[]
}

describeWithCluster('zebra team status', () => {
  let cluster: Cluster
  let db: string
  let cwd: string
  let base: NodeJS.ProcessEnv
  const url = (user = ''): string => `postgres://${user ? `${user}@` : ''}127.0.0.1:${cluster.port}/${db}`
  const zebra = (password: string, ...args: string[]): ReturnType<typeof runZebra> =>
    runZebra(args, { cwd, env: { ...base, PGPASSWORD: password, ZEBRA_MEMBER_PASSWORD: MEMBER_PASSWORD } })
  const status = async (): Promise<Status> => {
    const r = await zebra(MEMBER_PASSWORD, 'team', 'status', 'ann.zebra', '--format', 'json')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).not.toContain(MEMBER_PASSWORD)
    return JSON.parse(r.stdout) as Status
  }

  beforeAll(async () => {
    cluster = await startCluster()
    db = await createTeamDb(cluster)
    cwd = workDir('zebra-cli-team-status-')
    base = {
      ...process.env,
      HOME: cwd,
      ZEBRA_HOME: join(cwd, 'home'),
      ZEBRA_ANNOTATOR: 'ann',
      ZEBRA_EP: 'cpu'
    }
    delete base.PGPASSWORD
    delete base.PGUSER
    let r = await runZebra(['init', 'p.zebra', '--images', 'photos', '--labels', 'cat,rocket', '--scan'], {
      cwd,
      env: base
    })
    expect(r.code, r.stderr).toBe(0)
    r = await zebra(OWNER_PASSWORD, 'team', 'init', url(OWNER), '--from', 'p.zebra')
    expect(r.code, r.stderr).toBe(0)
    r = await zebra(OWNER_PASSWORD, 'team', 'add', url(OWNER), 'ann')
    expect(r.code, r.stderr).toBe(0)
    r = await zebra(
      MEMBER_PASSWORD,
      'team',
      'join',
      url(),
      '--annotator',
      'ann',
      '--images',
      'photos',
      '--to',
      'ann.zebra'
    )
    expect(r.code, r.stderr).toBe(0)
  })
  afterAll(async () => {
    await cluster?.stop()
    if (cwd) rmSync(cwd, { recursive: true, force: true })
  })

  it('says online or offline, the decisions waiting, and the counts per annotator', async () => {
    const p = Project.open(join(cwd, 'ann.zebra'))
    const ids = p.db.prepare('SELECT id FROM images ORDER BY id LIMIT 2').pluck().all() as number[]
    appendDecisions(p.db, [{ imageId: ids[0], kind: 'corrected', labelId: 1 }], 'ann')
    appendDecisions(p.db, [{ imageId: ids[1], kind: 'corrected', labelId: 2 }], 'ann')
    p.close()

    let s = await status()
    expect(s).toMatchObject({ annotator: 'ann', url: url('ann'), online: true, waiting: 2, storeLeases: 0 })
    expect(s.counts).toEqual([{ annotator: 'ann', decided: 2 }])

    await cluster.pause()
    try {
      s = await status()
      expect(s).toMatchObject({ online: false, waiting: 2, storeLeases: null })
      expect(s.error).toMatch(/Cannot reach the PostgreSQL server/)
      const t = await zebra(MEMBER_PASSWORD, 'team', 'status', 'ann.zebra')
      expect(t.code, t.stderr).toBe(0)
      expect(t.stdout).toMatch(/store: offline \(Cannot reach/)
      expect(t.stdout).toMatch(/waiting to be sent: 2\n/)
      expect(t.stdout).toMatch(/ {2}ann: 2\n/)
    } finally {
      await cluster.resume()
    }

    const r = await zebra(MEMBER_PASSWORD, 'team', 'sync', 'ann.zebra')
    expect(r.code, r.stderr).toBe(0)
    s = await status()
    expect(s).toMatchObject({ online: true, waiting: 0 })
  }, 120_000)

  it('refuses a file that is not a team replica', async () => {
    const r = await zebra(MEMBER_PASSWORD, 'team', 'status', 'p.zebra')
    expect(r.code).toBe(2) // a usage error, as `zebra team sync` of such a file
    expect(r.stderr).toMatch(/is not a team replica: make one with `zebra team join`/)
  })
})
