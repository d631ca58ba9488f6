// `zebra team init|add|join|sync` through the real launcher from a folder outside the repository,
// against a throwaway PostgreSQL cluster: the owner publishes, a member joins with their own copy of
// the images, decides and syncs; wrong passwords, missing roles and unreachable servers are clear
// failures (exit 1) that write nothing, and no password ever lands in a file or a message.
import { cpSync, existsSync, readFileSync, rmSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { appendDecisions } from '../db/decisions'
import { Project } from '../db/project'
import { startCluster, type Cluster } from '../db/pg/testing/cluster'
import { describeWithCluster } from '../db/pg/testing/describe-cluster'
import { createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from '../db/pg/testing/team-db'
import { runZebra, workDir } from './testing/harness'

describeWithCluster('zebra team', () => {
  let cluster: Cluster
  let db: string
  let cwd: string
  let base: NodeJS.ProcessEnv
  const url = (user = ''): string => `postgres://${user ? `${user}@` : ''}127.0.0.1:${cluster.port}/${db}`
  const zebra = (password: string, ...args: string[]): ReturnType<typeof runZebra> =>
    runZebra(args, { cwd, env: { ...base, PGPASSWORD: password, ZEBRA_MEMBER_PASSWORD: MEMBER_PASSWORD } })

  beforeAll(async () => {
    cluster = await startCluster()
    db = await createTeamDb(cluster)
    cwd = workDir('zebra-cli-team-')
    // HOME here: no ~/.pgpass of this machine's user may answer for the test
    base = {
      ...process.env,
      HOME: cwd,
      ZEBRA_HOME: join(cwd, 'home'),
      ZEBRA_ANNOTATOR: 'owner',
      ZEBRA_EP: 'cpu'
    }
    delete base.PGPASSWORD
    delete base.PGUSER
    const r = await runZebra(['init', 'p.zebra', '--images', 'photos', '--labels', 'cat,rocket', '--scan'], {
      cwd,
      env: base
    })
    expect(r.code, r.stderr).toBe(0)
    const p = Project.open(join(cwd, 'p.zebra'))
    try {
      const ids = p.db.prepare('SELECT id FROM images ORDER BY id LIMIT 3').pluck().all() as number[]
      appendDecisions(p.db, [{ imageId: ids[0], kind: 'corrected', labelId: 1 }], 'owner')
      appendDecisions(
        p.db,
        [
          { imageId: ids[1], kind: 'corrected', labelId: 2 },
          { imageId: ids[2], kind: 'skipped' }
        ],
        'owner'
      )
    } finally {
      p.close()
    }
    // the member's own copy: all images but one
    cpSync(join(cwd, 'photos'), join(cwd, 'mine'), { recursive: true })
    unlinkSync(join(cwd, 'mine', 'photo_rocket.jpg'))
  })
  afterAll(async () => {
    await cluster?.stop()
    if (cwd) rmSync(cwd, { recursive: true, force: true })
  })

  it('publishes, adds a member, joins and syncs', async () => {
    let r = await zebra(OWNER_PASSWORD, 'team', 'init', url(OWNER), '--from', 'p.zebra')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(
      /published "p" .*: 2 labels, 1 template sets, 13 images, 0 predictions, 3 decisions/
    )

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
      'mine',
      '--to',
      'ann.zebra'
    )
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/images: 12 found in your folders, 1 missing/)
    expect(r.stdout).toMatch(/missing: photos\/photo_rocket\.jpg/)
    expect(r.stdout).toMatch(/from the team: 0 embeddings, 0 predictions\n/) // none were computed
    expect(r.stdout).toMatch(/decisions: 3 pulled/)
    expect(r.stdout).toMatch(/decide as "ann" \(--annotator ann or ZEBRA_ANNOTATOR=ann\)/) // ZEBRA_ANNOTATOR is owner here

    const local = new Database(join(cwd, 'ann.zebra'))
    try {
      expect(local.prepare('SELECT url, annotator FROM team_link').get()).toEqual({
        url: url('ann'),
        annotator: 'ann'
      })
      expect(local.prepare('SELECT count(*) FROM decisions').pluck().get()).toBe(3)
      const img = local
        .prepare("SELECT id FROM images WHERE rel_path = 'photo_coffee.jpg'")
        .pluck()
        .get() as number
      local.close()
      const p = Project.open(join(cwd, 'ann.zebra'))
      appendDecisions(p.db, [{ imageId: img, kind: 'corrected', labelId: 2 }], 'ann')
      p.close()
    } finally {
      if (local.open) local.close()
    }
    r = await zebra(MEMBER_PASSWORD, 'team', 'sync', 'ann.zebra')
    expect(r.code, r.stderr).toBe(0)
    // its own row comes back from the store and is recognised by uid: nothing new to pull
    expect(r.stdout).toMatch(/sent 1 new of 1; pulled 0\n/)

    const c = new Client({ connectionString: cluster.url(OWNER, OWNER_PASSWORD, db) })
    await c.connect()
    const server = await c.query("SELECT annotator, kind FROM decisions WHERE annotator = 'ann'")
    await c.end()
    expect(server.rows).toEqual([{ annotator: 'ann', kind: 'corrected' }])

    for (const f of ['ann.zebra', 'p.zebra']) {
      const bytes = readFileSync(join(cwd, f)).toString('latin1')
      expect(bytes.includes(MEMBER_PASSWORD) || bytes.includes(OWNER_PASSWORD)).toBe(false)
    }
  })

  it('fails clearly and writes nothing on a wrong password, a missing role or no server', async () => {
    const secret = 'hunter2-wrong'
    let r = await zebra(
      secret,
      'team',
      'join',
      url(),
      '--annotator',
      'ann',
      '--images',
      'mine',
      '--to',
      'x.zebra'
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Wrong password for role "ann" on 127\.0\.0\.1:\d+\/team_\w+, or no such role/)

    r = await zebra(
      MEMBER_PASSWORD,
      'team',
      'join',
      url(),
      '--annotator',
      'zed',
      '--images',
      'mine',
      '--to',
      'x.zebra'
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/role "zed"/)

    // a password in the URL is used, never shown
    const inUrl = `postgres://ann:${secret}@127.0.0.1:${cluster.port}/${db}`
    r = await zebra('', 'team', 'join', inUrl, '--annotator', 'ann', '--images', 'mine', '--to', 'x.zebra')
    expect(r.code).toBe(1)
    expect(r.stdout + r.stderr).not.toContain(secret)

    const other = await startCluster()
    const gone = `postgres://ann@127.0.0.1:${other.port}/${db}`
    await other.stop()
    r = await zebra(
      MEMBER_PASSWORD,
      'team',
      'join',
      gone,
      '--annotator',
      'ann',
      '--images',
      'mine',
      '--to',
      'x.zebra'
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Cannot reach the PostgreSQL server at 127\.0\.0\.1:\d+/)

    r = await zebra(MEMBER_PASSWORD, 'team', 'init', url(OWNER), '--from', 'p.zebra')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Wrong password for role "team_owner"/)
    r = await zebra(OWNER_PASSWORD, 'team', 'init', url(OWNER), '--from', 'p.zebra')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/already holds the team project "p"/)
    expect(existsSync(join(cwd, 'x.zebra'))).toBe(false)
  })

  it('keeps decisions waiting when the server is gone, and says so', async () => {
    const p = Project.open(join(cwd, 'ann.zebra'))
    const img = p.db
      .prepare("SELECT id FROM images WHERE rel_path = 'photo_chelsea.jpg'")
      .pluck()
      .get() as number
    appendDecisions(p.db, [{ imageId: img, kind: 'unsure' }], 'ann')
    p.close()
    await cluster.stop()
    const r = await zebra(MEMBER_PASSWORD, 'team', 'sync', 'ann.zebra')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /Cannot reach the PostgreSQL server at 127\.0\.0\.1:\d+\/team_\w+ \(ECONNREFUSED\)/
    )
    const local = new Database(join(cwd, 'ann.zebra'), { readonly: true })
    try {
      const waiting = local
        .prepare('SELECT count(*) FROM decisions WHERE uid NOT IN (SELECT uid FROM team_known)')
        .pluck()
        .get()
      expect(waiting).toBe(1)
    } finally {
      local.close()
    }
  })
})
