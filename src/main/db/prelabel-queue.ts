// What pre-labelling and re-scoring (jobs/prelabel.ts) still have to do: images without an
// embedding for a model, and cached embeddings whose prediction is stale.
import type { Db } from './open'
import type { PredictionKey } from './predictions'

/** Count of ok images without an embedding for this model. */
export function pendingEmbeddingCount(db: Db, modelId: string): number {
  return db
    .prepare(
      `SELECT count(*) FROM images i WHERE i.state = 'ok'
       AND NOT EXISTS (SELECT 1 FROM image_embeddings e WHERE e.image_id = i.id AND e.model_id = ?)`
    )
    .pluck()
    .get(modelId) as number
}

export interface PendingImage {
  id: number
  root: string
  rel_path: string
}

/**
 * Pages (keyset on id) of ok images without an embedding for a model; prepared once, call per page.
 */
export function pendingImagePages(
  db: Db
): (afterId: number, modelId: string, limit: number) => PendingImage[] {
  const page = db.prepare(
    `SELECT i.id, r.path AS root, i.rel_path FROM images i JOIN roots r ON r.id = i.root_id
     WHERE i.state = 'ok' AND i.id > ?
       AND NOT EXISTS (SELECT 1 FROM image_embeddings e WHERE e.image_id = i.id AND e.model_id = ?)
     ORDER BY i.id LIMIT ?`
  )
  return (afterId, modelId, limit) => page.all(afterId, modelId, limit) as PendingImage[]
}

/** Images with a cached embedding whose prediction is missing or was made for another key. */
export function staleEmbeddingCount(db: Db, key: PredictionKey): number {
  return db
    .prepare(
      `SELECT count(*) FROM image_embeddings e JOIN images i ON i.id = e.image_id
       LEFT JOIN predictions p ON p.image_id = e.image_id
       WHERE e.model_id = ? AND i.state = 'ok' AND (p.image_id IS NULL OR p.model_id != ?
         OR p.label_version != ? OR p.template_set_id != ?)`
    )
    .pluck()
    .get(key.modelId, key.modelId, key.labelVersion, key.templateSetId) as number
}

/** every cached image embedding of a model */
export function modelEmbeddingCount(db: Db, modelId: string): number {
  return db.prepare('SELECT count(*) FROM image_embeddings WHERE model_id = ?').pluck().get(modelId) as number
}

/**
 * Pages (keyset on image id, 1000 at most) of cached embeddings to re-score: stale ones for `key`,
 * or with `all` every one of the model. Prepared once, call per page.
 */
export function rescorePages(
  db: Db
): (key: PredictionKey, afterId: number, all: boolean) => { id: number; vec: Buffer }[] {
  const stmt = db.prepare(
    `SELECT e.image_id AS id, e.vec FROM image_embeddings e JOIN images i ON i.id = e.image_id
     LEFT JOIN predictions p ON p.image_id = e.image_id
     WHERE e.model_id = ? AND i.state = 'ok' AND e.image_id > ? AND (? OR p.image_id IS NULL OR p.model_id != ?
       OR p.label_version != ? OR p.template_set_id != ?)
     ORDER BY e.image_id LIMIT 1000`
  )
  return (k, afterId, all) =>
    stmt.all(k.modelId, afterId, all ? 1 : 0, k.modelId, k.labelVersion, k.templateSetId) as {
      id: number
      vec: Buffer
    }[]
}

/** The model whose embeddings this project holds most of. */
export function mostEmbeddedModelId(db: Db): string | null {
  const r = db
    .prepare('SELECT model_id FROM image_embeddings GROUP BY model_id ORDER BY count(*) DESC LIMIT 1')
    .pluck()
    .get() as string | undefined
  return r ?? null
}
