// The few-shot adapter of a tags project: one logistic head per tag on the L2-normalised image
// embeddings, p = sigmoid(w · x + b), fitted on that tag's present/absent decisions and held
// toward its zero-shot head w0 = scale · (pos − neg), b0 = bias, so a tag without decisions reads
// exactly its cold start, sigmoid(scale · s + bias).
//
// Why a 3-parameter head per tag rather than a full dim-wide logistic regression: each head is
//   w · x + b = α · (w0 · x) / σ0 + β · (d · x) / σ_d + b
// where d is the tag's prototype direction — the mean embedding of its present images minus that
// of its absent ones (the images' mean stands in for a missing side), made orthogonal to w0 and
// unit length — and σ0, σ_d the spreads of w0 · x and d · x over every image given (decided or
// not), so α and β are both in logits per standard deviation. This is the nearest-class-mean idea
// of the single-label adapter (prototypes beat trained linear probes with a handful of examples,
// and cannot memorise one mislabelled image) with its blend learnt per tag by maximum a
// posteriori logistic regression: a Gaussian prior α ~ N(σ0, 1/λ), β ~ N(0, 1/λ), b ~ N(b0, 4²)
// keeps a tag with few or perfectly separated decisions finite and near its zero-shot head
// (without the standardisation, two absent decisions could buy α → 0 for a few nats and throw the
// zero-shot ranking away). λ = 0.25 (prior width 2 logits per σ) came out of learning curves on
// synthetic tags and on the demo model's shapes: 1 learns slowly, 0.1 drops below zero-shot on
// noisy decisions. Three parameters mean a 3×3 Newton system per step, so the cost is two products
// (images × tags × dim) plus O(decisions) per Newton step: 400 images × 50 tags × 512 dims fit in
// about 60 ms.
import { AppError } from '../../shared/errors'
import { gemmABt } from '../math/gemm'
import { sigmoid, softplus } from '../math/sigmoid'

/** default prior precision of α and β (see above) */
const DEFAULT_HEAD_LAMBDA = 0.25
const PRIOR_SD_B = 4
const MAX_STEPS = 50

export interface TagHeadInput {
  /** n × dim, L2-normalised rows: every image of the project, decided or not (their spread and
   * mean set the heads' units) */
  images: Float32Array
  dim: number
  n: number
  /** n × tags: 1 present, 0 absent, -1 undecided */
  present: Int8Array
  tags: number
  /** tags × dim: each tag's L2-normalised mean prompt embedding */
  pos: Float32Array
  /** tags × dim negative-prompt embeddings, or null for a sigmoid-native model */
  neg: Float32Array | null
  /** the model's logit scale */
  scale: number
  /** the cold start's bias (SigLIP); default 0 */
  bias?: number
  /** prior precision of the head around the zero-shot head (default DEFAULT_HEAD_LAMBDA); larger stays closer */
  lambda?: number
}

export interface TagHeads {
  /** tags × dim */
  w: Float32Array
  /** one bias per tag */
  b: Float32Array
}

/** w0 = scale · (pos − neg), the head whose logit is the cold start's */
function zeroShotHeads(inp: TagHeadInput): Float32Array {
  const w0 = new Float32Array(inp.tags * inp.dim)
  for (let k = 0; k < w0.length; k++) w0[k] = inp.scale * (inp.pos[k] - (inp.neg ? inp.neg[k] : 0))
  return w0
}

/** Per tag the prototype direction, orthogonal to w0 and unit length (a zero row if there is none). */
function prototypeDirections(inp: TagHeadInput, w0: Float32Array): Float32Array {
  const { images: x, n, dim, tags, present } = inp
  const all = new Float64Array(dim)
  for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) all[k] += x[i * dim + k] / n
  const dirs = new Float32Array(tags * dim)
  const sumP = new Float64Array(dim)
  const sumA = new Float64Array(dim)
  for (let t = 0; t < tags; t++) {
    sumP.fill(0)
    sumA.fill(0)
    let np = 0
    let na = 0
    for (let i = 0; i < n; i++) {
      const y = present[i * tags + t]
      if (y !== 0 && y !== 1) continue
      const acc = y === 1 ? sumP : sumA
      for (let k = 0; k < dim; k++) acc[k] += x[i * dim + k]
      if (y === 1) np++
      else na++
    }
    if (np + na === 0) continue
    const d = new Float64Array(dim)
    for (let k = 0; k < dim; k++) d[k] = (np ? sumP[k] / np : all[k]) - (na ? sumA[k] / na : all[k])
    const w = w0.subarray(t * dim, (t + 1) * dim)
    let ww = 0
    let dw = 0
    for (let k = 0; k < dim; k++) {
      ww += w[k] * w[k]
      dw += d[k] * w[k]
    }
    if (ww > 0) for (let k = 0; k < dim; k++) d[k] -= (dw / ww) * w[k]
    let dd = 0
    for (let k = 0; k < dim; k++) dd += d[k] * d[k]
    if (dd < 1e-16) continue
    const inv = 1 / Math.sqrt(dd)
    for (let k = 0; k < dim; k++) dirs[t * dim + k] = d[k] * inv
  }
  return dirs
}

/** Solves the 3×3 symmetric positive definite system h · x = g (h row-major). */
function solve3(h: Float64Array, g: Float64Array): Float64Array {
  const [a, b, c, , e, f, , , i] = h
  const A = e * i - f * f
  const B = c * f - b * i
  const C = b * f - c * e
  const det = a * A + b * B + c * C
  const E = a * i - c * c
  const F = b * c - a * f
  const I = a * e - b * b
  return Float64Array.from([
    (A * g[0] + B * g[1] + C * g[2]) / det,
    (B * g[0] + E * g[1] + F * g[2]) / det,
    (C * g[0] + F * g[1] + I * g[2]) / det
  ])
}

/**
 * MAP fit of z = θ0 · f1 + θ1 · f2 + θ2 to 0/1 targets y, prior θ ~ N(mu, diag(1/prec)).
 * Newton with a backtracking line search from the prior's centre.
 */
function fitHead(
  f1: Float64Array,
  f2: Float64Array,
  y: Float64Array,
  mu: Float64Array,
  prec: Float64Array
): Float64Array {
  const m = y.length
  const th = Float64Array.from(mu)
  const loss = (p: ArrayLike<number>): number => {
    let l = 0
    for (let k = 0; k < 3; k++) l += 0.5 * prec[k] * (p[k] - mu[k]) ** 2
    for (let i = 0; i < m; i++) {
      const z = p[0] * f1[i] + p[1] * f2[i] + p[2]
      l += softplus(z) - y[i] * z
    }
    return l
  }
  let f = loss(th)
  const g = new Float64Array(3)
  const h = new Float64Array(9)
  for (let step = 0; step < MAX_STEPS; step++) {
    for (let k = 0; k < 3; k++) g[k] = prec[k] * (th[k] - mu[k])
    h.fill(0)
    h[0] = prec[0]
    h[4] = prec[1]
    h[8] = prec[2]
    for (let i = 0; i < m; i++) {
      const u = [f1[i], f2[i], 1]
      const p = sigmoid(th[0] * u[0] + th[1] * u[1] + th[2])
      const r = p - y[i]
      const w = p * (1 - p)
      for (let a = 0; a < 3; a++) {
        g[a] += r * u[a]
        for (let b = a; b < 3; b++) h[a * 3 + b] += w * u[a] * u[b]
      }
    }
    h[3] = h[1]
    h[6] = h[2]
    h[7] = h[5]
    const dir = solve3(h, g).map((v) => -v)
    const slope = g[0] * dir[0] + g[1] * dir[1] + g[2] * dir[2]
    if (!(slope < -1e-14)) break
    let t = 1
    const at = (s: number): number[] => [th[0] + s * dir[0], th[1] + s * dir[1], th[2] + s * dir[2]]
    let next = loss(at(t))
    while (next > f + 1e-4 * t * slope && t > 1e-10) {
      t /= 2
      next = loss(at(t))
    }
    th.set(at(t))
    f = next
    if (Math.abs(t * dir[0]) + Math.abs(t * dir[1]) + Math.abs(t * dir[2]) < 1e-10) break
  }
  return th
}

/** standard deviation of column t of an n × tags matrix */
function spread(m: Float32Array, n: number, tags: number, t: number): number {
  let m1 = 0
  let m2 = 0
  for (let i = 0; i < n; i++) {
    const v = m[i * tags + t]
    m1 += v / n
    m2 += (v * v) / n
  }
  return Math.sqrt(Math.max(0, m2 - m1 * m1))
}

function checkInput(inp: TagHeadInput, lambda: number): void {
  const { n, dim, tags } = inp
  const bad = (what: string): never => {
    throw new AppError('invalid_input', `tag heads: ${what}`)
  }
  if (inp.images.length < n * dim) bad(`${inp.images.length} image values, not ${n} × ${dim}`)
  if (inp.present.length !== n * tags) bad(`${inp.present.length} decisions, not ${n} × ${tags}`)
  if (inp.pos.length !== tags * dim || (inp.neg && inp.neg.length !== tags * dim))
    bad(`tag embeddings must be ${tags} × ${dim} values`)
  if (!(lambda > 0 && Number.isFinite(lambda))) bad(`lambda ${lambda} must be a positive number`)
  if (!(inp.scale > 0 && Number.isFinite(inp.scale))) bad(`scale ${inp.scale} must be a positive number`)
}

/** One head per tag, fitted on its decisions (see the top of this file). */
export function fitTagHeads(inp: TagHeadInput): TagHeads {
  const { images: x, n, dim, tags, present } = inp
  const bias = inp.bias ?? 0
  const lambda = inp.lambda ?? DEFAULT_HEAD_LAMBDA
  checkInput(inp, lambda)
  const w0 = zeroShotHeads(inp)
  const dirs = prototypeDirections(inp, w0)
  const f1All = gemmABt(x, n, dim, w0, tags)
  const f2All = gemmABt(x, n, dim, dirs, tags)
  const w = new Float32Array(tags * dim)
  const b = new Float32Array(tags).fill(bias)
  const mu = Float64Array.from([1, 0, bias])
  const prec = Float64Array.from([lambda, lambda, 1 / PRIOR_SD_B ** 2])
  for (let t = 0; t < tags; t++) {
    const rows: number[] = []
    for (let i = 0; i < n; i++) if (present[i * tags + t] === 0 || present[i * tags + t] === 1) rows.push(i)
    w.set(w0.subarray(t * dim, (t + 1) * dim), t * dim)
    if (!rows.length) continue
    // Both features in logits per standard deviation over every image given (decided or not: no
    // decisions used), so one prior width means the same for the zero-shot and the prototype term.
    const sd1 = spread(f1All, n, tags, t)
    const sd2 = spread(f2All, n, tags, t)
    const use1 = sd1 > 1e-9
    const use2 = sd2 > 1e-9
    const f1 = Float64Array.from(rows, (i) => (use1 ? f1All[i * tags + t] / sd1 : 0))
    const f2 = Float64Array.from(rows, (i) => (use2 ? f2All[i * tags + t] / sd2 : 0))
    const y = Float64Array.from(rows, (i) => present[i * tags + t])
    mu[0] = use1 ? sd1 : 0
    const [alpha, beta, bt] = fitHead(f1, f2, y, mu, prec)
    const a = use1 ? alpha / sd1 : 1
    const c = use2 ? beta / sd2 : 0
    for (let k = 0; k < dim; k++) w[t * dim + k] = a * w0[t * dim + k] + c * dirs[t * dim + k]
    b[t] = bt
  }
  return { w, b }
}

/** n × tags logits w · x + b: the ranking heads give, without sigmoid's rounding near 0 and 1 */
export function headLogits(heads: TagHeads, images: Float32Array, n: number, dim: number): Float32Array {
  const tags = heads.b.length
  const z = gemmABt(images, n, dim, heads.w, tags)
  for (let i = 0; i < n; i++) for (let t = 0; t < tags; t++) z[i * tags + t] += heads.b[t]
  return z
}

/** n × tags probabilities sigmoid(w · x + b) */
export function headProbs(heads: TagHeads, images: Float32Array, n: number, dim: number): Float32Array {
  const z = headLogits(heads, images, n, dim)
  for (let k = 0; k < z.length; k++) z[k] = sigmoid(z[k])
  return z
}
