// The zero-shot text classifier of a project over the engine helper's math (clip/zeroshot.ts):
// one unit vector per active label, text embeddings cached in the project file per (model, prompt)
// so re-scoring after a label or template change never re-encodes a prompt it has seen.
import type { Label, TemplateSet } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { buildClassifier as buildZeroShot, classify, type Classifier } from '../clip/zeroshot'
import { labelNames } from '../clip/names'
import type { ZeroShotScoring } from '../clip/model-family'
import { labelTextIn } from '../../shared/prompt-languages'
import {
  buildTagScorer,
  coldStartProb,
  tagColdStart,
  tagScoreMatrix,
  type TagColdStart,
  type TagScorer
} from '../clip/tag-scores'
import { normalizeRows } from '../math/rows'
import { getTextEmbeddings, putTextEmbeddings, type PredictionKey, type TopK } from '../db/predictions'
import type { Project } from '../db/project'
import type { TagScores, TagSummary } from '../db/tag-scores'
import { projectModelScoring } from '../db/model-scoring'
import { encoderEmbed, projectTextEncoder, textCacheModelId } from './project-text-encoder'

export interface TextClassifier {
  key: PredictionKey
  labelIds: number[]
  classifier: Classifier
  /** logit multiplier (CLIP's learned scale is 100) */
  temperature: number
  topK: number
  /** the model's own scoring (SigLIP's sigmoid); absent: softmax at `temperature` */
  scoring?: ZeroShotScoring
  /** a tags project: each tag's prompts and negatives (docs/tags.md); scores replace the top-k */
  tags?: TagScorer
  /** a tags project's cold start, sigmoid(scale · s + bias) */
  coldStart?: TagColdStart
}

export type EmbedTexts = (prompts: string[]) => Promise<Float32Array[]>

/**
 * Text embeddings for prompts: from the project cache, the rest from the engine (then cached). A
 * project with a text encoder paired with `modelId` encodes them with that encoder instead, and
 * caches them under its own key.
 */
export async function textEmbeddings(
  project: Project,
  modelId: string,
  prompts: string[],
  engineEmbed: EmbedTexts | null
): Promise<Map<string, Float32Array>> {
  const enc = projectTextEncoder(project, modelId)
  const cacheId = textCacheModelId(modelId, enc)
  const embed = enc ? encoderEmbed(project, enc) : engineEmbed
  const have = getTextEmbeddings(project.db, cacheId, prompts)
  const missing = prompts.filter((p) => !have.has(p))
  if (missing.length > 0) {
    if (!embed)
      throw new AppError('no_model', 'Load the model first: some prompts have no cached text embedding.')
    const fresh = new Map<string, Float32Array>()
    const BATCH = 256
    for (let s = 0; s < missing.length; s += BATCH) {
      const part = missing.slice(s, s + BATCH)
      const vecs = await embed(part)
      part.forEach((p, i) => fresh.set(p, vecs[i]!))
    }
    putTextEmbeddings(project.db, cacheId, fresh)
    for (const [k, v] of fresh) have.set(k, v)
  }
  return have
}

/** The project's zero-shot classifier (active labels and template set, cached text embeddings). */
export async function buildProjectClassifier(
  project: Project,
  modelId: string,
  embed: EmbedTexts | null,
  opts: { templateSet?: TemplateSet; labels?: Label[]; scoring?: ZeroShotScoring } = {}
): Promise<TextClassifier> {
  const labels = opts.labels ?? project.activeLabels()
  if (labels.length === 0) throw new AppError('invalid_input', 'The project has no labels: add labels first.')
  const ts = opts.templateSet ?? project.activeTemplateSet()
  const embedder = {
    embedTexts: async (prompts: string[]) => {
      const m = await textEmbeddings(project, modelId, prompts, embed)
      return prompts.map((p) => m.get(p)!)
    }
  }
  // "kite|kite (bird of prey)" and "aka: ..." descriptions: the primary name and its synonyms all
  // become prompts of one class (CLIP's class-name variants), never a literal "|"
  // a set written in another language is filled with the labels' names in it
  const specs = labels.map((l) => {
    const text = labelTextIn(l, ts.language)
    const n = labelNames(text.name, text.descriptions)
    return { name: n.primary, synonyms: n.synonyms, descriptions: n.descriptions, negatives: l.negatives }
  })
  const classifier = await buildZeroShot(embedder, specs, ts.templates)
  const s = project.settings()
  const scoring = opts.scoring ?? projectModelScoring(project, modelId)
  const coldStart = tagColdStart(scoring, s.temperature)
  const tags =
    project.kind === 'tags'
      ? await buildTagScorer(embedder, specs, ts.templates, { negatives: coldStart.negatives })
      : undefined
  return {
    key: { modelId, labelVersion: project.labelVersion, templateSetId: ts.id },
    labelIds: labels.map((l) => l.id),
    classifier,
    temperature: s.temperature,
    topK: Math.min(s.topK, labels.length),
    scoring,
    ...(tags ? { tags, coldStart } : {})
  }
}

/** Top-k [labelId, prob] of each of n embeddings packed in `embeds` (n x dim, raw). */
export function scoreEmbeddings(c: TextClassifier, embeds: Float32Array): TopK[] {
  if (embeds.length === 0) return []
  const r = classify(embeds, c.classifier, { temperature: c.temperature, topK: c.topK, scoring: c.scoring })
  return r.top.map((row) => row.map((e) => [c.labelIds[e.index]!, e.prob] as [number, number]))
}

/**
 * A tags project's scores of n embeddings (n x dim, raw): per image every tag's [labelId, s], and
 * what the image-level queues sort by (the most probable tag; 2 * the least certain |p - 0.5|).
 */
export function scoreTags(
  c: TextClassifier,
  embeds: Float32Array
): { scores: TagScores; summary: TagSummary }[] {
  const t = c.tags
  if (!t || embeds.length === 0) return []
  const n = embeds.length / t.dim
  const s = tagScoreMatrix(normalizeRows(embeds, n, t.dim), n, t.dim, t.pos, t.neg, t.tags)
  const cs = c.coldStart ?? { scale: c.temperature, bias: 0 }
  const out: { scores: TagScores; summary: TagSummary }[] = []
  for (let i = 0; i < n; i++) {
    const scores: TagScores = []
    let best = -1
    let bestP = -1
    let margin = 1
    for (let j = 0; j < t.tags; j++) {
      const v = s[i * t.tags + j]!
      const p = coldStartProb(v, cs.scale, cs.bias)
      scores.push([c.labelIds[j]!, v])
      if (p > bestP) {
        bestP = p
        best = c.labelIds[j]!
      }
      margin = Math.min(margin, 2 * Math.abs(p - 0.5))
    }
    out.push({ scores, summary: { top1Label: best, top1Prob: bestP, margin } })
  }
  return out
}
