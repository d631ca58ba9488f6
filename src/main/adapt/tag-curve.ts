// Learning curve of a tags project: mAP on held-out decided images of the zero-shot (cold start)
// scores, per-tag calibration and the per-tag heads, as the number of decided images they may learn
// from grows. Seeded like curve.ts: the held-out images (a split of the images with any decision)
// are never in the pool, and each pool size is averaged over a few shuffles of the pool.
import { averagePrecision } from '../math/average-precision'
import { seededPermutation, seededSplit } from '../math/rng'
import { tagScoreMatrix } from '../clip/tag-scores'
import { fitTagCalibration, tagLogit } from './tag-calibration'
import { fitTagHeads, headLogits, type TagHeadInput } from './tag-heads'

export interface TagCurveOptions {
  seed?: number
  /** pool sizes to evaluate; default 2, 4, 8, … and the whole pool */
  sizes?: number[]
  /** shuffles of the pool to average over (default 3) */
  repeats?: number
  heldOutFraction?: number
}

export interface TagCurvePoint {
  n: number
  zeroShotMAP: number
  calibratedMAP: number
  adaptedMAP: number
}

function gatherRows<T extends Float32Array | Int8Array>(m: T, d: number, rows: readonly number[]): T {
  const out = new (m.constructor as new (len: number) => T)(rows.length * d)
  rows.forEach((r, i) => out.set(m.subarray(r * d, (r + 1) * d), i * d))
  return out
}

/** mean over tags of the AP of `scores` (n × tags) against the decided entries of `truth`; null: no positives */
function meanAP(scores: Float32Array, truth: Int8Array, n: number, tags: number): number | null {
  let sum = 0
  let count = 0
  for (let t = 0; t < tags; t++) {
    const s: number[] = []
    const y: boolean[] = []
    for (let i = 0; i < n; i++) {
      const v = truth[i * tags + t]
      if (v !== 0 && v !== 1) continue
      s.push(scores[i * tags + t])
      y.push(v === 1)
    }
    const ap = averagePrecision(s, y)
    if (ap !== null) {
      sum += ap
      count++
    }
  }
  return count ? sum / count : null
}

/**
 * The curve at each pool size (see the top of this file). APs are taken on logits, not
 * probabilities, so saturated probabilities cannot tie. Calibration is monotonic per tag (a > 0),
 * so its AP equals the zero-shot AP tag by tag: that is expected — it moves thresholds and the
 * probabilities shown, not the order — and the curve shows it so nobody expects more of it. Empty
 * when fewer than 2 images have a decision or the held-out ones hold no present decision.
 */
export function tagLearningCurve(inp: TagHeadInput, opts: TagCurveOptions = {}): TagCurvePoint[] {
  const { dim: d, tags, scale } = inp
  const bias = inp.bias ?? 0
  const reviewed: number[] = []
  for (let i = 0; i < inp.n; i++) {
    for (let t = 0; t < tags; t++) {
      const v = inp.present[i * tags + t]
      if (v === 0 || v === 1) {
        reviewed.push(i)
        break
      }
    }
  }
  if (reviewed.length < 2) return []
  const seed = opts.seed ?? 0
  const split = seededSplit(reviewed.length, opts.heldOutFraction ?? 0.3, seed)
  const heldOut = split.heldOut.map((k) => reviewed[k])
  const pool = split.train.map((k) => reviewed[k])
  const h = heldOut.length
  const testX = gatherRows(inp.images, d, heldOut)
  const testY = gatherRows(inp.present, tags, heldOut)
  const testS = tagScoreMatrix(testX, h, d, inp.pos, inp.neg, tags)
  const zeroLogits = testS.map((s) => scale * s + bias)
  const zeroShotMAP = meanAP(zeroLogits, testY, h, tags)
  if (zeroShotMAP === null) return []
  const repeats = Math.max(1, opts.repeats ?? 3)
  const orders = Array.from({ length: repeats }, (_, k) =>
    Array.from(seededPermutation(pool.length, seed + 1 + k), (p) => pool[p])
  )
  const defaults: number[] = []
  for (let s = 2; s < pool.length; s *= 2) defaults.push(s)
  if (pool.length > 0) defaults.push(pool.length)
  const sizes = (opts.sizes ?? defaults).filter((s) => s >= 1 && s <= pool.length)
  // The heads see every pool image, decided or not, as the app's heads see every image of the
  // project: their spread fixes the units of β. Only the first n of the shuffle keep decisions.
  const poolX = gatherRows(inp.images, d, pool)
  const poolY = gatherRows(inp.present, tags, pool)
  const poolIndex = new Map(pool.map((r, k) => [r, k]))
  return sizes.map((n) => {
    let calibrated = 0
    let adapted = 0
    for (const order of orders) {
      const rows = order.slice(0, n)
      const x = gatherRows(inp.images, d, rows)
      const y = gatherRows(inp.present, tags, rows)
      const s = tagScoreMatrix(x, n, d, inp.pos, inp.neg, tags)
      const known = new Int8Array(poolY.length).fill(-1)
      for (const r of rows) {
        const k = poolIndex.get(r) as number
        known.set(poolY.subarray(k * tags, (k + 1) * tags), k * tags)
      }
      const calLogits = new Float32Array(h * tags)
      for (let t = 0; t < tags; t++) {
        const ts: number[] = []
        const ty: boolean[] = []
        for (let i = 0; i < n; i++) {
          const v = y[i * tags + t]
          if (v === 0 || v === 1) {
            ts.push(s[i * tags + t])
            ty.push(v === 1)
          }
        }
        const cal = fitTagCalibration(ts, ty, { scale, bias })
        for (let i = 0; i < h; i++) calLogits[i * tags + t] = tagLogit(cal, testS[i * tags + t], scale, bias)
      }
      calibrated += meanAP(calLogits, testY, h, tags) ?? 0
      const heads = fitTagHeads({ ...inp, images: poolX, n: pool.length, present: known })
      adapted += meanAP(headLogits(heads, testX, h, d), testY, h, tags) ?? 0
    }
    return { n, zeroShotMAP, calibratedMAP: calibrated / repeats, adaptedMAP: adapted / repeats }
  })
}
