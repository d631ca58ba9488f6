// Zero-shot classification, as in the CLIP paper: each label's classifier weight is the
// re-normalised mean of its L2-normalised prompt embeddings (prompt ensembling); logits are
// temperature x cosine(image, class); softmax over the labels; top-k. A sigmoid model (SigLIP) scores
// each label on its own instead: sigmoid(scale x cosine + bias) with the model's scale and bias, so
// its top-k shows independent probabilities that need not sum to 1 (docs/siglip.md).
//
// Prompts of a label = every template with the label filled in, plus, for each description
// (an attribute such as "striped" or "has a long neck"), the DESCRIPTION_TEMPLATES below, in the
// spirit of "Visual Classification via Description from Large Language Models" (Menon & Vondrick
// 2022): "{label}, which is {description}". All prompts of a label weigh the same in the mean.
import { AppError } from '../../shared/errors'
import { topK } from '../math/rank'
import { l2normalize, normalizeRows } from '../math/rows'
import { sigmoid } from '../math/sigmoid'
import { softmaxRows } from '../math/softmax'
import type { ZeroShotScoring } from './model-family'

// The CLI's `embed --normalize` names l2normalize here; the one definition is in math/rows.ts.
export { l2normalize }

export const DEFAULT_TEMPERATURE = 100
export const DEFAULT_TOP_K = 5

/** Templates for a label's descriptions; {which} is "which is <d>" or "which <d>" (see describePhrase). */
const DESCRIPTION_TEMPLATES = ['{label}, {which}', 'a photo of a {label}, {which}.'] as const

/** The 7 ImageNet templates forward-selected in the CLIP repo's prompt-engineering notebook. */
export const IMAGENET_7_TEMPLATES = [
  'itap of a {}.',
  'a bad photo of the {}.',
  'a origami {}.',
  'a photo of the large {}.',
  'a {} in a video game.',
  'art of the {}.',
  'a photo of the small {}.'
] as const

/**
 * The one template used when a label set comes without templates (a new project starts with
 * db/project.ts' DEFAULT_TEMPLATES instead).
 */
const FALLBACK_TEMPLATES = ['a photo of a {}.'] as const

export interface LabelSpec {
  name: string
  /** attributes that add prompts ("striped", "has a long neck") */
  descriptions?: string[]
  /** other names for the same class (e.g. 'happy' and 'smiling'); each gets every template */
  synonyms?: string[]
}

export interface Classifier {
  /** C x D row-major, each row L2-normalised */
  weights: Float32Array
  labels: string[]
  dim: number
}

interface TopEntry {
  index: number
  label: string
  prob: number
}

export interface ClassifyResult {
  /** N x C row-major probabilities: softmax over the labels, or each label's sigmoid */
  probs: Float32Array
  /** per image, the topK labels by probability */
  top: TopEntry[][]
}

const PLACEHOLDER = /\{\}|\{label\}/g

export function hasPlaceholder(template: string): boolean {
  return /\{\}|\{label\}/.test(template)
}

/** Fills a template's {} / {label} with the label; throws invalid_input when it has neither. */
export function fillTemplate(template: string, label: string): string {
  if (!hasPlaceholder(template)) {
    throw new AppError(
      'invalid_input',
      `Template "${template}" has no {} or {label} placeholder: every label would get the same prompt.`
    )
  }
  return template.replace(PLACEHOLDER, () => label)
}

// Descriptions that start with a verb read "which has a mane"; the rest read "which is striped".
const VERB_START =
  /^(is|are|was|were|has|have|had|can|could|will|would|does|do|did|looks?|contains?|shows?|features?|lives?|grows?|appears?|seems?)\b/i

function describePhrase(description: string): string {
  const d = description.trim()
  return VERB_START.test(d) ? `which ${d}` : `which is ${d}`
}

/**
 * All prompts of one label: every template (with `{}` or `{label}` filled in), then for each
 * description every DESCRIPTION_TEMPLATES entry. Duplicates are dropped, order kept.
 */
export function expandPrompts(
  label: string,
  templates: readonly string[],
  descriptions: readonly string[] = []
): string[] {
  const prompts = templates.map((t) => fillTemplate(t, label))
  for (const d of descriptions) {
    if (!d.trim()) continue
    const which = describePhrase(d)
    for (const t of DESCRIPTION_TEMPLATES) prompts.push(t.replace('{label}', label).replace('{which}', which))
  }
  return [...new Set(prompts)]
}

/** CLIP prompt ensembling: mean of the normalised embeddings, normalised again. */
export function classEmbedding(promptEmbeds: readonly Float32Array[]): Float32Array {
  if (!promptEmbeds.length) throw new AppError('invalid_input', 'A label needs at least one prompt')
  const dim = promptEmbeds[0].length
  const acc = new Float64Array(dim)
  for (const e of promptEmbeds) {
    const n = l2normalize(e)
    for (let i = 0; i < dim; i++) acc[i] += n[i]
  }
  const mean = new Float32Array(dim)
  for (let i = 0; i < dim; i++) mean[i] = acc[i] / promptEmbeds.length
  return l2normalize(mean, true)
}

export interface TextEmbedder {
  embedTexts(prompts: string[]): Promise<Float32Array[]>
}

/**
 * Encodes every label's prompts (one embedTexts call, so batching and the cache apply) and builds
 * the C x D weight matrix. Labels without templates use FALLBACK_TEMPLATES.
 */
export async function buildClassifier(
  engine: TextEmbedder,
  labels: readonly LabelSpec[],
  templates: readonly string[] = FALLBACK_TEMPLATES
): Promise<Classifier> {
  if (!labels.length)
    throw new AppError('invalid_input', 'No labels: give at least one label to classify into.')
  const names = labels.map((l) => l.name)
  const dup = names.find((n, i) => names.indexOf(n) !== i)
  if (dup !== undefined) throw new AppError('invalid_input', `Label "${dup}" is given twice`)
  const tpl = templates.length ? templates : FALLBACK_TEMPLATES
  const perLabel = labels.map((l) => {
    const prompts: string[] = []
    for (const n of [l.name, ...(l.synonyms ?? [])])
      prompts.push(...expandPrompts(n, tpl, l.descriptions ?? []))
    return [...new Set(prompts)]
  })
  const all = [...new Set(perLabel.flat())]
  const embeds = await engine.embedTexts(all)
  const byPrompt = new Map(all.map((p, i) => [p, embeds[i]]))
  const dim = embeds[0].length
  const weights = new Float32Array(labels.length * dim)
  perLabel.forEach((prompts, c) => {
    weights.set(classEmbedding(prompts.map((p) => byPrompt.get(p) as Float32Array)), c * dim)
  })
  return { weights, labels: names, dim }
}

/** Stacks per-image embeddings into one N x D matrix. */
function stackRows(rows: readonly Float32Array[]): Float32Array {
  const dim = rows[0]?.length ?? 0
  const m = new Float32Array(rows.length * dim)
  rows.forEach((r, i) => m.set(r, i * dim))
  return m
}

/** temperature x cosine for N images (raw or normalised embeddings, N x D) against the classifier. */
function zeroShotLogits(
  imageEmbeds: Float32Array,
  classifier: Classifier,
  temperature = DEFAULT_TEMPERATURE
): Float32Array {
  const D = classifier.dim
  const C = classifier.labels.length
  if (imageEmbeds.length % D !== 0) {
    throw new AppError(
      'invalid_input',
      `Image embeddings have ${imageEmbeds.length} values, not a multiple of ${D}`
    )
  }
  const N = imageEmbeds.length / D
  const img = normalizeRows(Float32Array.from(imageEmbeds), N, D)
  const W = classifier.weights
  const logits = new Float32Array(N * C)
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      let s = 0
      for (let d = 0; d < D; d++) s += img[n * D + d] * W[c * D + d]
      logits[n * C + c] = temperature * s
    }
  }
  return logits
}

/** sigmoid(scale x cosine + bias) of every (image, label): SigLIP's own probabilities */
function sigmoidProbs(m: Float32Array, classifier: Classifier, scale: number, bias: number): Float32Array {
  const p = zeroShotLogits(m, classifier, scale)
  for (let i = 0; i < p.length; i++) p[i] = sigmoid(p[i] + bias)
  return p
}

/**
 * Zero-shot probabilities and top-k labels per image. `scoring` sigmoid (a SigLIP model's) replaces
 * the softmax at `temperature` with the model's own sigmoid; its top-k ranks the same cosines.
 */
export function classify(
  imageEmbeds: Float32Array | readonly Float32Array[],
  classifier: Classifier,
  opts: { temperature?: number; topK?: number; scoring?: ZeroShotScoring } = {}
): ClassifyResult {
  const m = imageEmbeds instanceof Float32Array ? imageEmbeds : stackRows(imageEmbeds)
  const C = classifier.labels.length
  const probs =
    opts.scoring?.kind === 'sigmoid'
      ? sigmoidProbs(m, classifier, opts.scoring.scale, opts.scoring.bias)
      : softmaxRows(zeroShotLogits(m, classifier, opts.temperature ?? DEFAULT_TEMPERATURE), C)
  const k = opts.topK ?? DEFAULT_TOP_K
  const top: TopEntry[][] = []
  for (let r = 0; r < probs.length; r += C) {
    const row = probs.subarray(r, r + C)
    top.push(topK(row, k).map((index) => ({ index, label: classifier.labels[index], prob: row[index] })))
  }
  return { probs, top }
}
