// Publishing what a project computed from its images: the cached embeddings (each model's id, name,
// variant and size, and per image its float32 bytes as the project file keeps them) and the
// predictions, marked current when they were made for the project's labels and active template
// set as published. Members take both when they join (replica-vectors.ts), so that nobody
// pre-labels or embeds again what the owner already did.
import type { ClientBase } from 'pg'
import type { Db } from '../open'

/** Rows per INSERT: 1000 embeddings of 512 floats are 2 MB of bytes, 4 MB as hex text. */
const CHUNK = 1000

/** Copies the models that have embeddings and every embedding of a published image. */
export async function copyEmbeddings(
  db: Db,
  client: ClientBase,
  images: Map<number, number>
): Promise<number> {
  const models = db
    .prepare(
      `SELECT m.model_id AS id, m.name, m.variant, m.embed_dim AS dims FROM models m
        WHERE EXISTS (SELECT 1 FROM image_embeddings e WHERE e.model_id = m.model_id) ORDER BY m.model_id`
    )
    .all() as { id: string; name: string; variant: string; dims: number }[]
  let n = 0
  for (const m of models) {
    if (!(m.dims > 0)) continue // a model row without a size: its vectors cannot be checked
    await client.query('INSERT INTO models (model_id, name, variant, dims) VALUES ($1, $2, $3, $4)', [
      m.id,
      m.name,
      m.variant,
      m.dims
    ])
    const page = db.prepare(
      `SELECT image_id AS id, vec FROM image_embeddings
        WHERE model_id = ? AND image_id > ? AND length(vec) = ? ORDER BY image_id LIMIT ${CHUNK}`
    )
    for (let after = 0; ;) {
      const all = page.all(m.id, after, m.dims * 4) as { id: number; vec: Buffer }[]
      if (all.length === 0) break
      after = all[all.length - 1]!.id
      const rows = all.filter((r) => images.has(r.id))
      if (rows.length === 0) continue
      await client.query(
        'INSERT INTO embeddings (image_id, model_id, vec) SELECT u.i, $2, u.v FROM unnest($1::bigint[], $3::bytea[]) AS u(i, v)',
        [rows.map((r) => images.get(r.id)), m.id, rows.map((r) => r.vec)]
      )
      n += rows.length
    }
  }
  return n
}

/**
 * Copies the predictions (top-k with the store's label ids), each marked current when it was made
 * for the project's label version and active template set.
 */
export async function copyPredictions(
  db: Db,
  client: ClientBase,
  images: Map<number, number>,
  labels: Map<number, number>
): Promise<number> {
  const rows = db
    .prepare(
      `SELECT p.image_id, p.model_id, p.topk,
              (p.label_version = pr.label_version AND p.template_set_id IS pr.active_template_set_id) AS current
         FROM predictions p, project pr WHERE pr.id = 1`
    )
    .all() as { image_id: number; model_id: string; topk: string; current: number }[]
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK)
    const topk = part.map((p) =>
      JSON.stringify(
        (JSON.parse(p.topk) as [number, number][]).map(([l, prob]) => [labels.get(l) ?? null, prob])
      )
    )
    await client.query(
      'INSERT INTO predictions (image_id, model_id, topk, current) SELECT * FROM unnest($1::bigint[], $2::text[], $3::jsonb[], $4::boolean[])',
      [
        part.map((p) => images.get(p.image_id)),
        part.map((p) => p.model_id),
        topk,
        part.map((p) => p.current === 1)
      ]
    )
  }
  return rows.length
}
