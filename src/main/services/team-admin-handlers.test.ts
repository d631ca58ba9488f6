// Administering a team project from the app, through the real services and the transports'
// dispatch, against a throwaway PostgreSQL cluster with no PGPASSWORD and no ~/.pgpass: the queue's
// settings (read-only for a member, changed by the owner), refreshing a member's copy with what the
// store gained, forgetting a kept password, and removing a member (CONNECT and groups go, the role
// is dropped when it belongs to nothing else, the decisions stay). Waits poll for outcomes.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { InvokeChannel, InvokeInput, InvokeOutput } from '../../shared/contract'
import type { AppErrorShape } from '../../shared/errors'
import { startCluster, type Cluster } from '../db/pg/testing/cluster'
import { describeWithCluster } from '../db/pg/testing/describe-cluster'
import { connectAs, createTeamDb, OWNER, OWNER_PASSWORD } from '../db/pg/testing/team-db'
import { Project } from '../db/project'
import { scanProject } from '../jobs/scan'
import { setLogDir } from '../log'
import { sampleImagesDir } from '../paths'
import { dispatchInvoke } from '../transport/dispatch'
import { createServices, type Services } from './index'

const ANN = 'ann-typed-secret'

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await new Promise((ok) => setTimeout(ok, 25))
  }
}

describeWithCluster('administering a team project from the app', () => {
  let cluster: Cluster
  let dir: string
  let db: string
  let services: Services
  let owner: Client
  const saved = { PGPASSWORD: process.env.PGPASSWORD, PGPASSFILE: process.env.PGPASSFILE }

  async function invoke<K extends InvokeChannel>(ch: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
    const env = await dispatchInvoke(services.handlers, ch, input)
    if (!env.ok) throw Object.assign(new Error(env.error.message), env.error)
    return env.value as InvokeOutput<K>
  }
  async function refused<K extends InvokeChannel>(ch: K, input: InvokeInput<K>): Promise<AppErrorShape> {
    const env = await dispatchInvoke(services.handlers, ch, input)
    if (env.ok) throw new Error(`${ch} did not fail`)
    return env.error
  }
  const url = (user: string): string => `postgres://${user}@127.0.0.1:${cluster.port}/${db}`

  beforeAll(async () => {
    delete process.env.PGPASSWORD
    dir = mkdtempSync(join(tmpdir(), 'zebra-team-admin-'))
    process.env.PGPASSFILE = join(dir, 'no-pgpass')
    cluster = await startCluster()
    db = await createTeamDb(cluster)
    const p = Project.create(join(dir, 'birds.zebra'), {
      roots: [sampleImagesDir()],
      name: 'birds',
      labels: [{ name: 'cat' }, { name: 'rocket' }]
    })
    await scanProject(p)
    p.close()
    mkdirSync(join(dir, 'home'))
    setLogDir(join(dir, 'home'))
    services = createServices({
      emit: () => undefined,
      dataDir: join(dir, 'home'),
      transport: 'browser',
      testMode: true
    })
    await invoke('project.open', { path: join(dir, 'birds.zebra') })
    await invoke('team.share', {
      url: url(OWNER),
      password: OWNER_PASSWORD,
      members: [
        { name: 'ann', password: ANN, reviewer: false },
        { name: 'bob', password: 'bob-secret', reviewer: true }
      ]
    })
    owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    const mine = join(dir, 'ann-photos')
    mkdirSync(mine)
    for (const f of readdirSync(sampleImagesDir()).sort().slice(0, 10))
      copyFileSync(join(sampleImagesDir(), f), join(mine, f))
    const { jobId } = await invoke('team.join', {
      url: url('ann'),
      annotator: 'ann',
      password: ANN,
      images: [mine],
      to: join(dir, 'ann.zebra')
    })
    await invoke('team.joinResult', { jobId })
  })
  afterAll(async () => {
    await services?.dispose()
    await owner?.end().catch(() => undefined)
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  })

  it('shows a member the queue settings read-only, and lets the owner change them', async () => {
    const seen = await invoke('team.settings', {}) // the open copy's store, with the kept password
    expect(seen).toMatchObject({ url: url('ann'), name: 'birds', owner: OWNER, you: 'ann', isOwner: false })
    expect(seen.images).toBe(13)
    const no = await refused('team.changeSettings', { leaseMinutes: 5 })
    expect(no.code).toBe('unauthorized')
    expect(no.message).toBe(
      `Only the owner of this team project (role "${OWNER}") changes its settings; you are connected as "ann".`
    )

    const changed = await invoke('team.changeSettings', {
      url: url(OWNER),
      password: OWNER_PASSWORD,
      overlapK: 2,
      overlapShare: 0.5,
      leaseMinutes: 30
    })
    expect(changed).toMatchObject({
      isOwner: true,
      you: OWNER,
      overlapK: 2,
      overlapShare: 0.5,
      leaseMinutes: 30
    })
    // the owner's password was kept: reading again asks for none; the member reads the same
    expect(await invoke('team.settings', { url: url(OWNER) })).toMatchObject({
      overlapK: 2,
      leaseMinutes: 30
    })
    expect(await invoke('team.settings', {})).toMatchObject({
      overlapK: 2,
      overlapShare: 0.5,
      isOwner: false
    })
    const bad = await refused('team.changeSettings', { overlapShare: 2 })
    expect(bad.code).toBe('invalid_input')
  })

  it("refreshes the member's copy with a label the store gained, and the decision naming it", async () => {
    const owl = await owner.query<{ id: string }>(
      "INSERT INTO labels (name, color) VALUES ('owl', '#123') RETURNING id"
    )
    await owner.query(
      `INSERT INTO decisions (uid, batch_uid, batch_kind, annotator, image_id, kind, label_id, at)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'decide', $1, 1, 'corrected', $2, now())`,
      [OWNER, Number(owl.rows[0].id)]
    )
    const r = await invoke('team.refresh', {})
    expect(r.labels).toEqual(['owl'])
    expect(r.skipped).toBe(0)
    const summary = await invoke('project.summary', {})
    expect(summary!.labels.map((l) => l.name)).toContain('owl')
    await until('the owner decision in the copy', async () => {
      const s = await invoke('team.status', {})
      return s?.counts.some((c) => c.annotator === OWNER && c.decided === 1) ? s : undefined
    })
  })

  it('forgets the kept password: the next connection has none to use', async () => {
    await invoke('team.forgetPassword', {})
    const s = await refused('team.settings', {})
    expect(s.code).toBe('unauthorized')
    expect((await invoke('team.settings', { password: ANN })).you).toBe('ann') // kept again
  })

  it('removes members: no more CONNECT, groups gone, decisions kept; a role used elsewhere is kept', async () => {
    // bob may also enter another database of this server: his role is kept, without this project
    const other = await createTeamDb(cluster)
    await owner.query(`GRANT CONNECT ON DATABASE ${other} TO bob`)
    const memberNo = await refused('team.removeMember', { url: url('ann'), password: ANN, name: 'bob' })
    expect(memberNo.code).toBe('unauthorized')
    expect(memberNo.message).toContain('Only the owner of this team project')

    const before = await until('ann sent her decision', async () => {
      const item = await invoke('review.next', { order: 'file', status: 'unreviewed' })
      return item ?? undefined
    })
    await invoke('review.decide', { imageId: before.image.id, kind: 'rejected' })
    await until('the decision in the store', async () => {
      const n = await owner.query("SELECT 1 FROM decisions WHERE annotator = 'ann'")
      return n.rowCount ? true : undefined
    })
    // closing the copy first: its sync would otherwise keep an open session
    await invoke('project.open', { path: join(dir, 'birds.zebra') })

    const ann = await invoke('team.removeMember', { url: url(OWNER), password: OWNER_PASSWORD, name: 'ann' })
    expect(ann).toEqual({ name: 'ann', dropped: true, decisionsKept: 1 })
    const bob = await invoke('team.removeMember', { url: url(OWNER), name: 'bob' })
    expect(bob).toEqual({ name: 'bob', dropped: false, decisionsKept: 0 })
    const roles = await owner.query<{ rolname: string; groups: string[] }>(
      `SELECT r.rolname, array(SELECT g.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid
        WHERE a.member = r.oid ORDER BY 1)::text[] AS groups FROM pg_roles r WHERE r.rolname IN ('ann', 'bob')`
    )
    expect(roles.rows).toEqual([{ rolname: 'bob', groups: ['zebra_reviewer'] }])
    const denied = new Client({ connectionString: cluster.url('bob', 'bob-secret', db) })
    await expect(denied.connect()).rejects.toThrow(/permission denied for database/)
    const stays = await owner.query("SELECT count(*)::int AS n FROM decisions WHERE annotator = 'ann'")
    expect(stays.rows[0].n).toBe(1)
    const again = await refused('team.removeMember', { url: url(OWNER), name: 'ann' })
    expect(again).toMatchObject({ code: 'not_found', message: '"ann" is not a member of this team project.' })
  })
})
