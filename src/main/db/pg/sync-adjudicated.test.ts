// Adjudication through a team store: a reviewer's adjudicated decision in their replica reaches
// the store with its flag and every annotator's replica with it, where it outranks the
// annotator's later decision; an annotator's replica cannot send one (the store's row-level
// security refuses it, and the push says why and sends nothing).
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { scanProject } from '../../jobs/scan'
import { REPO } from '../../cli/testing/harness'
import { appendDecisions, currentLabel } from '../decisions'
import { disagreements } from '../disagreements'
import { Project } from '../project'
import { verifyCurrent } from '../verify'
import { publishProject } from './publish'
import { linkReplica, readTeamSnapshot } from './replica'
import { addMember } from './roles'
import { pushDecisions, syncReplica } from './sync'
import { startCluster, type Cluster } from './testing/cluster'
import { describeWithCluster } from './testing/describe-cluster'
import { connectAs, createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from './testing/team-db'

describeWithCluster('adjudication through the team store', () => {
  let cluster: Cluster
  let dir: string
  let owner: Client
  const open: Client[] = []
  const members = new Map<string, { client: Client; p: Project }>()

  async function replica(name: string, db: string): Promise<{ client: Client; p: Project }> {
    const client = await connectAs(cluster, db, name, MEMBER_PASSWORD)
    open.push(client)
    const snap = await readTeamSnapshot(client, name)
    const images = join(dir, `${name}-photos`)
    cpSync(join(REPO, 'resources', 'sample-images'), images, { recursive: true })
    const p = Project.create(join(dir, `${name}.zebra`), { roots: [images] })
    await scanProject(p)
    linkReplica(p.db, snap, { url: `postgres://${name}@127.0.0.1/${db}`, annotator: name })
    await syncReplica(client, p.db)
    return { client, p }
  }

  beforeAll(async () => {
    cluster = await startCluster()
    dir = mkdtempSync(join(tmpdir(), 'zebra-pg-adj-'))
    const db = await createTeamDb(cluster)
    owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    open.push(owner)
    const src = Project.create(join(dir, 'src.zebra'), {
      roots: [join(REPO, 'resources', 'sample-images')],
      labels: [{ name: 'cat' }, { name: 'rocket' }]
    })
    await scanProject(src)
    await publishProject(src.db, owner)
    src.close()
    await addMember(owner, 'ann', 'annotator', MEMBER_PASSWORD)
    await addMember(owner, 'bob', 'annotator', MEMBER_PASSWORD)
    await addMember(owner, 'rev', 'reviewer', MEMBER_PASSWORD)
    for (const n of ['ann', 'bob', 'rev']) members.set(n, await replica(n, db))
  })
  afterAll(async () => {
    for (const m of members.values()) m.p.close()
    for (const c of open) await c.end().catch(() => undefined)
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const idOf = (p: Project, file: string): number =>
    p.db.prepare('SELECT id FROM images WHERE rel_path = ?').pluck().get(file) as number
  const labelOf = (p: Project, name: string): number =>
    p.db.prepare('SELECT id FROM labels WHERE name = ?').pluck().get(name) as number
  const decideOn = (who: string, label: string, adjudicated = false): void => {
    const { p } = members.get(who)!
    const t = Date.now()
    while (Date.now() <= t) {
      /* the clock moves on: decisions never share a millisecond */
    }
    appendDecisions(
      p.db,
      [{ imageId: idOf(p, 'photo_rocket.jpg'), kind: 'corrected', labelId: labelOf(p, label), adjudicated }],
      who
    )
  }

  it('carries the flag both ways, and the adjudicated label outranks a later decision', async () => {
    const ann = members.get('ann')!
    const bob = members.get('bob')!
    const rev = members.get('rev')!
    decideOn('ann', 'cat')
    decideOn('bob', 'rocket')
    await syncReplica(ann.client, ann.p.db)
    await syncReplica(bob.client, bob.p.db)
    await syncReplica(rev.client, rev.p.db)
    expect(disagreements(rev.p.db, 10).items.map((d) => d.relPath)).toEqual(['photo_rocket.jpg'])

    decideOn('rev', 'rocket', true)
    expect(await syncReplica(rev.client, rev.p.db)).toMatchObject({ sent: 1, added: 1 })
    const server = await owner.query("SELECT annotator, adjudicated FROM decisions WHERE annotator = 'rev'")
    expect(server.rows).toEqual([{ annotator: 'rev', adjudicated: true }])

    decideOn('ann', 'cat') // made after the adjudication, not adjudicated
    await syncReplica(ann.client, ann.p.db)
    for (const m of [ann, bob, rev]) {
      await syncReplica(m.client, m.p.db)
      const img = idOf(m.p, 'photo_rocket.jpg')
      expect(currentLabel(m.p.db, img)).toMatchObject({ label: 'rocket', annotator: 'rev' })
      expect(
        m.p.db.prepare("SELECT adjudicated FROM decisions WHERE annotator = 'rev'").pluck().all()
      ).toEqual([1])
      expect(verifyCurrent(m.p.db).mismatches).toBe(0)
    }
  })

  it('refuses an annotator’s adjudicated decision with a clear message, sending nothing', async () => {
    const bob = members.get('bob')!
    decideOn('bob', 'cat', true)
    const before = (await owner.query('SELECT count(*)::int AS n FROM decisions')).rows[0].n
    await expect(pushDecisions(bob.client, bob.p.db)).rejects.toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/bob is not a reviewer.*Nothing was sent/)
    })
    expect((await owner.query('SELECT count(*)::int AS n FROM decisions')).rows[0].n).toBe(before)
  })
})
