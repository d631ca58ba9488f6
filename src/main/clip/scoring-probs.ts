// Cosine scores to probabilities by a model's own scoring, for work that scores many images at
// once (the compare reports, the adapted blend): CLIP's softmax over the labels at a scale, or a
// sigmoid model's sigmoid(scale · cos + bias) label by label (docs/siglip.md). The ranking is the
// cosine's either way; the probabilities, and so thresholds and calibration, are not.
import { sigmoid } from '../math/sigmoid'
import { softmaxConfidence, softmaxRows } from '../math/softmax'
import type { ZeroShotScoring } from './model-family'

/** Each row's probabilities (n×c): softmax(softmaxScale · row), or the model's sigmoid per entry. */
export function scoringProbs(
  scores: Float32Array,
  c: number,
  scoring: ZeroShotScoring | undefined,
  softmaxScale: number
): Float32Array {
  if (scoring?.kind !== 'sigmoid') return softmaxRows(scores, c, softmaxScale)
  const { scale, bias } = scoring
  return scores.map((v) => sigmoid(scale * v + bias))
}

/** The top-1 probability of each row of an n×c score matrix, under the same rule as scoringProbs. */
export function topConfidence(
  scores: Float32Array,
  n: number,
  c: number,
  scoring: ZeroShotScoring | undefined,
  softmaxScale: number
): Float64Array {
  if (scoring?.kind !== 'sigmoid') return softmaxConfidence(scores, n, c, softmaxScale)
  const conf = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let mx = -Infinity
    for (let k = 0; k < c; k++) mx = Math.max(mx, scores[i * c + k])
    conf[i] = sigmoid(scoring.scale * mx + scoring.bias)
  }
  return conf
}
