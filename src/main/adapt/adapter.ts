// Few-shot adaptation: per-label prototypes from reviewed images blended with the zero-shot text
// classifier.
//
// Why prototypes (a training-free adapter in the Tip-Adapter family) rather than logistic
// regression warm-started from the text weights:
// - updating after a decision is O(D) (add the embedding to its label's running sum), no
//   iterative training, nothing to converge or diverge, fully deterministic;
// - leave-one-out is exact and cheap (subtract the image from its own prototype), so the blend
//   weight is chosen on reviewed images that the scored prototype never saw;
// - with a handful of examples per label, nearest-class-mean is as good as trained linear heads
//   (SimpleShot, Wang et al. 2019), and it cannot overfit a single mislabeled image much.
//
// Scores. For an image x (L2-normalised) and label c:
//   zeroshot_c = x · t_c                                  (t_c: normalised text class weight)
//   proto_c    = z · p_c / ‖p_c‖, z = normalise(x − μ)    (μ: mean image embedding; p_c: sum of the
//                                                          z of label c's reviewed images)
//   adapted_c  = (1 − λ) · zeroshot_c + λ · κ · proto_c   (proto falls back to zeroshot for labels
//                                                          without reviewed images)
// Centring (μ) matters: CLIP image embeddings share a large common direction (the demo model's
// pairwise cosine is ≈ 0.99), which nearest-mean on raw embeddings wastes. κ rescales the prototype
// term to the zero-shot term's spread so λ means the same at every scale. λ is picked from a grid
// capped at n̄ / (n̄ + 2) (n̄ = reviewed images per label), so the blend can only grow with the
// evidence, by leave-one-out top-1 on the reviewed images (ties: the smaller λ). The softmax scale
// is then picked by leave-one-out log-loss, so adapted probabilities stay usable for thresholds.
// A sigmoid model (SigLIP) reads the blend with its own sigmoid(scale · blended + bias) instead,
// label by label: the blend is a cosine at the zero-shot term's level and spread (κ), which is what
// the model's scale and bias were trained on, and a softmax would make its probabilities sum to 1
// the moment the first reviewed image arrives (docs/siglip.md).
import { gemmABt } from '../math/gemm'
import { argmax } from '../math/rank'
import { normalizeRows } from '../math/rows'
import type { ZeroShotScoring } from '../clip/model-family'
import { scoringProbs } from '../clip/scoring-probs'
import { CLIP_LOGIT_SCALE } from '../math/softmax'

const LAMBDA_GRID = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]
const SCALE_GRID = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000]
/** pseudo-count of the blend cap n̄ / (n̄ + PRIOR) */
const PRIOR = 2

export interface PrototypeAdapter {
  readonly dim: number
  readonly classes: number
  /** chosen blend weight of the prototype term (0 = zero-shot only) */
  readonly lambda: number
  /** rescales the prototype term to the zero-shot spread */
  readonly kappa: number
  /** softmax scale of adapted scores */
  readonly logitScale: number
  readonly centre: Float32Array
  /** C×D normalised prototype directions (zero rows for labels without reviewed images) */
  readonly prototypes: Float32Array
  readonly counts: Int32Array
  readonly reviewed: number
  /** leave-one-out top-1 on the reviewed images, zero-shot and at the chosen λ (null: < 2 images) */
  readonly looZeroshotTop1: number | null
  readonly looAdaptedTop1: number | null
}

export interface FitInput {
  /** L2-normalised embeddings of the reviewed images, r×dim */
  reviewed: Float32Array
  /** label index per reviewed image */
  labels: ArrayLike<number>
  /** L2-normalised zero-shot class weights, classes×dim */
  text: Float32Array
  classes: number
  dim: number
  /** mean embedding to centre with; default: the mean of the reviewed images */
  centre?: Float32Array
}

/** Mean of the rows of an n×d matrix. */
export function meanRow(m: Float32Array, n: number, d: number): Float32Array {
  const acc = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let q = 0; q < d; q++) acc[q] += m[i * d + q]
  return Float32Array.from(acc, (v) => (n ? v / n : 0))
}

/** normalise(x − μ) for each row. */
export function centreRows(m: Float32Array, n: number, d: number, centre: Float32Array): Float32Array {
  const out = new Float32Array(n * d)
  for (let i = 0; i < n; i++) for (let q = 0; q < d; q++) out[i * d + q] = m[i * d + q] - centre[q]
  return normalizeRows(out, n, d)
}

function rowStd(s: Float32Array | Float64Array, o: number, c: number, mask?: ArrayLike<boolean>): number {
  let sum = 0
  let sq = 0
  let k = 0
  for (let j = 0; j < c; j++) {
    if (mask && !mask[j]) continue
    sum += s[o + j]
    sq += s[o + j] * s[o + j]
    k++
  }
  if (k < 2) return 0
  const mean = sum / k
  return Math.sqrt(Math.max(0, sq / k - mean * mean))
}

/** Leave-one-out score matrices of the reviewed images: zero-shot (r×C) and prototype (r×C). */
function looScores(inp: FitInput, z: Float32Array, sums: Float64Array, counts: Int32Array) {
  const { classes: c, dim: d, labels } = inp
  const r = labels.length
  const zs = gemmABt(inp.reviewed, r, d, inp.text, c)
  const proto = new Float64Array(r * c)
  const has = new Uint8Array(r * c)
  const norms = new Float64Array(c)
  for (let k = 0; k < c; k++) {
    let s = 0
    for (let q = 0; q < d; q++) s += sums[k * d + q] * sums[k * d + q]
    norms[k] = Math.sqrt(s)
  }
  // z · (class sums) for every reviewed image and class: one blocked product, not r·C dot loops.
  const dots = gemmABt(z, r, d, Float32Array.from(sums), c)
  for (let i = 0; i < r; i++) {
    const y = labels[i]
    for (let k = 0; k < c; k++) {
      let dotv = dots[i * c + k]
      let norm = norms[k]
      let cnt = counts[k]
      if (k === y) {
        // remove the image from its own prototype: ‖p − z‖² = ‖p‖² − 2 p·z + 1
        dotv -= 1
        norm = Math.sqrt(Math.max(0, norms[k] * norms[k] - 2 * (dotv + 1) + 1))
        cnt--
      }
      if (cnt > 0 && norm > 1e-12) {
        proto[i * c + k] = dotv / norm
        has[i * c + k] = 1
      }
    }
  }
  return { zs, proto, has }
}

/** Blended scores of one row into `out`. */
function blendRow(
  zs: ArrayLike<number>,
  zo: number,
  proto: ArrayLike<number>,
  po: number,
  has: (k: number) => boolean,
  c: number,
  lambda: number,
  kappa: number,
  out: Float64Array
): void {
  for (let k = 0; k < c; k++) {
    const z = zs[zo + k]
    out[k] = (1 - lambda) * z + lambda * (has(k) ? kappa * proto[po + k] : z)
  }
}

/** Fits the adapter on reviewed images (see the file comment for the method). */
export function fitAdapter(inp: FitInput): PrototypeAdapter {
  const { classes: c, dim: d, labels } = inp
  const r = labels.length
  const centre = inp.centre ?? meanRow(inp.reviewed, r, d)
  const z = centreRows(inp.reviewed, r, d, centre)
  const sums = new Float64Array(c * d)
  const counts = new Int32Array(c)
  for (let i = 0; i < r; i++) {
    const y = labels[i]
    counts[y]++
    for (let q = 0; q < d; q++) sums[y * d + q] += z[i * d + q]
  }
  const prototypes = new Float32Array(c * d)
  for (let k = 0; k < c; k++) for (let q = 0; q < d; q++) prototypes[k * d + q] = sums[k * d + q]
  normalizeRows(prototypes, c, d)

  let lambda = 0
  let kappa = 1
  let logitScale = CLIP_LOGIT_SCALE
  let looZeroshotTop1: number | null = null
  let looAdaptedTop1: number | null = null
  if (r >= 2) {
    const { zs, proto, has } = looScores(inp, z, sums, counts)
    // κ: mean per-row spread of zero-shot over mean per-row spread of the prototype term.
    let zsSpread = 0
    let prSpread = 0
    for (let i = 0; i < r; i++) {
      zsSpread += rowStd(zs, i * c, c)
      prSpread += rowStd(proto, i * c, c, Array.from(has.subarray(i * c, (i + 1) * c), Boolean))
    }
    kappa = prSpread > 1e-12 && zsSpread > 1e-12 ? zsSpread / prSpread : 1
    const labelsWith = counts.reduce((a, v) => a + (v > 0 ? 1 : 0), 0)
    const nBar = labelsWith ? r / labelsWith : 0
    const cap = nBar / (nBar + PRIOR)
    const row = new Float64Array(c)
    const accuracy = (lam: number): number => {
      let hit = 0
      for (let i = 0; i < r; i++) {
        blendRow(zs, i * c, proto, i * c, (k) => has[i * c + k] === 1, c, lam, kappa, row)
        if (argmax(row) === labels[i]) hit++
      }
      return hit / r
    }
    looZeroshotTop1 = accuracy(0)
    let best = looZeroshotTop1
    for (const lam of LAMBDA_GRID) {
      if (lam === 0 || lam > cap + 1e-9) continue
      const acc = accuracy(lam)
      if (acc > best) {
        best = acc
        lambda = lam
      }
    }
    looAdaptedTop1 = best
    // Softmax scale by leave-one-out log-loss at the chosen λ (λ = 0 keeps CLIP's scale).
    let bestLoss = Infinity
    for (const s of lambda === 0 ? [] : SCALE_GRID) {
      let loss = 0
      for (let i = 0; i < r; i++) {
        blendRow(zs, i * c, proto, i * c, (k) => has[i * c + k] === 1, c, lambda, kappa, row)
        let mx = -Infinity
        for (let k = 0; k < c; k++) mx = Math.max(mx, row[k])
        let sum = 0
        for (let k = 0; k < c; k++) sum += Math.exp(s * (row[k] - mx))
        loss += Math.log(sum) - s * (row[labels[i]] - mx)
      }
      if (loss < bestLoss - 1e-12) {
        bestLoss = loss
        logitScale = s
      }
    }
  }
  return {
    dim: d,
    classes: c,
    lambda,
    kappa,
    logitScale,
    centre,
    prototypes,
    counts,
    reviewed: r,
    looZeroshotTop1,
    looAdaptedTop1
  }
}

/** Adapted scores (m×C, cosine scale) of m L2-normalised image embeddings. */
export function adaptedScores(
  a: PrototypeAdapter,
  text: Float32Array,
  images: Float32Array,
  m: number
): Float32Array {
  const { classes: c, dim: d } = a
  const zs = gemmABt(images, m, d, text, c)
  if (a.lambda === 0) return zs
  const z = centreRows(images, m, d, a.centre)
  const pr = gemmABt(z, m, d, a.prototypes, c)
  const out = new Float32Array(m * c)
  const row = new Float64Array(c)
  for (let i = 0; i < m; i++) {
    blendRow(zs, i * c, pr, i * c, (k) => a.counts[k] > 0, c, a.lambda, a.kappa, row)
    for (let k = 0; k < c; k++) out[i * c + k] = row[k]
  }
  return out
}

/**
 * Out-of-sample adapted probabilities of the reviewed images themselves: each image is scored
 * by prototypes that leave it out (what "possible mistakes" needs — an image must not vote for
 * its own label). A sigmoid model's are its own sigmoid of the blended cosine (scoringProbs).
 */
export function leaveOneOutProbs(
  a: PrototypeAdapter,
  inp: FitInput,
  scoring?: ZeroShotScoring
): Float32Array {
  const { classes: c, dim: d, labels } = inp
  const r = labels.length
  const z = centreRows(inp.reviewed, r, d, a.centre)
  const sums = new Float64Array(c * d)
  for (let i = 0; i < r; i++) for (let q = 0; q < d; q++) sums[labels[i] * d + q] += z[i * d + q]
  const counts = new Int32Array(c)
  for (let i = 0; i < r; i++) counts[labels[i]]++
  const { zs, proto, has } = looScores(inp, z, sums, counts)
  const scores = new Float32Array(r * c)
  const row = new Float64Array(c)
  for (let i = 0; i < r; i++) {
    blendRow(zs, i * c, proto, i * c, (k) => has[i * c + k] === 1, c, a.lambda, a.kappa, row)
    for (let k = 0; k < c; k++) scores[i * c + k] = row[k]
  }
  return scoringProbs(scores, c, scoring, a.lambda === 0 ? CLIP_LOGIT_SCALE : a.logitScale)
}
