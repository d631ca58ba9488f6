// A joining member takes the store's embeddings and predictions into the replica, so that they
// neither embed the images again nor pre-label: an embedding or a prediction is taken for a local
// image only when its content hash is the store image's (the same bytes, so the same vector). A
// prediction the owner made for the labels and active template set as published becomes current
// for the replica's; a stale one is kept as stale (pre-labelling re-scores it from the embedding,
// without the vision model). A tags project takes the embeddings only: its tag scores are
// re-scored from them.
import type { ClientBase } from 'pg'
import type { Db } from '../open'
import { predictionWriter, registerModel, type PredictionKey, type TopK } from '../predictions'
import { projectKind } from '../tag-state'

export interface TakenVectors {
  /** model ids the store has embeddings of */
  models: string[]
  embeddings: number
  predictions: number
  /** predictions taken as stale (made for other labels or templates than the published ones) */
  stale: number
}

/** Rows per page read from the store (2000 embeddings of 512 floats are 4 MB). */
const PAGE = 2000

/** The replica's ok images by the store's id, with their content hash. */
function localImages(db: Db): Map<number, { id: number; hash: string }> {
  const rows = db
    .prepare(
      `SELECT t.server_id AS s, i.id, i.hash FROM team_images t JOIN images i ON i.id = t.image_id
        WHERE i.state = 'ok' AND i.hash IS NOT NULL`
    )
    .all() as { s: number; id: number; hash: string }[]
  return new Map(rows.map((r) => [r.s, { id: r.id, hash: r.hash }]))
}

async function takeEmbeddings(
  client: ClientBase,
  db: Db,
  images: Map<number, { id: number; hash: string }>,
  from: number
): Promise<{ models: string[]; n: number }> {
  const models = await client.query<{ id: string; name: string; variant: string; dims: number }>(
    'SELECT model_id AS id, name, variant, dims FROM models ORDER BY model_id'
  )
  const ins = db.prepare('INSERT OR IGNORE INTO image_embeddings (image_id, model_id, vec) VALUES (?, ?, ?)')
  let n = 0
  for (const m of models.rows) {
    // the member's own folder of this model is found by its id when they load it
    registerModel(db, { modelId: m.id, name: m.name, dir: '-', variant: m.variant, embedDim: m.dims })
    for (let after = from; ;) {
      const r = await client.query<{ id: number; hash: string | null; vec: Buffer }>(
        `SELECT e.image_id::int AS id, i.hash, e.vec FROM embeddings e JOIN images i ON i.id = e.image_id
          WHERE e.model_id = $1 AND e.image_id > $2 ORDER BY e.image_id LIMIT ${PAGE}`,
        [m.id, after]
      )
      if (r.rows.length === 0) break
      after = r.rows[r.rows.length - 1]!.id
      db.transaction(() => {
        for (const row of r.rows) {
          const local = images.get(row.id)
          if (!local || local.hash !== row.hash || row.vec.length !== m.dims * 4) continue
          n += ins.run(local.id, m.id, row.vec).changes
        }
      }).immediate()
    }
  }
  return { models: models.rows.map((m) => m.id), n }
}

async function takePredictions(
  client: ClientBase,
  db: Db,
  images: Map<number, { id: number; hash: string }>,
  from: number
): Promise<{ n: number; stale: number }> {
  const project = db
    .prepare('SELECT label_version AS v, coalesce(active_template_set_id, 0) AS t FROM project WHERE id = 1')
    .get() as { v: number; t: number }
  const labels = new Map(
    (
      db.prepare('SELECT server_id AS s, label_id AS l FROM team_labels').all() as { s: number; l: number }[]
    ).map((r) => [r.s, r.l])
  )
  // a version no label set of this file ever had: re-scoring sees these as stale
  const keyOf = (modelId: string, current: boolean): PredictionKey => ({
    modelId,
    labelVersion: current ? project.v : 0,
    templateSetId: project.t
  })
  let n = 0
  let stale = 0
  for (let after = { id: from, model: '' }; ;) {
    const r = await client.query<{
      id: number
      hash: string | null
      model: string
      topk: [number | null, number][]
      current: boolean
    }>(
      `SELECT p.image_id::int AS id, i.hash, p.model_id AS model, p.topk, p.current FROM predictions p
         JOIN images i ON i.id = p.image_id WHERE (p.image_id, p.model_id) > ($1, $2)
        ORDER BY p.image_id, p.model_id LIMIT ${PAGE}`,
      [after.id, after.model]
    )
    if (r.rows.length === 0) break
    after = r.rows[r.rows.length - 1]!
    db.transaction(() => {
      const writers = new Map<string, ReturnType<typeof predictionWriter>>()
      for (const row of r.rows) {
        const local = images.get(row.id)
        if (!local || local.hash !== row.hash) continue
        const top: TopK = row.topk.flatMap(([l, p]) => {
          const mine = l === null ? undefined : labels.get(l)
          return mine === undefined ? [] : [[mine, p] as [number, number]]
        })
        if (top.length === 0) continue
        const k = `${row.model}\u0000${row.current}`
        let w = writers.get(k)
        if (!w) writers.set(k, (w = predictionWriter(db, keyOf(row.model, row.current))))
        w.prediction(local.id, top)
        n++
        if (!row.current) stale++
      }
    }).immediate()
  }
  return { n, stale }
}

/**
 * Takes the store's embeddings and (for a single-label project) predictions into the replica;
 * `only`: just those of these store images (a refresh's new ones), else every image's.
 */
export async function takeVectors(
  client: ClientBase,
  db: Db,
  only?: ReadonlySet<number>
): Promise<TakenVectors> {
  if (only?.size === 0) return { models: [], embeddings: 0, predictions: 0, stale: 0 }
  const all = localImages(db)
  const images = only ? new Map([...all].filter(([s]) => only.has(s))) : all
  // store ids only grow: the keyset walk starts below the first of them
  let from = 0
  if (only) from = [...only].reduce((a, b) => Math.min(a, b)) - 1
  const e = await takeEmbeddings(client, db, images, from)
  const p = projectKind(db) === 'tags' ? { n: 0, stale: 0 } : await takePredictions(client, db, images, from)
  return { models: e.models, embeddings: e.n, predictions: p.n, stale: p.stale }
}
