// Publishing a project file: what the store holds afterwards (labels and merges, the active
// template set, images by hash and folder, predictions with the store's label ids, the log with
// its uids), and that a second publish or a foreign database is refused with nothing written.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Client } from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanProject } from '../../jobs/scan'
import { REPO } from '../../cli/testing/harness'
import { appendDecisions } from '../decisions'
import { mergeLabel } from '../labels'
import { Project } from '../project'
import { derivedUid, remapSuggestion } from './local-log'
import { folderNames, publishProject } from './publish'
import { startCluster, type Cluster } from './testing/cluster'
import { describeWithCluster } from './testing/describe-cluster'
import { connectAs, createTeamDb, OWNER, OWNER_PASSWORD } from './testing/team-db'

describe('folder names on the server', () => {
  it('are the roots’ base names, made unique', () => {
    expect([...folderNames(['/a/photos', '/b/photos', '/c/x']).values()]).toEqual(['photos', 'photos-2', 'x'])
  })
  it('translate the label ids of a suggestion, keeping the rest', () => {
    const json = JSON.stringify({
      modelId: 'm',
      top: [
        [3, 0.9],
        [1, 0.1]
      ]
    })
    expect(JSON.parse(remapSuggestion(json, new Map([[3, 30]]))!)).toEqual({
      modelId: 'm',
      top: [
        [30, 0.9],
        [null, 0.1]
      ]
    })
    expect(remapSuggestion(null, new Map())).toBeNull()
    expect(remapSuggestion('not json', new Map())).toBe('not json')
  })
  it('derive uuid-formed uids for rows older than uids, the same in every copy', () => {
    const u = derivedUid('2026-01-01T00:00:00.000Z', 7)
    expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(derivedUid('2026-01-01T00:00:00.000Z', 7)).toBe(u)
    expect(derivedUid('2026-01-01T00:00:00.000Z', 8)).not.toBe(u)
  })
})

describeWithCluster('publishing a project to the team store', () => {
  let cluster: Cluster
  let dir: string
  let p: Project
  const open: Client[] = []
  const owner = async (db: string): Promise<Client> => {
    const c = await connectAs(cluster, db, OWNER, OWNER_PASSWORD)
    open.push(c)
    return c
  }

  beforeAll(async () => {
    cluster = await startCluster()
    dir = mkdtempSync(join(tmpdir(), 'zebra-pg-publish-'))
    p = Project.create(join(dir, 'p.zebra'), {
      roots: [join(REPO, 'resources', 'sample-images')],
      labels: [{ name: 'cat' }, { name: 'kitty' }, { name: 'rocket' }]
    })
    await scanProject(p)
    appendDecisions(p.db, [{ imageId: 1, kind: 'corrected', labelId: 2 }], 'ada')
    mergeLabel(p.db, 2, 1)
    appendDecisions(p.db, [{ imageId: 2, kind: 'corrected', labelId: 3 }], 'ada')
    const top: [number, number][] = [
      [3, 0.9],
      [1, 0.1]
    ]
    appendDecisions(
      p.db,
      [
        {
          imageId: 3,
          kind: 'accepted',
          rank: 1,
          shown: { modelId: 'm', templateSetId: 1, labelVersion: 1, top }
        }
      ],
      'ada'
    )
    p.db
      .prepare(
        "INSERT INTO predictions (image_id, model_id, label_version, template_set_id, topk, created_at) VALUES (2, 'm', 1, 1, '[[3,0.9],[1,0.1]]', 'now')"
      )
      .run()
  })
  afterAll(async () => {
    p?.close()
    for (const c of open) await c.end().catch(() => undefined)
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('copies labels, templates, images, predictions and the log', async () => {
    const c = await owner(await createTeamDb(cluster))
    const r = await publishProject(p.db, c)
    expect(r).toEqual({ labels: 3, templateSets: 1, images: 13, predictions: 1, embeddings: 0, decisions: 3 })
    const labels = await c.query(
      'SELECT l.name, m.name AS merged FROM labels l LEFT JOIN labels m ON m.id = l.merged_into ORDER BY l.id'
    )
    expect(labels.rows).toEqual([
      { name: 'cat', merged: null },
      { name: 'kitty', merged: 'cat' },
      { name: 'rocket', merged: null }
    ])
    expect((await c.query('SELECT count(*)::int AS n FROM template_sets WHERE active')).rows[0].n).toBe(1)
    const img = await c.query("SELECT folder, hash FROM images WHERE rel_path = 'photo_rocket.jpg'")
    const local = p.db.prepare("SELECT hash FROM images WHERE rel_path = 'photo_rocket.jpg'").pluck().get()
    expect(img.rows).toEqual([{ folder: 'sample-images', hash: local }])
    const pred = await c.query(
      `SELECT (SELECT name FROM labels WHERE id = (pr.topk->0->>0)::bigint) AS top FROM predictions pr`
    )
    expect(pred.rows).toEqual([{ top: 'rocket' }])
    const shown = await c.query(
      "SELECT l.name FROM decisions d JOIN labels l ON l.id = (d.suggestion->'top'->0->>0)::bigint WHERE d.kind = 'accepted'"
    )
    expect(shown.rows).toEqual([{ name: 'rocket' }]) // the suggestion's label ids are the store's
    const log = await c.query(
      "SELECT d.uid::text AS uid, d.annotator, l.name FROM decisions d JOIN labels l ON l.id = d.label_id WHERE d.kind = 'corrected' ORDER BY seq"
    )
    const uids = p.db.prepare('SELECT uid FROM decisions ORDER BY id').pluck().all()
    expect(log.rows).toEqual([
      { uid: uids[0], annotator: 'ada', name: 'kitty' },
      { uid: uids[1], annotator: 'ada', name: 'rocket' }
    ])
  })

  it('refuses a store that holds a project, or a foreign database, writing nothing', async () => {
    const db = await createTeamDb(cluster)
    const c = await owner(db)
    await publishProject(p.db, c)
    await expect(publishProject(p.db, c)).rejects.toMatchObject({ code: 'target_not_empty' })
    expect((await c.query('SELECT count(*)::int AS n FROM images')).rows[0].n).toBe(13)

    const foreign = await owner(await createTeamDb(cluster))
    await foreign.query('CREATE TABLE orders (id int)')
    await expect(publishProject(p.db, foreign)).rejects.toMatchObject({ code: 'project_corrupt' })
    const t = await foreign.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    expect(t.rows).toEqual([{ tablename: 'orders' }])
    const roles = await foreign.query("SELECT count(*)::int AS n FROM pg_roles WHERE rolname LIKE 'zebra_%'")
    expect(roles.rows[0].n).toBe(2) // made by the first publish; none more
  })
})
