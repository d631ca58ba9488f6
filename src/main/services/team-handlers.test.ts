// Making a team project from the app, through the real services and the transports' dispatch
// (zod validation, AppError envelopes), against a throwaway PostgreSQL cluster, with no
// PGPASSWORD and no ~/.pgpass: every password is typed into the channels. The owner shares the
// open project (a wrong password, no server, a database in use: a clear error and nothing written)
// and adds members; a member joins, the replica opens and its background sync reaches the store
// with the password the app kept; the member's role is known and the reviewer's tools follow it.
// No password lands in a project file, the settings or the log. Waits poll for outcomes.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { InvokeChannel, InvokeInput, InvokeOutput, TeamStatus } from '../../shared/contract'
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

const ANN_PASSWORD = 'ann-typed-secret'
const REV_PASSWORD = 'rev-typed-secret'

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await new Promise((ok) => setTimeout(ok, 25))
  }
}

/** Every file under `dir`, read as bytes (Latin-1, so any byte sequence is searchable). */
function everyFile(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((file) => ({ file, text: readFileSync(file).toString('latin1') }))
}

describeWithCluster('team projects from the app', () => {
  let cluster: Cluster
  let dir: string
  let db: string
  let services: Services
  let owner: Client | undefined
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
  /** team.join starts the job; team.joinResult answers once it ends */
  async function joined(input: InvokeInput<'team.join'>): Promise<InvokeOutput<'team.joinResult'>> {
    const { jobId } = await invoke('team.join', input)
    return invoke('team.joinResult', { jobId })
  }
  const url = (user: string, port = cluster.port): string => `postgres://${user}@127.0.0.1:${port}/${db}`
  const storeTables = async (): Promise<number> => {
    const c = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    try {
      return Number(
        (await c.query<{ n: string }>("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'"))
          .rows[0].n
      )
    } finally {
      await c.end()
    }
  }

  beforeAll(async () => {
    // only what is typed may answer: no environment password, no password file
    delete process.env.PGPASSWORD
    dir = mkdtempSync(join(tmpdir(), 'zebra-team-app-'))
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

  it('shares the open project: refusals write nothing, then one transaction with its members', async () => {
    expect(await invoke('team.passwordStorage', {})).toEqual({
      persistent: false,
      note: 'Kept for this session only (until Zebra stops).'
    })
    const wrong = await refused('team.share', { url: url(OWNER), password: 'not-it' })
    expect(wrong.code).toBe('unauthorized')
    expect(wrong.message).toBe(
      `Wrong password for role "${OWNER}" on 127.0.0.1:${cluster.port}/${db}, or no such role.`
    )
    expect(wrong.message).not.toContain('not-it')

    const closed = await refused('team.share', { url: url(OWNER, 1), password: OWNER_PASSWORD })
    expect(closed.code).toBe('offline')
    expect(closed.message).toBe(`Cannot reach the PostgreSQL server at 127.0.0.1:1/${db} (ECONNREFUSED).`)

    // a member that cannot be added (a reserved name) is refused before anything is sent
    const badName = await refused('team.share', {
      url: url(OWNER),
      password: OWNER_PASSWORD,
      members: [{ name: 'pg_ann', password: 'x', reviewer: false }]
    })
    expect(badName.code).toBe('invalid_input')
    expect(badName.message).toContain('"pg_ann" cannot be a team member\'s name')
    expect(await storeTables()).toBe(0)

    const shared = await invoke('team.share', {
      url: url(OWNER),
      password: OWNER_PASSWORD,
      members: [
        { name: 'ann', password: ANN_PASSWORD, reviewer: false },
        { name: 'rev', password: REV_PASSWORD, reviewer: true }
      ]
    })
    expect(shared).toMatchObject({
      url: url(OWNER),
      name: 'birds',
      labels: 2,
      images: 13,
      decisions: 0,
      members: [
        { name: 'ann', role: 'annotator' },
        { name: 'rev', role: 'reviewer' }
      ]
    })
    const again = await refused('team.share', { url: url(OWNER), password: OWNER_PASSWORD })
    expect(again.code).toBe('target_not_empty')
    expect(again.message).toBe('This database already holds the team project "birds"; use an empty database.')

    // the owner's password was kept for the session: adding a member asks for none
    expect(
      await invoke('team.addMember', { url: url(OWNER), member: { name: 'carl', password: 'c' } })
    ).toEqual({
      name: 'carl',
      role: 'annotator'
    })
    owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    const members = await owner.query<{ name: string; grp: string }>(
      `SELECT m.rolname AS name, g.rolname AS grp FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid
        JOIN pg_roles m ON m.oid = a.member WHERE m.rolname IN ('ann', 'rev', 'carl') ORDER BY 1`
    )
    expect(members.rows).toEqual([
      { name: 'ann', grp: 'zebra_annotator' },
      { name: 'carl', grp: 'zebra_annotator' },
      { name: 'rev', grp: 'zebra_reviewer' }
    ])
  })

  it('joins as an annotator: the replica opens, syncs with the kept password, and is no reviewer', async () => {
    const mine = join(dir, 'ann-photos')
    mkdirSync(mine)
    const samples = readdirSync(sampleImagesDir()).sort()
    for (const f of samples.slice(0, 10)) copyFileSync(join(sampleImagesDir(), f), join(mine, f))

    const wrong = await refused('team.join', {
      url: url(''),
      annotator: 'ann',
      password: 'not-it',
      images: [mine],
      to: join(dir, 'ann.zebra')
    })
    expect(wrong.code).toBe('unauthorized')
    expect(existsSync(join(dir, 'ann.zebra'))).toBe(false)

    // cancelled at once: the job ends cancelled, the join answers so, and no file is left
    const started = await invoke('team.join', {
      url: url(''),
      annotator: 'ann',
      password: ANN_PASSWORD,
      images: [mine],
      to: join(dir, 'ann.zebra')
    })
    await invoke('jobs.cancel', { jobId: started.jobId })
    const cancelled = await dispatchInvoke(services.handlers, 'team.joinResult', started)
    expect(cancelled.ok).toBe(false)
    if (!cancelled.ok) {
      expect(cancelled.error.code).toBe('cancelled')
      expect(cancelled.error.message).toBe(
        `Join cancelled: no copy was made (${join(dir, 'ann.zebra')} was removed).`
      )
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('ann.zebra'))).toEqual([])
    expect((await invoke('jobs.list', {})).find((j) => j.jobId === started.jobId)?.state).toBe('cancelled')
    expect((await refused('team.joinResult', started)).code).toBe('not_found') // answered once

    const ann = await joined({
      url: `postgres://127.0.0.1:${cluster.port}/${db}`,
      annotator: 'ann',
      password: ANN_PASSWORD,
      images: [mine],
      to: join(dir, 'ann.zebra')
    })
    expect(ann.matched).toBe(10)
    expect(ann.missingCount).toBe(3)
    expect([...ann.missing].sort()).toEqual(samples.slice(10).map((f) => `sample-images/${f}`))
    expect(ann.role).toBe('annotator')
    expect(ann.project.path).toBe(join(dir, 'ann.zebra'))
    expect(ann.project.team).toEqual({ annotator: 'ann', role: 'annotator' })
    // the owner never pre-labelled: nothing to take from the store
    expect(ann).toMatchObject({ embeddings: 0, predictions: 0, stale: 0 })
    const job = (await invoke('jobs.list', {})).find((j) => j.kind === 'team-join' && j.state === 'done')
    expect(job).toMatchObject({ total: 10, done: 10, state: 'done' })

    // the open replica syncs in the background with the password the app kept (no PGPASSWORD)
    const online = await until('ann online', async () => {
      const s = await invoke('team.status', {})
      return s?.online && s.leased > 0 ? s : undefined
    })
    expect(online).toMatchObject<Partial<TeamStatus>>({ annotator: 'ann', role: 'annotator' })

    const dis = await refused('review.disagreements', { limit: 10 })
    expect(dis.code).toBe('unauthorized')
    expect(dis.message).toBe(
      'The disagreements queue is for reviewers: "ann" is an annotator of this team project. Its owner can make you a reviewer (zebra team add … ann --reviewer).'
    )
    expect((await refused('review.sample', { size: 5 })).code).toBe('unauthorized')
    const item = await invoke('review.next', { order: 'file', status: 'unreviewed' })
    const adj = await refused('review.decide', { imageId: item!.image.id, kind: 'skipped', adjudicate: true })
    expect(adj.code).toBe('unauthorized')
    expect(adj.message).toContain('An adjudicated decision is for reviewers')
  })

  it('learns a new role on the next connection, and lets a reviewer review', async () => {
    await owner!.query('GRANT zebra_reviewer TO ann')
    // reopening the replica connects afresh: the role is read again
    const reopened = await invoke('project.open', { path: join(dir, 'ann.zebra') })
    expect(reopened.team).toEqual({ annotator: 'ann', role: 'annotator' }) // as last known
    await until('ann a reviewer', async () => {
      const s = await invoke('team.status', {})
      return s?.online && s.role === 'reviewer' ? s : undefined
    })
    expect((await invoke('project.summary', {}))?.team).toEqual({ annotator: 'ann', role: 'reviewer' })
    expect((await invoke('review.disagreements', { limit: 10 })).total).toBe(0)
  })

  it('changes the kept password of the open copy: the sync reconnects with it', async () => {
    const wrong = await invoke('team.setPassword', { password: 'changed-wrong' })
    expect(wrong).toMatchObject({ online: false, annotator: 'ann' })
    expect(wrong!.error).toBe(
      `Wrong password for role "ann" on 127.0.0.1:${cluster.port}/${db}, or no such role.`
    )
    const right = await invoke('team.setPassword', { password: ANN_PASSWORD })
    expect(right).toMatchObject({ online: true, annotator: 'ann', role: 'reviewer' })
    const again = await refused('team.share', { url: url(OWNER), password: OWNER_PASSWORD })
    expect(again.message).toBe(
      'This project is a member’s copy of a team project already: share the project it came from.'
    )
    await invoke('project.open', { path: join(dir, 'birds.zebra') })
    expect((await refused('team.setPassword', { password: 'x' })).message).toBe(
      'The open project is not a team project: there is no password to change.'
    )
  })

  it('joins as a reviewer, who is offered the reviewer channels at once', async () => {
    const rev = await joined({
      url: url('someone-else'), // the member's name wins over the URL's user
      annotator: 'rev',
      password: REV_PASSWORD,
      images: [sampleImagesDir()],
      to: 'rev.zebra'
    })
    expect(rev.project.path).toBe(join(dir, 'home', 'projects', 'rev.zebra'))
    expect(rev).toMatchObject({ role: 'reviewer', missingCount: 0, matched: 13 })
    expect(rev.project.team).toEqual({ annotator: 'rev', role: 'reviewer' })
    expect((await invoke('review.disagreements', { limit: 5 })).total).toBe(0)
  })

  it('keeps no password in a project file, the settings or the log', async () => {
    await services.dispose()
    const files = [...everyFile(dir), ...everyFile(join(dir, 'home'))]
    expect(files.map((f) => f.file)).toContain(join(dir, 'ann.zebra'))
    for (const { file, text } of files) {
      for (const pw of [OWNER_PASSWORD, ANN_PASSWORD, REV_PASSWORD, 'not-it', 'changed-wrong'])
        expect(text.includes(pw), `${pw} in ${file}`).toBe(false)
    }
  })
})
