// A tags project through the team store: per-tag decisions of two members meet in both replicas,
// and each replica's tag states and image kinds follow from its log (verifyCurrent).
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { REPO } from '../../cli/testing/harness'
import { scanProject } from '../../jobs/scan'
import { appendDecisions } from '../decisions'
import { Project } from '../project'
import { verifyCurrent } from '../verify'
import { publishProject } from './publish'
import { linkReplica, readTeamSnapshot } from './replica'
import { addMember } from './roles'
import { syncReplica } from './sync'
import { startCluster, type Cluster } from './testing/cluster'
import { describeWithCluster } from './testing/describe-cluster'
import { connectAs, createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from './testing/team-db'

describeWithCluster('a tags project synced through the team store', () => {
  let cluster: Cluster
  let dir: string
  const open: Client[] = []
  const replicas: { client: Client; p: Project }[] = []

  beforeAll(async () => {
    cluster = await startCluster()
    dir = mkdtempSync(join(tmpdir(), 'zebra-pg-tags-'))
    const db = await createTeamDb(cluster)
    const owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    open.push(owner)
    const src = Project.create(join(dir, 'src.zebra'), {
      kind: 'tags',
      roots: [join(REPO, 'resources', 'sample-images')],
      labels: [{ name: 'cat' }, { name: 'outdoor' }]
    })
    await scanProject(src)
    await publishProject(src.db, owner)
    src.close()
    for (const name of ['ann', 'bob']) {
      await addMember(owner, name, 'annotator', MEMBER_PASSWORD)
      const client = await connectAs(cluster, db, name, MEMBER_PASSWORD)
      open.push(client)
      const images = join(dir, name)
      cpSync(join(REPO, 'resources', 'sample-images'), images, { recursive: true })
      const snap = await readTeamSnapshot(client, name)
      const p = Project.create(join(dir, `${name}.zebra`), { roots: [images], kind: snap.kind })
      await scanProject(p)
      linkReplica(p.db, snap, { url: `postgres://${name}@127.0.0.1/${db}`, annotator: name })
      replicas.push({ client, p })
    }
  })
  afterAll(async () => {
    for (const r of replicas) r.p.close()
    for (const c of open) await c.end().catch(() => undefined)
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const id = (p: Project, sql: string, arg: string): number => p.db.prepare(sql).pluck().get(arg) as number
  const tagStates = (p: Project): unknown[] =>
    p.db
      .prepare(
        `SELECT i.hash, l.name, t.state, i.kind FROM image_tags t JOIN images i ON i.id = t.image_id
           JOIN labels l ON l.id = t.label_id ORDER BY i.hash, l.name`
      )
      .all()

  it('ends with the same tag states in both replicas, derived from their logs', async () => {
    const [ann, bob] = replicas
    const img = (p: Project, f: string): number => id(p, 'SELECT id FROM images WHERE rel_path = ?', f)
    const tag = (p: Project, n: string): number => id(p, 'SELECT id FROM labels WHERE name = ?', n)
    appendDecisions(
      ann.p.db,
      [
        { imageId: img(ann.p, 'photo_chelsea.jpg'), kind: 'accepted', labelId: tag(ann.p, 'cat') },
        { imageId: img(ann.p, 'photo_chelsea.jpg'), kind: 'rejected', labelId: tag(ann.p, 'outdoor') }
      ],
      'ann'
    )
    appendDecisions(
      bob.p.db,
      [{ imageId: img(bob.p, 'photo_rocket.jpg'), kind: 'unsure', labelId: tag(bob.p, 'outdoor') }],
      'bob'
    )
    await syncReplica(ann.client, ann.p.db)
    await syncReplica(bob.client, bob.p.db)
    await syncReplica(ann.client, ann.p.db)

    const states = tagStates(ann.p)
    expect(states).toEqual(tagStates(bob.p))
    expect(states).toHaveLength(3)
    // both tags of the cat photo decided: the image is done (kind 1) in either replica
    const chelsea = bob.p.db
      .prepare("SELECT kind FROM images WHERE rel_path = 'photo_chelsea.jpg'")
      .pluck()
      .get()
    expect(chelsea).toBe(1)
    expect(verifyCurrent(ann.p.db).mismatches).toBe(0)
    expect(verifyCurrent(bob.p.db).mismatches).toBe(0)
  })
})
