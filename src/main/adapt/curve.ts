// Learning curve: top-1 on held-out reviewed images of zero-shot vs adapted scoring as the number
// of reviewed images the adapter may use grows. The held-out images (a seeded, label-stratified
// split) are never in the adapter's pool; for each n the adapter is fitted on the first n images
// of a seeded shuffle of the pool (its λ chosen by leave-one-out within those n), averaged over a
// few shuffles so one lucky order does not make the curve.
import type { LearningCurvePoint } from '../../shared/report'
import { gemmABt } from '../math/gemm'
import { argmaxRows } from '../math/rank'
import { seededPermutation, seededSplit } from '../math/rng'
import { adaptedScores, fitAdapter, meanRow } from './adapter'

export interface CurveInput {
  /** L2-normalised embeddings of the reviewed images, r×dim */
  images: Float32Array
  labels: ArrayLike<number>
  /** L2-normalised zero-shot class weights, classes×dim */
  text: Float32Array
  classes: number
  dim: number
  /** mean embedding for centring (default: mean of `images`; uses no labels) */
  centre?: Float32Array
}

export interface CurveOptions {
  seed?: number
  heldOutFraction?: number
  /** pool sizes to evaluate; default 2, 4, 8, … and the whole pool */
  sizes?: number[]
  /** shuffles of the pool to average over (default 3) */
  repeats?: number
}

function defaultSizes(pool: number): number[] {
  const sizes: number[] = []
  for (let s = 2; s < pool; s *= 2) sizes.push(s)
  if (pool > 0) sizes.push(pool)
  return sizes
}

function gather(m: Float32Array, d: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * d)
  rows.forEach((r, i) => out.set(m.subarray(r * d, (r + 1) * d), i * d))
  return out
}

export function learningCurve(inp: CurveInput, opts: CurveOptions = {}): LearningCurvePoint[] {
  const { classes: c, dim: d, labels } = inp
  const r = labels.length
  if (r < 2) return []
  const seed = opts.seed ?? 0
  const { train: pool, heldOut } = seededSplit(r, opts.heldOutFraction ?? 0.3, seed, labels)
  const centre = inp.centre ?? meanRow(inp.images, r, d)
  const testX = gather(inp.images, d, heldOut)
  const testY = heldOut.map((i) => labels[i])
  const hits = (scores: Float32Array): number => {
    const pred = argmaxRows(scores, heldOut.length, c)
    let hit = 0
    for (let i = 0; i < heldOut.length; i++) if (pred[i] === testY[i]) hit++
    return hit
  }
  // Hit counts are summed and divided once, so 0.4 prints as 0.4 (not 0.4000000000000001).
  const m = Math.max(1, heldOut.length)
  const zeroshot = hits(gemmABt(testX, heldOut.length, d, inp.text, c)) / m
  const repeats = Math.max(1, opts.repeats ?? 3)
  const orders = Array.from({ length: repeats }, (_, k) =>
    Array.from(seededPermutation(pool.length, seed + 1 + k), (p) => pool[p])
  )
  const sizes = (opts.sizes ?? defaultSizes(pool.length)).filter((s) => s >= 1 && s <= pool.length)
  return sizes.map((n) => {
    let adapted = 0 // hits over all shuffles
    for (const order of orders) {
      const rows = order.slice(0, n)
      const a = fitAdapter({
        reviewed: gather(inp.images, d, rows),
        labels: rows.map((i) => labels[i]),
        text: inp.text,
        classes: c,
        dim: d,
        centre
      })
      adapted += hits(adaptedScores(a, inp.text, testX, heldOut.length))
    }
    return { n, zeroshot_top1: zeroshot, adapted_top1: adapted / (repeats * m) }
  })
}
