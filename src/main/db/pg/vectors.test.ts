// Embeddings and predictions through a real team store: store migration 4 from schema 3 keeps the
// published predictions (current) and gives members read access only to the new tables; a
// project with 512-d embeddings publishes them byte for byte, with its stale predictions marked;
// a member's replica takes them by content hash (an image whose hash differs gets nothing), so it
// has nothing to embed and only the stale predictions to re-score. ZEBRA_TEAM_VECTOR_IMAGES sets
// the project's size (default 300) and the test prints how long publishing and taking took.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Project } from '../project'
import { predictionOf } from '../predictions'
import { pendingEmbeddingCount, staleEmbeddingCount } from '../prelabel-queue'
import { createSyntheticProject, SYNTHETIC_MODEL_ID } from '../testing/synthetic'
import { PG_MIGRATIONS } from './migrations'
import { publishProject } from './publish'
import { linkReplica, readTeamSnapshot } from './replica'
import { takeVectors } from './replica-vectors'
import { addMember } from './roles'
import { migrate } from './schema'
import { startCluster, type Cluster } from './testing/cluster'
import { describeWithCluster } from './testing/describe-cluster'
import { connectAs, createTeamDb, MEMBER_PASSWORD, OWNER, OWNER_PASSWORD } from './testing/team-db'

const N = Number(process.env.ZEBRA_TEAM_VECTOR_IMAGES ?? 300)
const DIMS = 512
const STALE = 20

describeWithCluster('embeddings and predictions through the team store', () => {
  let cluster: Cluster
  let dir: string
  const open: Client[] = []
  const connect = async (db: string, user: string, password: string): Promise<Client> => {
    const c = await connectAs(cluster, db, user, password)
    open.push(c)
    return c
  }

  beforeAll(async () => {
    cluster = await startCluster()
    dir = mkdtempSync(join(tmpdir(), 'zebra-team-vectors-'))
  })
  afterAll(async () => {
    for (const c of open) await c.end().catch(() => undefined)
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('migrates a schema-3 store: its predictions stay, current; members only read the new tables', async () => {
    const db = await createTeamDb(cluster)
    const owner = await connect(db, OWNER, OWNER_PASSWORD)
    await migrate(
      owner,
      PG_MIGRATIONS.filter((m) => m.version <= 3)
    )
    await owner.query("INSERT INTO project (id, name) VALUES (1, 'old')")
    await owner.query("INSERT INTO labels (name, color) VALUES ('cat', '#f00')")
    await owner.query("INSERT INTO images (hash, rel_path) VALUES ('h1', 'a.jpg')")
    await owner.query(`INSERT INTO predictions (image_id, model_id, topk) VALUES (1, 'm', '[[1, 0.9]]')`)
    expect(await migrate(owner)).toBe(3)
    const p = await owner.query('SELECT image_id::int AS id, model_id, topk, current FROM predictions')
    expect(p.rows).toEqual([{ id: 1, model_id: 'm', topk: [[1, 0.9]], current: true }])

    await owner.query("INSERT INTO models (model_id, name, variant, dims) VALUES ('m', 'M', 'fp32', 2)")
    await owner.query(
      "INSERT INTO embeddings (image_id, model_id, vec) VALUES (1, 'm', '\\x0000803f00000040')"
    )
    await addMember(owner, 'ann', 'annotator', MEMBER_PASSWORD)
    const ann = await connect(db, 'ann', MEMBER_PASSWORD)
    const e = await ann.query('SELECT vec FROM embeddings')
    expect(new Float32Array(new Uint8Array(e.rows[0].vec as Buffer).buffer)).toEqual(new Float32Array([1, 2]))
    for (const sql of [
      "INSERT INTO models (model_id, name, variant, dims) VALUES ('x', 'X', 'fp32', 2)",
      "INSERT INTO embeddings (image_id, model_id, vec) VALUES (1, 'm', '\\x00')",
      'UPDATE predictions SET current = false'
    ]) {
      await expect(ann.query(sql), sql).rejects.toMatchObject({ code: '42501' })
    }
  })

  it('publishes 512-d embeddings and predictions, and a joining member takes them by hash', async () => {
    const root = join(dir, 'photos')
    const src = createSyntheticProject(join(dir, 'src.zebra'), root, {
      images: N,
      labels: 10,
      embedDim: DIMS
    })
    const db = await createTeamDb(cluster)
    const owner = await connect(db, OWNER, OWNER_PASSWORD)
    let published: Awaited<ReturnType<typeof publishProject>>
    const t0 = performance.now()
    try {
      // the first images' predictions were made before the last label change: stale
      src.db
        .prepare('UPDATE predictions SET label_version = label_version - 1 WHERE image_id <= ?')
        .run(STALE)
      published = await publishProject(src.db, owner)
    } catch (e) {
      src.close()
      throw e
    }
    const publishMs = performance.now() - t0
    expect(published).toMatchObject({ images: N, predictions: N, embeddings: N })
    expect((await owner.query('SELECT model_id, dims FROM models')).rows).toEqual([
      { model_id: SYNTHETIC_MODEL_ID, dims: DIMS }
    ])
    const stale = await owner.query('SELECT count(*)::int AS n FROM predictions WHERE NOT current')
    expect(stale.rows[0].n).toBe(STALE)

    // the member's copy: the same images, one of which the member's scan could not hash
    const file = join(dir, 'ann.zebra')
    const p = Project.create(file, { roots: [root] })
    try {
      const rows = src.db.prepare('SELECT rel_path, hash FROM images ORDER BY id').all() as {
        rel_path: string
        hash: string
      }[]
      const ins = p.db.prepare(
        "INSERT INTO images (root_id, rel_path, hash, bytes, mtime_ms, width, height, format, state, added_at) VALUES (?, ?, ?, 1, 0, 640, 480, 'jpeg', 'ok', '2026-01-01T00:00:00.000Z')"
      )
      const rootId = p.roots()[0]!.id
      p.db.transaction(() =>
        rows.forEach((r, i) => ins.run(rootId, r.rel_path, i === N - 1 ? null : r.hash))
      )()
      await addMember(owner, 'ann', 'annotator', MEMBER_PASSWORD)
      const ann = await connect(db, 'ann', MEMBER_PASSWORD)
      const t1 = performance.now()
      const snap = await readTeamSnapshot(ann, 'ann')
      const linked = linkReplica(p.db, snap, {
        url: `postgres://ann@127.0.0.1:${cluster.port}/${db}`,
        annotator: 'ann'
      })
      const t2 = performance.now()
      const taken = await takeVectors(ann, p.db)
      const t3 = performance.now()
      console.log(
        `${N} images, ${DIMS}-d: publish ${Math.round(publishMs)} ms; join: snapshot and link ${Math.round(t2 - t1)} ms, embeddings and predictions ${Math.round(t3 - t2)} ms`
      )
      expect(linked.missing).toEqual([])
      expect(taken).toEqual({
        models: [SYNTHETIC_MODEL_ID],
        embeddings: N - 1,
        predictions: N - 1,
        stale: STALE
      })

      // byte for byte, on the member's image of the same content
      const pick = rows[Math.floor(N / 2)]!
      const vecOf = (x: Project): Buffer =>
        x.db
          .prepare(
            'SELECT e.vec FROM image_embeddings e JOIN images i ON i.id = e.image_id WHERE i.rel_path = ? AND e.model_id = ?'
          )
          .pluck()
          .get(pick.rel_path, SYNTHETIC_MODEL_ID) as Buffer
      expect(vecOf(p).equals(vecOf(src))).toBe(true)
      // the same top-k by label name, and the same top-1 on the image row
      const namedTop = (x: Project): [string, number][] => {
        const id = x.db
          .prepare('SELECT id FROM images WHERE rel_path = ?')
          .pluck()
          .get(pick.rel_path) as number
        const names = new Map(x.labels().map((l) => [l.id, l.name]))
        const top = predictionOf(x.db, id)!.top.map(([l, s]) => [names.get(l)!, s] as [string, number])
        const top1 = x.db.prepare('SELECT top1_label FROM images WHERE id = ?').pluck().get(id) as number
        expect(names.get(top1)).toBe(top[0]![0])
        return top
      }
      expect(namedTop(p)).toEqual(namedTop(src))

      // nothing to embed but the image whose hash was not known; only the stale ones to re-score
      expect(pendingEmbeddingCount(p.db, SYNTHETIC_MODEL_ID)).toBe(1)
      const key = {
        modelId: SYNTHETIC_MODEL_ID,
        labelVersion: p.labelVersion,
        templateSetId: p.activeTemplateSetId()!
      }
      expect(staleEmbeddingCount(p.db, key)).toBe(STALE)
    } finally {
      p.close()
      src.close()
    }
  }, 600_000)
})
