// Text search, the near-duplicates of one image, group decisions and possible mistakes of a
// project, shared by the review and search rooms and the `zebra search|duplicates|mistakes`
// commands, so both answer the same (duplicate groups: duplicate-groups.ts). The math is in
// src/main/adapt; the embeddings come through an EmbeddingCache.
import type { Handlers } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { fitAdapter, leaveOneOutProbs } from '../../adapt/adapter'
import { possibleMistakes } from '../../adapt/mistakes'
import { searchByEmbedding, similarTo } from '../../adapt/similarity'
import { appendDecisions, type DecideInput } from '../../db/decisions'
import { keptImages } from '../../db/kept-labels'
import { predictionOf } from '../../db/predictions'
import { encoderEmbed, projectTextEncoder } from '../../jobs/project-text-encoder'
import type { Project } from '../../db/project'
import { normalizeRows } from '../../math/rows'
import type { EmbeddingCache } from './adapter-cache'
import {
  embeddingModelId,
  loadReviewed,
  projectTextClassifier,
  textWeightsFor,
  type EngineGetter
} from './project-data'

export type SearchHit = Awaited<ReturnType<Handlers['search.text']>>[number]
export type Mistake = Awaited<ReturnType<Handlers['review.mistakes']>>[number]

/**
 * A search query's embedding: the project's text encoder when it has one for these embeddings,
 * else the engine, which must be the embeddings' model. Queries go through the encoder or the
 * engine (their in-memory cache), not the project's prompt cache: free text would pile up in the file.
 */
async function queryEmbedding(
  project: Project,
  modelId: string,
  engine: EngineGetter,
  query: string
): Promise<Float32Array> {
  const enc = projectTextEncoder(project, modelId)
  if (enc) return (await encoderEmbed(project, enc)([query]))[0]!
  const e = await engine()
  if (!e || e.modelId !== modelId) {
    throw new AppError(
      'no_model',
      "Load the model that embedded this project's images to search them by text.",
      {
        expected: modelId,
        loaded: e?.modelId ?? null,
        remedy: 'choose_model'
      }
    )
  }
  return (await e.embedTexts([query]))[0]!
}

/** Images most like a free-text description, best first. `engine` must be the embeddings' model. */
export async function searchText(
  project: Project,
  engine: EngineGetter,
  cache: EmbeddingCache,
  query: string,
  limit: number
): Promise<SearchHit[]> {
  const modelId = embeddingModelId(project)
  const q = await queryEmbedding(project, modelId, engine, query)
  const { set } = cache.get(project, modelId)
  const qn = normalizeRows(Float32Array.from(q), 1, set.dim)
  return searchByEmbedding(qn, set.embeddings, set.imageIds.length, set.dim, limit).map((h) => ({
    imageId: set.imageIds[h.index]!,
    relPath: set.relPaths[h.index]!,
    score: h.similarity
  }))
}

/** The near-duplicates of one image (itself excluded), most similar first. */
export function duplicatesOf(
  project: Project,
  cache: EmbeddingCache,
  imageId: number,
  threshold: number
): { imageId: number; relPath: string; similarity: number }[] {
  const { set, rowOf } = cache.get(project, embeddingModelId(project))
  const row = rowOf.get(imageId)
  if (row === undefined) {
    throw new AppError('not_found', `Image ${imageId} has no embedding yet: pre-label it first.`)
  }
  return similarTo(set.embeddings, set.imageIds.length, set.dim, row, threshold).map((h) => ({
    imageId: set.imageIds[h.index]!,
    relPath: set.relPaths[h.index]!,
    similarity: h.similarity
  }))
}

/**
 * One label for a set of images as ONE batch (one undo step reverts all of them). An image whose
 * suggestions hold the label is an accept at that rank, otherwise a correction, so the log says
 * what the annotator did.
 */
export function decideGroup(
  project: Project,
  imageIds: number[],
  labelId: number,
  annotator: string
): number {
  project.label(labelId) // not_found for an unknown label, before anything is written
  const items: DecideInput[] = [...new Set(imageIds)].map((imageId) => {
    const rank = predictionOf(project.db, imageId)?.top.findIndex(([l]) => l === labelId) ?? -1
    return rank >= 0 ? { imageId, kind: 'accepted', rank: rank + 1 } : { imageId, kind: 'corrected', labelId }
  })
  return appendDecisions(project.db, items, annotator, 'bulk').length
}

/**
 * Reviewed images whose label the model (fitted without them: leave-one-out) strongly disagrees
 * with, largest disagreement first; images whose label was kept (keepLabel) are left out.
 */
export async function mistakesOf(
  project: Project,
  engine: EngineGetter,
  cache: EmbeddingCache,
  limit: number
): Promise<Mistake[]> {
  if (project.kind === 'tags')
    throw new AppError(
      'invalid_input',
      "Possible mistakes ranks one label per image. In a tags project, open the tag pass with the 'present' (or 'absent') filter: its images are in order of probability, so the likeliest mistakes are at the end (or the start)."
    )
  const modelId = embeddingModelId(project)
  const reviewed = loadReviewed(project, modelId)
  if (reviewed.imageIds.length < 2) return []
  const cls = await projectTextClassifier(project, modelId, engine)
  const text = textWeightsFor(cls, reviewed.labels)
  const inp = {
    reviewed: reviewed.embeddings,
    labels: reviewed.truth,
    text,
    classes: reviewed.labels.length,
    dim: reviewed.dim,
    centre: cache.mean(project, modelId)
  }
  const adapter = fitAdapter(inp)
  const probs = leaveOneOutProbs(adapter, inp, cls.scoring)
  const kept = keptImages(project.db)
  return possibleMistakes(probs, reviewed.truth, reviewed.labels.length, limit + kept.size)
    .filter((m) => !kept.has(reviewed.imageIds[m.index]!))
    .slice(0, limit)
    .map((m) => ({
      imageId: reviewed.imageIds[m.index]!,
      relPath: reviewed.relPaths[m.index]!,
      label: reviewed.labels[m.label]!.name,
      labelId: reviewed.labels[m.label]!.id,
      suggested: reviewed.labels[m.suggested]!.name,
      suggestedId: reviewed.labels[m.suggested]!.id,
      prob: m.prob
    }))
}
