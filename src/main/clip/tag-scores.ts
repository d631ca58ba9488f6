// Scores of a tags project (docs/tags.md): one number per (image, tag),
// s = cos(image, tag prompts) − cos(image, the tag's negative prompts), each side the re-normalised
// mean of its prompt embeddings (CLIP prompt ensembling, as zeroshot.ts builds a label's weight).
// Its cold-start reading p = sigmoid(scale · s) is exactly a two-way softmax of the tag against its
// negatives at the model's logit scale, never a softmax across tags, so every tag stands alone.
import { AppError } from '../../shared/errors'
import { gemmABt } from '../math/gemm'
import { sigmoid } from '../math/sigmoid'
import type { ZeroShotScoring } from './model-family'
import { buildClassifier, classEmbedding, type TextEmbedder } from './zeroshot'

/**
 * Neutral prompts a tag is measured against when it has none of its own. They name nothing, so
 * every image matches them about equally, and their mean sits near the "a photo of …" direction
 * that every prompt shares: subtracting it leaves what the tag's own words add. Several phrasings
 * (photo, image, picture; with and without an object) are averaged so no one wording's quirks
 * decide; they are plain captions, not templates, because a negative is a full prompt.
 */
export const DEFAULT_TAG_NEGATIVES: readonly string[] = [
  'a photo.',
  'a photo of something.',
  'a photo of an object.',
  'an image.',
  'a picture of a thing.'
]

export interface TagSpec {
  name: string
  /** attributes that add prompts, as a label's descriptions do */
  descriptions?: string[]
  /** other names for the same tag; each gets every template */
  synonyms?: string[]
  /** full prompts this tag is measured against; empty or absent: DEFAULT_TAG_NEGATIVES */
  negatives?: string[]
}

export interface TagScorer {
  /** tags × dim, each row the tag's L2-normalised mean prompt embedding */
  pos: Float32Array
  /** tags × dim, each row the L2-normalised mean of the tag's negative prompts; null for a sigmoid
   * model (SigLIP), whose score is the cosine with the tag's prompts alone */
  neg: Float32Array | null
  dim: number
  tags: number
}

/**
 * n × tags row-major s = cos(image, pos_t) − cos(image, neg_t), or cos(image, pos_t) when `neg` is
 * null (a sigmoid-native model such as SigLIP). `images` rows must be L2-normalised already.
 */
export function tagScoreMatrix(
  images: Float32Array,
  n: number,
  dim: number,
  pos: Float32Array,
  neg: Float32Array | null,
  tags: number
): Float32Array {
  if (images.length < n * dim)
    throw new AppError('invalid_input', `Image embeddings have ${images.length} values, not ${n} × ${dim}`)
  if (pos.length !== tags * dim || (neg && neg.length !== tags * dim))
    throw new AppError('invalid_input', `Tag embeddings must be ${tags} × ${dim} values`)
  const s = gemmABt(images, n, dim, pos, tags)
  if (!neg) return s
  const c = gemmABt(images, n, dim, neg, tags)
  for (let i = 0; i < s.length; i++) s[i] -= c[i]
  return s
}

/** The cold-start probability sigmoid(scale · s + bias), finite and in [0, 1] for any s. */
export function coldStartProb(s: number, scale: number, bias = 0): number {
  return sigmoid(scale * s + bias)
}

export interface TagColdStart {
  scale: number
  bias: number
  /** whether the score subtracts the tag's negatives (CLIP) or is the cosine alone (SigLIP) */
  negatives: boolean
}

/**
 * A tags project's cold start for a model: CLIP's sigmoid(temperature · s) on s = cos(pos) −
 * cos(neg); a sigmoid model's own sigmoid(scale · cos + bias), scale and bias read from the model.
 * It is also the prior the per-tag calibration starts from (adapt/tag-calibration.ts).
 */
export function tagColdStart(scoring: ZeroShotScoring | undefined, temperature: number): TagColdStart {
  return scoring?.kind === 'sigmoid'
    ? { scale: scoring.scale, bias: scoring.bias, negatives: false }
    : { scale: temperature, bias: 0, negatives: true }
}

function negativePrompts(tag: TagSpec): readonly string[] {
  const own = (tag.negatives ?? []).map((p) => p.trim()).filter(Boolean)
  return own.length ? own : DEFAULT_TAG_NEGATIVES
}

/**
 * Embeds every tag's two sides. The positive side is built exactly as a single-label project's
 * class weight (buildClassifier: templates × names, descriptions, synonyms, ensembling), so a tag
 * and a label of one name point the same way; the negative side is the tag's own `negatives`, or
 * DEFAULT_TAG_NEGATIVES, embedded in one call and ensembled by classEmbedding. `negatives: false`
 * (a sigmoid model, whose own bias places its threshold) builds no negative side.
 */
export async function buildTagScorer(
  embedder: TextEmbedder,
  tags: TagSpec[],
  templates: string[],
  opts: { negatives?: boolean } = {}
): Promise<TagScorer> {
  if (!tags.length) throw new AppError('invalid_input', 'No tags: give at least one tag to score.')
  const clf = await buildClassifier(
    embedder,
    tags.map((t) => ({ name: t.name, descriptions: t.descriptions, synonyms: t.synonyms })),
    templates
  )
  const { dim } = clf
  if (opts.negatives === false) return { pos: clf.weights, neg: null, dim, tags: tags.length }
  const perTag = tags.map(negativePrompts)
  const all = [...new Set(perTag.flat())]
  const embeds = await embedder.embedTexts(all)
  const byPrompt = new Map(all.map((p, i) => [p, embeds[i]]))
  const neg = new Float32Array(tags.length * dim)
  perTag.forEach((prompts, t) => {
    neg.set(classEmbedding(prompts.map((p) => byPrompt.get(p) as Float32Array)), t * dim)
  })
  return { pos: clf.weights, neg, dim, tags: tags.length }
}
