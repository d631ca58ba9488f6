import { gemmABt } from '../math/gemm'
import { mulberry32 } from '../math/rng'
import { normalizeRows } from '../math/rows'

// Review orders computed from scores or embeddings. Row indices in, row indices out; callers map
// them to image ids. Ties always go to the lower index, so orders are deterministic.

/** Largest and second-largest probability of each row. */
function topTwo(probs: Float32Array, n: number, c: number): { p1: Float64Array; p2: Float64Array } {
  const p1 = new Float64Array(n)
  const p2 = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let a = -Infinity
    let b = -Infinity
    for (let k = 0; k < c; k++) {
      const v = probs[i * c + k]
      if (v > a) {
        b = a
        a = v
      } else if (v > b) b = v
    }
    p1[i] = a
    p2[i] = c > 1 ? b : 0
  }
  return { p1, p2 }
}

/** Most informative first: smallest gap between the two best suggestions. */
export function lowestMarginOrder(probs: Float32Array, n: number, c: number): number[] {
  const { p1, p2 } = topTwo(probs, n, c)
  return Array.from({ length: n }, (_, i) => i).sort((x, y) => p1[x] - p2[x] - (p1[y] - p2[y]) || x - y)
}

/** Fast bulk passes first: highest top-1 probability. */
export function highestConfidenceOrder(probs: Float32Array, n: number, c: number): number[] {
  const { p1 } = topTwo(probs, n, c)
  return Array.from({ length: n }, (_, i) => i).sort((x, y) => p1[y] - p1[x] || x - y)
}

/** Multiply-adds a diverse order may spend (~1–2 s of JS on the 2-core machine). */
const DIVERSE_BUDGET = 5e8

/**
 * Seeded Gaussian random projection of n×d rows to k dims, re-normalised: cosines are preserved
 * approximately (Johnson–Lindenstrauss), which is all farthest-point ordering needs.
 */
function randomProjection(emb: Float32Array, n: number, d: number, k: number, seed = 1): Float32Array {
  const rnd = mulberry32(seed)
  const g = (): number => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd())
  // k×d: each row one projection direction, so the product is the blocked A·Bᵀ kernel.
  const r = Float32Array.from({ length: k * d }, g)
  return normalizeRows(gemmABt(emb, n, d, r, k), n, k)
}

/**
 * Spread over embedding space: greedy k-center (farthest-point) ordering of L2-normalised
 * embeddings. Starts at the image nearest the mean (a typical one), then repeatedly takes the image
 * farthest (lowest max-cosine) from everything taken so far. Each pick is O(n·d), so only the first
 * `limit` positions are farthest-point; the rest follow in farthest-remaining order of that moment.
 * Large inputs are projected to 32 dims and `limit` is lowered to stay within DIVERSE_BUDGET
 * (100k images × 512 dims: ~150 farthest-point picks, about 2 s on the 2-core machine).
 */
export function diverseOrder(emb: Float32Array, n: number, d: number, limit = 500): number[] {
  if (n === 0) return []
  if (n * Math.min(limit, n) * d > DIVERSE_BUDGET && d > 32) {
    const k = 32
    return diverseOrder(
      randomProjection(emb, n, d, k),
      n,
      k,
      Math.max(16, Math.min(limit, Math.floor(DIVERSE_BUDGET / (n * k))))
    )
  }
  const mean = new Float64Array(d)
  for (let i = 0; i < n; i++) for (let q = 0; q < d; q++) mean[q] += emb[i * d + q]
  let start = 0
  let bestDot = -Infinity
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let q = 0; q < d; q++) s += emb[i * d + q] * mean[q]
    if (s > bestDot) {
      bestDot = s
      start = i
    }
  }
  const taken = new Uint8Array(n)
  const nearest = new Float64Array(n).fill(-Infinity) // max cosine to the taken set
  const order: number[] = []
  let cur = start
  const picks = Math.min(n, Math.max(1, limit))
  while (order.length < picks) {
    taken[cur] = 1
    order.push(cur)
    let next = -1
    let far = Infinity
    for (let i = 0; i < n; i++) {
      if (taken[i]) continue
      let s = 0
      for (let q = 0; q < d; q++) s += emb[i * d + q] * emb[cur * d + q]
      if (s > nearest[i]) nearest[i] = s
      if (nearest[i] < far) {
        far = nearest[i]
        next = i
      }
    }
    if (next < 0) break
    cur = next
  }
  if (order.length < n) {
    const rest = Array.from({ length: n }, (_, i) => i).filter((i) => !taken[i])
    rest.sort((x, y) => nearest[x] - nearest[y] || x - y)
    order.push(...rest)
  }
  return order
}
