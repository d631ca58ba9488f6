// The template comparison of a tags project (docs/tags.md): every template set scored tag by tag
// on the decided images. Each set's s = cos(image, tag prompts) − cos(image, the tag's negatives)
// is read at its cold start p = sigmoid(scale · s + bias): per tag precision, recall and F1 at
// p ≥ 0.5 and at the tag's threshold for a target precision, average precision, and their mAP.
//
// Rankings (AP) are taken on the logits scale · s + bias, not on p: far from 0.5 many p round to
// the same float (sigmoid(30) is 1 in a Float32Array) and ties there would change an AP; the order
// is the same. P/R/F1 at 0.5 are read on the logits too (p ≥ 0.5 ⟺ logit ≥ 0, exactly). At the
// tag's threshold they are the threshold's own numbers (tagThreshold), so a report's "p ≥ 0.87"
// reads as the app's does.
import type { TagCompareRow, TagCompareSection, TagSetScore } from '../../shared/tag-report'
import { AppError } from '../../shared/errors'
import { sigmoid } from '../math/sigmoid'
import { buildTagScorer, tagScoreMatrix, type TagScorer, type TagSpec } from '../clip/tag-scores'
import type { TextEmbedder } from '../clip/zeroshot'
import { tagScores, TAG_ABSENT, TAG_PRESENT } from './tag-metrics'
import { tagThreshold } from './tag-threshold'

interface TagSetInput {
  name: string
  templates: string[]
  /** the tags as this set's prompts name them (a set in another language); default `tags` */
  tags?: TagSpec[]
}

interface TagReading {
  /** the model's logit scale */
  scale: number
  /** the cold start's bias (SigLIP); default 0 */
  bias?: number
  /** the precision each tag's threshold aims for */
  target: number
  /**
   * The probabilities a tag's threshold is chosen on, given its decided scores: the app's
   * calibration fitted on those decisions (services pass it; eval may not import adapt/), else
   * the cold start.
   */
  calibrate?: (s: number[], present: boolean[]) => number[]
}

const f1 = (precision: number, recall: number): number =>
  precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0

/**
 * One set's scores: `s` is n × tags (tagScoreMatrix), `truth` n × tags with 1 present, 0 absent
 * and anything else (unsure, undecided) left out of every number.
 */
export function tagSetScore(
  set: TagSetInput,
  s: Float32Array,
  truth: Int8Array,
  labels: string[],
  reading: TagReading
): TagSetScore {
  const tags = labels.length
  if (s.length !== truth.length || (tags ? s.length % tags !== 0 : s.length !== 0))
    throw new AppError(
      'invalid_input',
      `tag compare: ${s.length} scores and ${truth.length} decisions for ${tags} tags`
    )
  const n = tags ? s.length / tags : 0
  const bias = reading.bias ?? 0
  const logits = new Float32Array(s.length)
  for (let k = 0; k < s.length; k++) logits[k] = reading.scale * s[k] + bias
  const half = tagScores(logits, truth, labels, new Array<number>(tags).fill(0))
  const perTag = labels.map((label, t): TagCompareRow => {
    const scores: number[] = []
    const present: boolean[] = []
    for (let i = 0; i < n; i++) {
      const y = truth[i * tags + t]
      if (y !== TAG_PRESENT && y !== TAG_ABSENT) continue
      scores.push(s[i * tags + t]!)
      present.push(y === TAG_PRESENT)
    }
    const probs = reading.calibrate
      ? reading.calibrate(scores, present)
      : scores.map((v) => sigmoid(reading.scale * v + bias))
    const threshold = tagThreshold(probs, present, reading.target)
    const h = half.perTag[t]
    return {
      label,
      present: h.support,
      absent: h.decided - h.support,
      ap: h.ap,
      atHalf: { precision: h.precision, recall: h.recall, f1: h.f1 },
      atThreshold:
        threshold.kind === 'ok'
          ? {
              precision: threshold.precision,
              recall: threshold.recall,
              f1: f1(threshold.precision, threshold.recall)
            }
          : null,
      threshold
    }
  })
  return {
    name: set.name,
    templates: [...set.templates],
    mAP: half.mAP,
    microF1: half.microF1,
    perTag
  }
}

export interface TagCompareInput {
  /** L2-normalised image embeddings, n × dim: the decided images */
  images: Float32Array
  n: number
  dim: number
  /** n × tags: 1 present, 0 absent, -1 unsure or undecided */
  truth: Int8Array
  /** the live tags, in the index space of `truth` */
  tags: TagSpec[]
  sets: TagSetInput[]
  embedder: TextEmbedder
  /** whether a tag's score subtracts its negatives (CLIP) or is the cosine alone (a sigmoid model) */
  negatives?: boolean
}

interface TagCompareResult {
  section: Omit<TagCompareSection, 'curve'>
  /** each set's tag embeddings, in `section.sets` order (the learning curve starts from one) */
  scorers: TagScorer[]
}

/** The mAP leader, the first on ties; null when no set has an mAP. */
function bestSet(sets: TagSetScore[]): string | null {
  let best: TagSetScore | null = null
  for (const x of sets) if (x.mAP !== null && (best === null || x.mAP > (best.mAP ?? -1))) best = x
  return best?.name ?? null
}

/** Every template set scored tag by tag (see the top of this file). */
export async function compareTagTemplates(
  input: TagCompareInput,
  reading: TagReading
): Promise<TagCompareResult> {
  const { n, dim, truth } = input
  const tags = input.tags.length
  if (tags === 0) throw new AppError('invalid_input', 'No tags: give at least one tag to compare.')
  if (input.images.length < n * dim || truth.length !== n * tags)
    throw new AppError(
      'invalid_input',
      `tag compare: ${input.images.length} embedding values and ${truth.length} decisions for ${n} images × ${tags} tags`
    )
  const sets = input.sets
    .map((x) => ({ ...x, templates: [...new Set(x.templates)] }))
    .filter((x) => x.templates.length > 0)
  if (sets.length === 0) throw new AppError('invalid_input', 'No template sets to compare.')
  const labels = input.tags.map((t) => t.name)
  const scored: TagSetScore[] = []
  const scorers: TagScorer[] = []
  for (const set of sets) {
    const scorer = await buildTagScorer(input.embedder, set.tags ?? input.tags, set.templates, {
      negatives: input.negatives ?? true
    })
    const s = tagScoreMatrix(input.images, n, dim, scorer.pos, scorer.neg, tags)
    scored.push(tagSetScore(set, s, truth, labels, reading))
    scorers.push(scorer)
  }
  return {
    section: {
      images: n,
      tags: labels,
      target: reading.target,
      scale: reading.scale,
      sets: scored,
      best: bestSet(scored)
    },
    scorers
  }
}
