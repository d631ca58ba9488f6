// The default near-duplicate threshold of one model, read from that model's own similarities.
//
// One cosine for every model is wrong: how close "merely similar" images sit depends on the model
// (a tiny model puts every image of one shape above 0.99; CLIP ViT-B/32 puts unrelated photos of
// one scene near 0.9). What stays the same is the shape of the question: a near-duplicate pair is
// much closer than images usually are to their nearest neighbour. So the threshold comes from the
// distribution of nearest-neighbour distances (1 − cosine) of the project's images under that model:
//
// - Distances are compared on a log scale: copies sit at 1e-7, re-encodes near 1e-3, neighbours
//   that merely look alike near 1e-2 to 1e-1. Ratios, not differences, separate them.
// - Pairs at cosine ≥ 0.9999 are left out: they are the same picture (the "identical files" level
//   finds them by content hash), and a project full of copies must not drag the typical distance
//   down to them.
// - The typical distance is the median of the rest and the spread their median absolute deviation
//   (robust: up to half the images may be near-duplicates without moving either).
// - The cut is OUTLIER_SPREADS robust standard deviations below the median, and at least
//   MIN_DECADES below it (a near-duplicate is at least ~3× closer than the typical neighbour, even
//   in a project where every image has the same distance to its nearest).
// - The cosine is clamped to [MIN_THRESHOLD, MAX_THRESHOLD] (below 0.9 nothing is a duplicate in
//   any model we ship; above 0.999 only copies remain, and those have their own level) and rounded
//   up to 0.001 so the app can show and offer it.
//
// Nearest neighbours are taken for a seeded sample of at most SAMPLE images against all images: the
// distribution, not every image's neighbour, is what is needed, and it costs SAMPLE × n products.
import { scoreMatrix } from '../math/gemm'
import { seededPermutation } from '../math/rng'

const MIN_THRESHOLD = 0.9
export const MAX_THRESHOLD = 0.999
const SAME_PICTURE = 0.9999
const OUTLIER_SPREADS = 3
const MIN_DECADES = 0.5
const SAMPLE = 1000
/** consistency constant: MAD × 1.4826 estimates a normal standard deviation */
const MAD_TO_SD = 1.4826

export interface DuplicateThreshold {
  /** the cosine at or above which two images are near-duplicates */
  threshold: number
  /** median cosine of an image to its nearest neighbour (copies left out), null with too few images */
  typical: number | null
  /** how many images' nearest neighbours the choice was made from */
  sampled: number
}

/** Cosine of each of `rows` to its nearest other row of `emb` (rows L2-normalised). */
export async function nearestCosines(
  emb: Float32Array,
  n: number,
  d: number,
  rows: ArrayLike<number>
): Promise<Float32Array> {
  const out = new Float32Array(rows.length).fill(-1)
  const block = 256
  for (let b0 = 0; b0 < rows.length; b0 += block) {
    const m = Math.min(block, rows.length - b0)
    const q = new Float32Array(m * d)
    for (let a = 0; a < m; a++) q.set(emb.subarray(rows[b0 + a]! * d, (rows[b0 + a]! + 1) * d), a * d)
    const s = await scoreMatrix(q, m, d, emb, n)
    for (let a = 0; a < m; a++) {
      const self = rows[b0 + a]!
      let best = -1
      for (let j = 0; j < n; j++) if (j !== self && s[a * n + j]! > best) best = s[a * n + j]!
      out[b0 + a] = best
    }
  }
  return out
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b)
  const h = s.length >> 1
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2
}

/** The threshold for a set of nearest-neighbour cosines (the rule above). */
export function thresholdFromNearest(nearest: ArrayLike<number>): DuplicateThreshold {
  const logs: number[] = []
  for (let i = 0; i < nearest.length; i++) {
    const c = nearest[i]!
    if (c < SAME_PICTURE && c > -1) logs.push(Math.log10(1 - c))
  }
  // fewer than 5 distinct neighbours say nothing about a distribution: the strictest level
  if (logs.length < 5) return { threshold: MAX_THRESHOLD, typical: null, sampled: nearest.length }
  const med = median(logs)
  const sd = MAD_TO_SD * median(logs.map((x) => Math.abs(x - med)))
  const cut = med - Math.max(OUTLIER_SPREADS * sd, MIN_DECADES)
  const cos = 1 - 10 ** cut
  const rounded = Math.ceil(cos * 1000 - 1e-9) / 1000
  return {
    threshold: Math.min(MAX_THRESHOLD, Math.max(MIN_THRESHOLD, rounded)),
    typical: 1 - 10 ** med,
    sampled: nearest.length
  }
}

/** The near-duplicate threshold of a model from its (L2-normalised) image embeddings. */
export async function duplicateThreshold(
  emb: Float32Array,
  n: number,
  d: number,
  seed = 1
): Promise<DuplicateThreshold> {
  if (n < 2) return { threshold: MAX_THRESHOLD, typical: null, sampled: 0 }
  const rows =
    n <= SAMPLE ? Int32Array.from({ length: n }, (_, i) => i) : seededPermutation(n, seed).slice(0, SAMPLE)
  return thresholdFromNearest(await nearestCosines(emb, n, d, rows))
}
