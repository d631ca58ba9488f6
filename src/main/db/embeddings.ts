// Read-side queries over cached image embeddings for eval, adapt and review (the services read
// through here so SQL stays in db/). Vectors come back as raw BLOBs; db/vectors.ts decodes them.
import type { Db } from './open'
import { stmt } from './stmt'

export interface EmbeddingRow {
  id: number
  rel: string
  vec: Buffer
}

export interface ReviewedEmbeddingRow extends EmbeddingRow {
  label: number
}

/** Every ok image with an embedding of `modelId`, in id order. */
export function embeddingRows(db: Db, modelId: string): EmbeddingRow[] {
  return db
    .prepare(
      `SELECT i.id, i.rel_path AS rel, e.vec FROM images i
       JOIN image_embeddings e ON e.image_id = i.id AND e.model_id = ?
       WHERE i.state = 'ok' ORDER BY i.id`
    )
    .all(modelId) as EmbeddingRow[]
}

/**
 * Ok images with an embedding of `modelId` whose current decision is accepted or corrected to a
 * label (the ground truth of compare and adapt), in id order; labels resolved through merges.
 */
export function reviewedEmbeddingRows(db: Db, modelId: string): ReviewedEmbeddingRow[] {
  return db
    .prepare(
      `SELECT i.id, i.rel_path AS rel, coalesce(l.merged_into, d.label_id) AS label, e.vec FROM images i
       JOIN decisions d ON d.id = i.cur_decision JOIN labels l ON l.id = d.label_id
       JOIN image_embeddings e ON e.image_id = i.id AND e.model_id = ?
       WHERE i.state = 'ok' AND d.kind IN ('accepted', 'corrected') AND d.label_id IS NOT NULL
       ORDER BY i.id`
    )
    .all(modelId) as ReviewedEmbeddingRow[]
}

/** The raw embedding of one image under one model, or undefined. */
export function embeddingBlob(db: Db, imageId: number, modelId: string): Buffer | undefined {
  const r = db
    .prepare('SELECT vec FROM image_embeddings WHERE image_id = ? AND model_id = ?')
    .get(imageId, modelId) as { vec: Buffer } | undefined
  return r?.vec
}

/** The raw embeddings of several images under one model (one query; images without one are absent). */
export function embeddingBlobs(db: Db, imageIds: readonly number[], modelId: string): Map<number, Buffer> {
  const rows = stmt(
    db,
    'SELECT image_id AS id, vec FROM image_embeddings WHERE model_id = ? AND image_id IN (SELECT value FROM json_each(?))'
  ).all(modelId, JSON.stringify(imageIds)) as { id: number; vec: Buffer }[]
  return new Map(rows.map((r) => [r.id, r.vec]))
}

/** Count and largest image id of one model's embeddings: changes whenever the set does. */
export function embeddingSignature(db: Db, modelId: string): { n: number; m: number | null } {
  return db
    .prepare('SELECT count(*) AS n, max(image_id) AS m FROM image_embeddings WHERE model_id = ?')
    .get(modelId) as { n: number; m: number | null }
}

/** Count of all embeddings and their largest image id (any model; 0 when none). */
export function allEmbeddingsSignature(db: Db): { e: number; m: number } {
  return db
    .prepare(
      'SELECT (SELECT count(*) FROM image_embeddings) AS e, (SELECT coalesce(max(image_id), 0) FROM image_embeddings) AS m'
    )
    .get() as { e: number; m: number }
}

/** Latest decision id and embedding count: what an adapter fit depends on. */
export function adapterStamp(db: Db): { d: number; e: number } {
  return db
    .prepare(
      'SELECT (SELECT coalesce(max(id), 0) FROM decisions) AS d, (SELECT count(*) FROM image_embeddings) AS e'
    )
    .get() as { d: number; e: number }
}

/** Every model with embeddings of ok images, most embedded first (ties: model id). */
export function embeddedModels(db: Db): { modelId: string; count: number }[] {
  return db
    .prepare(
      `SELECT e.model_id AS modelId, count(*) AS count FROM image_embeddings e
       JOIN images i ON i.id = e.image_id AND i.state = 'ok'
       GROUP BY e.model_id ORDER BY count DESC, e.model_id`
    )
    .all() as { modelId: string; count: number }[]
}

/** The model of most current predictions (the suggestions review shows), or null. */
export function currentPredictionModel(db: Db): string | null {
  const r = db
    .prepare('SELECT model_id FROM predictions GROUP BY model_id ORDER BY count(*) DESC, model_id LIMIT 1')
    .pluck()
    .get() as string | undefined
  return r ?? null
}

/** The first `limit` ok images by id (a fixed sample, e.g. to time a model on). */
export function firstOkImageIds(db: Db, limit: number): number[] {
  return db
    .prepare(`SELECT id FROM images WHERE state = 'ok' ORDER BY id LIMIT ?`)
    .pluck()
    .all(limit) as number[]
}
