// Refreshing a replica from a real team store that gained labels, a template set and images after
// the member joined: a pull skips the decisions that name them; the refresh links the new labels
// (one the member had made by the same name is taken as it), adds the template set (the store's
// active one becomes active), matches the new images by hash (one the member lacks is a missing
// row), takes their embeddings and predictions, and pulls the skipped decisions, once: a second
// refresh finds nothing and the replica's log equals the store's.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Project } from '../project'
import { createSyntheticProject, SYNTHETIC_MODEL_ID } from '../testing/synthetic'
import { publishProject } from './publish'
import { refreshReplica } from './refresh'
import { linkReplica, readTeamSnapshot } from './replica'
import { addMember } from './roles'
import { pullDecisions } from './sync'
import { startCluster, type Cluster } from './testing/cluster'
import { describeWithCluster } from './testing/describe-cluster'
import { connectAs, createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from './testing/team-db'

const N = 30
const DIMS = 8

describeWithCluster('refreshing a replica from its store', () => {
  let cluster: Cluster
  let dir: string
  let owner: Client
  let ann: Client
  let p: Project

  const addLocalImage = (rel: string, hash: string): number =>
    Number(
      p.db
        .prepare(
          "INSERT INTO images (root_id, rel_path, hash, bytes, mtime_ms, width, height, format, state, added_at) VALUES (1, ?, ?, 1, 0, 640, 480, 'jpeg', 'ok', '2026-01-01T00:00:00.000Z')"
        )
        .run(rel, hash).lastInsertRowid
    )

  beforeAll(async () => {
    cluster = await startCluster()
    dir = mkdtempSync(join(tmpdir(), 'zebra-team-refresh-'))
    const root = join(dir, 'photos')
    const src = createSyntheticProject(join(dir, 'src.zebra'), root, { images: N, labels: 3, embedDim: DIMS })
    const db = await createTeamDb(cluster)
    owner = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    try {
      await publishProject(src.db, owner)
    } finally {
      src.close()
    }
    await addMember(owner, 'ann', 'annotator', MEMBER_PASSWORD)
    ann = await connectAs(cluster, db, 'ann', MEMBER_PASSWORD)
    p = Project.create(join(dir, 'ann.zebra'), { roots: [root] })
    for (let i = 0; i < N; i++) addLocalImage(`dir_0000/img_${String(i).padStart(7, '0')}.jpg`, `h${i}`)
    linkReplica(p.db, await readTeamSnapshot(ann, 'ann'), {
      url: `postgres://ann@127.0.0.1:${cluster.port}/${db}`,
      annotator: 'ann'
    })
  })
  afterAll(async () => {
    p?.close()
    await owner?.end().catch(() => undefined)
    await ann?.end().catch(() => undefined)
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('takes what the store gained and the decisions a pull skipped for it', async () => {
    // the member made a label "owl" of their own; the owner adds "owl" and "newt" to the store,
    // a template set made active, and three images, one of which the member does not have
    p.addLabels([{ name: 'owl' }])
    const labels = await owner.query<{ id: string }>(
      "INSERT INTO labels (name, color) VALUES ('owl', '#123'), ('newt', '#456') RETURNING id"
    )
    const [owl, newt] = labels.rows.map((r) => Number(r.id))
    await owner.query('UPDATE template_sets SET active = false')
    await owner.query(
      `INSERT INTO template_sets (name, templates, active) VALUES ('bird', '["a bird: {}"]', true)`
    )
    const imgs = await owner.query<{ id: string }>(
      "INSERT INTO images (hash, folder, rel_path) VALUES ('n1', 'photos', 'new/1.jpg'), ('n2', 'photos', 'new/2.jpg'), ('n3', 'photos', 'new/3.jpg') RETURNING id"
    )
    const [i1, i2, i3] = imgs.rows.map((r) => Number(r.id))
    const vec = Buffer.from(new Float32Array(DIMS).fill(0.5).buffer)
    await owner.query(
      `INSERT INTO embeddings (image_id, model_id, vec) SELECT unnest($1::bigint[]), $2, $3`,
      [[i1, i2, i3], SYNTHETIC_MODEL_ID, vec]
    )
    await owner.query(
      `INSERT INTO predictions (image_id, model_id, topk) SELECT unnest($1::bigint[]), $2, $3::jsonb`,
      [
        [i1, i2, i3],
        SYNTHETIC_MODEL_ID,
        JSON.stringify([
          [newt, 0.7],
          [owl, 0.3]
        ])
      ]
    )
    // someone decides a new image with a new label, and an old one with a new label
    const decide = (image: number, label: number): Promise<unknown> =>
      owner.query(
        `INSERT INTO decisions (uid, batch_uid, batch_kind, annotator, image_id, kind, label_id, at)
         VALUES (gen_random_uuid(), gen_random_uuid(), 'decide', 'lead', $1, 'corrected', $2, now())`,
        [image, label]
      )
    await decide(i1, newt)
    await decide(1, owl)
    expect(await pullDecisions(ann, p.db)).toEqual({ pulled: 0, skipped: 2 })

    // the member's folders now hold two of the new files (a scan would have added them)
    const local1 = addLocalImage('new/1.jpg', 'n1')
    const local2 = addLocalImage('new/2.jpg', 'n2')
    const versionBefore = p.labelVersion
    const r = await refreshReplica(ann, p.db)
    expect(r).toEqual({
      labels: ['newt'],
      templateSets: 1,
      images: 2,
      missing: ['photos/new/3.jpg'],
      embeddings: 2,
      predictions: 2,
      pulled: 2,
      skipped: 0
    })
    const labelOf = (imageId: number): string =>
      p.db
        .prepare(
          'SELECT l.name FROM images i JOIN decisions d ON d.id = i.cur_decision JOIN labels l ON l.id = d.label_id WHERE i.id = ?'
        )
        .pluck()
        .get(imageId) as string
    expect(labelOf(local1)).toBe('newt')
    expect(labelOf(1)).toBe('owl')
    expect(p.labels().filter((l) => l.name === 'owl')).toHaveLength(1) // the member's own, linked
    expect(p.labelVersion).toBe(versionBefore + 1)
    const active = p.db
      .prepare('SELECT t.name FROM project pr JOIN template_sets t ON t.id = pr.active_template_set_id')
      .pluck()
      .get()
    expect(active).toBe('bird')
    const top = p.db.prepare('SELECT topk FROM predictions WHERE image_id = ?').pluck().get(local2) as string
    const newtLocal = p.labels().find((l) => l.name === 'newt')!.id
    expect(JSON.parse(top)[0]).toEqual([newtLocal, 0.7])
    expect(
      p.db
        .prepare('SELECT count(*) FROM image_embeddings WHERE image_id IN (?, ?)')
        .pluck()
        .get(local1, local2)
    ).toBe(2)

    // nothing more the second time; the logs agree
    expect(await refreshReplica(ann, p.db)).toMatchObject({
      labels: [],
      templateSets: 0,
      images: 0,
      missing: [],
      pulled: 0
    })
    const store = await owner.query<{ uid: string }>('SELECT uid::text AS uid FROM decisions')
    const local = p.db.prepare('SELECT uid FROM decisions').pluck().all() as string[]
    expect(local.sort()).toEqual(store.rows.map((x) => x.uid).sort())
  })
})
