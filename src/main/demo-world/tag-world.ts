// The demo world as a tags world, through the app's own tag scorer (clip/tag-scores.ts): every
// rendered image's true tag set as a matrix, every (image, tag) score, and the image-wise mean AP
// (each image's tags ranked against its true set). Shared by the tags outcome test and its
// measuring script; the per-tag fits and metrics come from adapt/ and eval/ there.
import type { LabelInput } from '../../shared/contract'
import { buildTagScorer, tagScoreMatrix } from '../clip/tag-scores'
import type { ClipEngine } from '../clip/types'
import { averagePrecision } from '../math/average-precision'
import { normalizeRows } from '../math/rows'
import { embedAll } from './measure'
import type { RenderedImage } from './fresh'
import { trueTags } from './sample-tags'
import type { Composition } from './world'

/** n × tags row-major: 1 where the tag is one of the image's true tags, else 0 (every pair decided) */
export function tagTruth(images: readonly Composition[], tags: readonly string[]): Int8Array {
  const out = new Int8Array(images.length * tags.length)
  images.forEach((c, i) => {
    const own = new Set(trueTags(c))
    tags.forEach((t, k) => {
      if (own.has(t)) out[i * tags.length + k] = 1
    })
  })
  return out
}

/** n × tags row-major scores s (docs/tags.md) of the images against the tags, as the app builds them */
export async function tagScoresOf(
  engine: ClipEngine,
  images: RenderedImage[],
  tags: readonly LabelInput[],
  templates: string[]
): Promise<Float32Array> {
  const n = images.length
  const dim = engine.embedDim
  const embeds = normalizeRows(await embedAll(engine, images), n, dim)
  const scorer = await buildTagScorer(engine, [...tags], templates)
  return tagScoreMatrix(embeds, n, dim, scorer.pos, scorer.neg, scorer.tags)
}

/**
 * Mean over `rows` (default all) of the AP of each image's tags ranked by `ranking` (n × tags,
 * higher first: probabilities or their logits) against its true tags. Images with no true tag are
 * left out (their AP is undefined). Unlike a tag's own AP, this compares one tag's number with
 * another's, so it changes when each tag is calibrated on its own.
 */
export function imageWiseMAP(
  ranking: ArrayLike<number>,
  truth: ArrayLike<number>,
  tags: number,
  rows?: readonly number[]
): number | null {
  const n = truth.length / tags
  const use = rows ?? Array.from({ length: n }, (_, i) => i)
  let sum = 0
  let count = 0
  for (const i of use) {
    const s = Array.from({ length: tags }, (_, k) => ranking[i * tags + k])
    const y = Array.from({ length: tags }, (_, k) => truth[i * tags + k] === 1)
    const ap = averagePrecision(s, y)
    if (ap === null) continue
    sum += ap
    count++
  }
  return count ? sum / count : null
}
