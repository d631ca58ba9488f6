// Embedding caches and the current prediction of each image.
import type { Suggestion } from '../../shared/contract'
import { labelNamesOf } from './labels'
import type { Db } from './open'
import { stmt } from './stmt'
import { forgetTagScores } from './tag-scores'
import { nowIso } from './project'
import { fromBlob, toBlob } from './vectors'

export interface PredictionKey {
  modelId: string
  labelVersion: number
  templateSetId: number
}

/** top-k of one image: [labelId, prob] best first */
export type TopK = [number, number][]

export interface ModelInfo {
  modelId: string
  name: string
  dir: string
  variant: string
  embedDim: number
}

export function registerModel(db: Db, m: ModelInfo): void {
  db.prepare(
    'INSERT OR IGNORE INTO models (model_id, name, dir, variant, embed_dim, first_used) VALUES (?, ?, ?, ?, ?, ?)'
  ).run(m.modelId, m.name, m.dir, m.variant, m.embedDim, nowIso())
}

export function modelInfo(db: Db, modelId: string): ModelInfo | null {
  const r = db.prepare('SELECT * FROM models WHERE model_id = ?').get(modelId) as
    { model_id: string; name: string; dir: string; variant: string; embed_dim: number } | undefined
  return r
    ? { modelId: r.model_id, name: r.name, dir: r.dir, variant: r.variant, embedDim: r.embed_dim }
    : null
}

/** The folders of every model the project has used, by id (a handful of rows). */
export function modelDirs(db: Db): { modelId: string; dir: string }[] {
  return (
    db.prepare('SELECT model_id, dir FROM models ORDER BY model_id').all() as {
      model_id: string
      dir: string
    }[]
  ).map((r) => ({ modelId: r.model_id, dir: r.dir }))
}

/** Prepared writers for one batch; call inside a transaction. */
export function predictionWriter(db: Db, key: PredictionKey) {
  const emb = db.prepare('INSERT OR REPLACE INTO image_embeddings (image_id, model_id, vec) VALUES (?, ?, ?)')
  const pred = db.prepare(
    `INSERT OR REPLACE INTO predictions (image_id, model_id, label_version, template_set_id, topk, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`
  )
  const img = db.prepare('UPDATE images SET top1_label = ?, top1_prob = ?, margin = ? WHERE id = ?')
  const now = nowIso()
  return {
    embedding(imageId: number, vec: Float32Array): void {
      emb.run(imageId, key.modelId, toBlob(vec))
    },
    prediction(imageId: number, top: TopK): void {
      const rounded = top.map(([l, p]) => [l, Math.round(p * 1e6) / 1e6])
      pred.run(imageId, key.modelId, key.labelVersion, key.templateSetId, JSON.stringify(rounded), now)
      const p1 = top[0]?.[1] ?? null
      const p2 = top[1]?.[1] ?? 0
      img.run(top[0]?.[0] ?? null, p1, p1 === null ? null : p1 - p2, imageId)
    }
  }
}

/** Drops predictions of images whose embeddings went stale (file content changed). */
export function clearImageResults(db: Db, imageId: number): void {
  forgetTagScores(db, [imageId])
  db.prepare('DELETE FROM image_embeddings WHERE image_id = ?').run(imageId)
  db.prepare('DELETE FROM predictions WHERE image_id = ?').run(imageId)
  db.prepare('UPDATE images SET top1_label = NULL, top1_prob = NULL, margin = NULL WHERE id = ?').run(imageId)
}

export function predictionOf(db: Db, imageId: number): (PredictionKey & { top: TopK }) | null {
  const r = stmt(
    db,
    'SELECT model_id, label_version, template_set_id, topk FROM predictions WHERE image_id = ?'
  ).get(imageId) as
    { model_id: string; label_version: number; template_set_id: number; topk: string } | undefined
  if (!r) return null
  return {
    modelId: r.model_id,
    labelVersion: r.label_version,
    templateSetId: r.template_set_id,
    top: JSON.parse(r.topk) as TopK
  }
}

/** The stored top-k of an image as suggestions; `labelNames` defaults to a lookup of those k labels. */
export function suggestionsOf(db: Db, imageId: number, labelNames?: Map<number, string>): Suggestion[] {
  const p = predictionOf(db, imageId)
  if (!p) return []
  labelNames ??= labelNamesOf(
    db,
    p.top.map(([l]) => l)
  )
  return p.top.map(([labelId, prob], i) => ({
    rank: i + 1,
    labelId,
    label: labelNames.get(labelId) ?? `#${labelId}`,
    prob,
    source: 'zeroshot' as const
  }))
}

export function getTextEmbeddings(db: Db, modelId: string, prompts: string[]): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>()
  const stmt = db.prepare('SELECT vec FROM text_embeddings WHERE model_id = ? AND prompt = ?')
  for (const p of prompts) {
    const r = stmt.get(modelId, p) as { vec: Buffer } | undefined
    if (r) out.set(p, fromBlob(r.vec))
  }
  return out
}

export function putTextEmbeddings(db: Db, modelId: string, items: Map<string, Float32Array>): void {
  const stmt = db.prepare('INSERT OR REPLACE INTO text_embeddings (model_id, prompt, vec) VALUES (?, ?, ?)')
  db.transaction(() => {
    for (const [p, v] of items) stmt.run(modelId, p, toBlob(v))
  })()
}
