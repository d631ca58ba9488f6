// Two members' replicas of one team project deciding on their own and syncing: afterwards each
// replica's log holds exactly the store's rows (same uids, annotators, kinds, labels, images,
// reverts), current labels follow everyone's decisions, and a push repeated after a crash (the
// store committed, the replica never noted it) adds nothing. A push sends only the member's rows
// on the team's images, under the store's image ids.
import { appendFileSync, copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { scanProject } from '../../jobs/scan'
import { REPO } from '../../cli/testing/harness'
import { appendDecisions, currentLabel, undo } from '../decisions'
import { Project } from '../project'
import { verifyCurrent } from '../verify'
import { publishProject } from './publish'
import { linkReplica, readTeamSnapshot } from './replica'
import { addMember } from './roles'
import { pullDecisions, pushDecisions, syncReplica } from './sync'
import { startCluster, type Cluster } from './testing/cluster'
import { describeWithCluster } from './testing/describe-cluster'
import { connectAs, createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from './testing/team-db'

interface Row {
  uid: string
  annotator: string
  kind: string
  label: string | null
  place: string
  revert_of: string | null
}

describeWithCluster('syncing replicas with the team store', () => {
  let cluster: Cluster
  let dir: string
  let owner: Client
  let ownerDb: string
  const open: Client[] = []
  const members = new Map<string, { client: Client; p: Project }>()

  async function replica(
    name: string,
    db: string,
    addFiles: (folder: string) => void = () => undefined
  ): Promise<{ client: Client; p: Project }> {
    const client = await connectAs(cluster, db, name, MEMBER_PASSWORD)
    open.push(client)
    const snap = await readTeamSnapshot(client, name)
    const images = join(dir, `${name}-photos`)
    cpSync(join(REPO, 'resources', 'sample-images'), images, { recursive: true })
    addFiles(images)
    const p = Project.create(join(dir, `${name}.zebra`), { roots: [images] })
    await scanProject(p)
    linkReplica(p.db, snap, { url: `postgres://${name}@127.0.0.1/${db}`, annotator: name })
    await syncReplica(client, p.db)
    return { client, p }
  }

  beforeAll(async () => {
    cluster = await startCluster()
    dir = mkdtempSync(join(tmpdir(), 'zebra-pg-sync-'))
    const db = (ownerDb = await createTeamDb(cluster))
    owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    open.push(owner)
    const src = Project.create(join(dir, 'src.zebra'), {
      roots: [join(REPO, 'resources', 'sample-images')],
      labels: [{ name: 'cat' }, { name: 'rocket' }, { name: 'coffee' }]
    })
    await scanProject(src)
    appendDecisions(src.db, [{ imageId: 1, kind: 'corrected', labelId: 1 }], 'owner')
    await publishProject(src.db, owner)
    src.close()
    for (const n of ['ann', 'bob']) await addMember(owner, n, 'annotator', MEMBER_PASSWORD)
    for (const n of ['ann', 'bob']) members.set(n, await replica(n, db))
  })
  afterAll(async () => {
    for (const m of members.values()) m.p.close()
    for (const c of open) await c.end().catch(() => undefined)
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const localRows = (p: Project): Row[] =>
    p.db
      .prepare(
        `SELECT d.uid, d.annotator, d.kind, l.name AS label, i.hash AS place, r.uid AS revert_of
           FROM decisions d JOIN images i ON i.id = d.image_id LEFT JOIN labels l ON l.id = d.label_id
           LEFT JOIN decisions r ON r.id = d.revert_of ORDER BY d.uid`
      )
      .all() as Row[]
  const serverRows = async (): Promise<Row[]> =>
    (
      await owner.query<Row>(
        `SELECT d.uid::text AS uid, d.annotator, d.kind, l.name AS label, i.hash AS place, d.revert_of::text AS revert_of
           FROM decisions d JOIN images i ON i.id = d.image_id LEFT JOIN labels l ON l.id = d.label_id
          ORDER BY d.uid::text`
      )
    ).rows
  const idOf = (p: Project, file: string): number =>
    p.db.prepare('SELECT id FROM images WHERE rel_path = ?').pluck().get(file) as number
  const labelOf = (p: Project, name: string): number =>
    p.db.prepare('SELECT id FROM labels WHERE name = ?').pluck().get(name) as number

  it('ends with every replica holding exactly the store’s log', async () => {
    const ann = members.get('ann')!
    const bob = members.get('bob')!
    expect(localRows(ann.p)).toEqual(await serverRows()) // the published row came with the join

    const a = ann.p
    appendDecisions(
      a.db,
      [{ imageId: idOf(a, 'photo_rocket.jpg'), kind: 'corrected', labelId: labelOf(a, 'rocket') }],
      'ann'
    )
    appendDecisions(
      a.db,
      [{ imageId: idOf(a, 'photo_coffee.jpg'), kind: 'corrected', labelId: labelOf(a, 'cat') }],
      'ann'
    )
    undo(a.db, 'ann') // a revert travels too, pointing at its row by uid
    appendDecisions(
      a.db,
      [{ imageId: idOf(a, 'photo_coffee.jpg'), kind: 'corrected', labelId: labelOf(a, 'coffee') }],
      'ann'
    )
    const b = bob.p
    appendDecisions(
      b.db,
      [
        { imageId: idOf(b, 'photo_chelsea.jpg'), kind: 'corrected', labelId: labelOf(b, 'cat') },
        { imageId: idOf(b, 'photo_rocket.jpg'), kind: 'skipped' }
      ],
      'bob'
    )

    const s1 = await syncReplica(ann.client, a.db)
    expect(s1).toMatchObject({ sent: 4, added: 4, pulled: 0, skipped: 0 })
    const s2 = await syncReplica(bob.client, b.db)
    expect(s2).toMatchObject({ sent: 2, added: 2, pulled: 4, skipped: 0 })
    const s3 = await syncReplica(ann.client, a.db)
    expect(s3).toMatchObject({ sent: 0, added: 0, pulled: 2 })

    const server = await serverRows()
    expect(server.length).toBe(7)
    expect(localRows(a)).toEqual(server)
    expect(localRows(b)).toEqual(server)
    expect(new Set(server.map((r) => r.annotator))).toEqual(new Set(['owner', 'ann', 'bob']))

    // the replicas' current labels follow everyone's decisions, and agree with their own logs
    expect(currentLabel(b.db, idOf(b, 'photo_coffee.jpg'))).toMatchObject({
      label: 'coffee',
      annotator: 'ann'
    })
    expect(currentLabel(a.db, idOf(a, 'photo_chelsea.jpg'))).toMatchObject({ label: 'cat', annotator: 'bob' })
    expect(verifyCurrent(a.db).mismatches).toBe(0)
    expect(verifyCurrent(b.db).mismatches).toBe(0)
  })

  it('never passes over a row whose insert commits after a later one', async () => {
    const ann = members.get('ann')!
    const bob = members.get('bob')!
    await syncReplica(ann.client, ann.p.db)
    const slow = await connectAs(cluster, ownerDb, OWNER, OWNER_PASSWORD)
    open.push(slow)
    await slow.query('BEGIN')
    // takes its seq now, commits last
    await slow.query(
      `INSERT INTO decisions (uid, batch_uid, batch_kind, annotator, image_id, kind, at)
       VALUES (gen_random_uuid(), gen_random_uuid(), 'decide', 'owner', 1, 'skipped', now())`
    )
    const b = bob.p
    appendDecisions(b.db, [{ imageId: idOf(b, 'photo_coffee.jpg'), kind: 'skipped' }], 'bob')
    await pushDecisions(bob.client, b.db) // a higher seq, committed first
    const pulling = pullDecisions(ann.client, ann.p.db)
    // the pull waits for the slow insert (its lock); polled, with a bound so a regression fails
    // below instead of hanging here
    const deadline = Date.now() + 20_000
    while (Date.now() < deadline) {
      const w = await owner.query(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND mode = 'ExclusiveLock' AND NOT granted"
      )
      if (w.rows[0].n === 1) break
    }
    await slow.query('COMMIT')
    const r = await pulling
    expect(r.pulled).toBe(2)
    expect(localRows(ann.p)).toEqual(await serverRows())
  })

  it('adds nothing when a push is repeated after a crash', async () => {
    const { client, p } = members.get('ann')!
    appendDecisions(p.db, [{ imageId: idOf(p, 'photo_astronaut.jpg'), kind: 'unsure' }], 'ann')
    const before = (await serverRows()).length
    expect(await pushDecisions(client, p.db)).toMatchObject({ sent: 1, added: 1 })
    // the crash: the store committed, the replica never noted which uids it has
    p.db.prepare('DELETE FROM team_known').run()
    const again = await pushDecisions(client, p.db)
    expect(again.added).toBe(0)
    expect(again.sent).toBeGreaterThan(0)
    expect((await serverRows()).length).toBe(before + 1)
    expect(localRows(p)).toEqual(await serverRows())
  })

  it('sends only the member’s rows on the team’s images, each as the store’s image', async () => {
    await addMember(owner, 'cay', 'annotator', MEMBER_PASSWORD)
    // one more file than the team has, sorting first: cay's image ids are not the store's
    const { client, p } = await replica('cay', ownerDb, (folder) => {
      copyFileSync(join(folder, 'tiny_31x17.png'), join(folder, 'aaa_local.png'))
      appendFileSync(join(folder, 'aaa_local.png'), 'not the team’s')
    })
    const moto = idOf(p, 'photo_motorcycle_left.jpg')
    const hash = p.db.prepare('SELECT hash FROM images WHERE id = ?').pluck().get(moto) as string
    const onStore = await owner.query<{ id: string }>('SELECT id::text FROM images WHERE hash = $1', [hash])
    expect(Number(onStore.rows[0]!.id)).not.toBe(moto)

    appendDecisions(p.db, [{ imageId: idOf(p, 'aaa_local.png'), kind: 'skipped' }], 'cay')
    appendDecisions(p.db, [{ imageId: moto, kind: 'corrected', labelId: labelOf(p, 'rocket') }], 'cay')
    appendDecisions(p.db, [{ imageId: idOf(p, 'photo_chelsea.jpg'), kind: 'skipped' }], 'someone-else')
    expect(await pushDecisions(client, p.db)).toEqual({ sent: 1, added: 1, notShared: 2 })
    const cays = (await serverRows()).filter((r) => r.annotator === 'cay')
    expect(cays).toEqual([expect.objectContaining({ kind: 'corrected', label: 'rocket', place: hash })])
    // past the last row nothing is read, sent or written
    const top = p.db.prepare('SELECT max(id) FROM decisions').pluck().get() as number
    const known = p.db.prepare('SELECT count(*) FROM team_known').pluck().get()
    expect(await pushDecisions(client, p.db, top)).toEqual({ sent: 0, added: 0, notShared: 0 })
    expect(p.db.prepare('SELECT count(*) FROM team_known').pluck().get()).toBe(known)
    p.close()
  })
})
