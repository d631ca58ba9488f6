// Accuracy metrics over a score matrix: scores[i*C + c] is how strongly image i matches class c
// (cosine similarity for CLIP). Ties are broken toward the lower class index everywhere, the same
// rule as argmax, so top-1 here equals the zero-shot classifier's first suggestion.
import type { ClassScore, Confusion, ConfusionCell, CoveragePoint } from '../../shared/report'

/** 0-based rank of class `t` in row i: classes scoring higher, plus equal ones with lower index. */
export function rankOf(scores: Float32Array, i: number, c: number, t: number): number {
  const o = i * c
  const st = scores[o + t]
  let r = 0
  for (let k = 0; k < c; k++) {
    const s = scores[o + k]
    if (s > st || (s === st && k < t)) r++
  }
  return r
}

export interface BasicScores {
  top1: number
  top5: number
  meanPerClass: number
}

/** Top-1, top-5 and mean per-class accuracy (mean recall over classes present in `truth`). */
export function basicScores(
  scores: Float32Array,
  n: number,
  c: number,
  truth: ArrayLike<number>,
  rows?: ArrayLike<number>
): BasicScores {
  const idx = rows ?? range(n)
  const m = idx.length
  if (m === 0) return { top1: 0, top5: 0, meanPerClass: 0 }
  let hit1 = 0
  let hit5 = 0
  const support = new Float64Array(c)
  const correct = new Float64Array(c)
  for (let q = 0; q < m; q++) {
    const i = idx[q]
    const t = truth[i]
    const r = rankOf(scores, i, c, t)
    support[t]++
    if (r === 0) {
      hit1++
      correct[t]++
    }
    if (r < 5) hit5++
  }
  let sum = 0
  let present = 0
  for (let k = 0; k < c; k++) {
    if (support[k] > 0) {
      sum += correct[k] / support[k]
      present++
    }
  }
  return { top1: hit1 / m, top5: hit5 / m, meanPerClass: present ? sum / present : 0 }
}

/** confusion[t][p]: images of true class t predicted as p. */
export function confusionMatrix(pred: ArrayLike<number>, truth: ArrayLike<number>, c: number): number[][] {
  const m = Array.from({ length: c }, () => new Array<number>(c).fill(0))
  for (let i = 0; i < pred.length; i++) m[truth[i]][pred[i]]++
  return m
}

/**
 * The images of every non-empty cell of the confusion matrix (true-major order), most confident
 * first, so a cell of the compare screen can open exactly its images. Sparse: all cells together
 * hold each image once.
 */
export function confusionCells(
  pred: ArrayLike<number>,
  truth: ArrayLike<number>,
  confidence: ArrayLike<number>,
  imageIds: ArrayLike<number>,
  c: number
): ConfusionCell[] {
  const cells = new Map<number, number[]>()
  for (let i = 0; i < pred.length; i++) {
    const key = truth[i] * c + pred[i]
    let list = cells.get(key)
    if (!list) cells.set(key, (list = []))
    list.push(i)
  }
  return [...cells.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([key, list]) => ({
      trueIndex: Math.floor(key / c),
      predictedIndex: key % c,
      imageIds: list
        .sort((a, b) => confidence[b] - confidence[a] || imageIds[a] - imageIds[b])
        .map((i) => imageIds[i])
    }))
}

/** Precision, recall (= per-class accuracy) and support per class, in label order. */
export function perClassScores(matrix: number[][], labels: string[]): ClassScore[] {
  const c = labels.length
  return labels.map((label, k) => {
    let support = 0
    let predicted = 0
    for (let j = 0; j < c; j++) {
      support += matrix[k][j]
      predicted += matrix[j][k]
    }
    const tp = matrix[k][k]
    const recall = support ? tp / support : 0
    return { label, support, precision: predicted ? tp / predicted : 0, recall, accuracy: recall }
  })
}

/**
 * Largest off-diagonal cells, most frequent first (ties: by true label, then predicted label),
 * each with up to `examples` image ids — the most confidently wrong ones first.
 */
export function largestConfusions(
  pred: ArrayLike<number>,
  truth: ArrayLike<number>,
  confidence: ArrayLike<number>,
  imageIds: ArrayLike<number>,
  labels: string[],
  limit = 10,
  examples = 4
): Confusion[] {
  const cells = new Map<number, number[]>()
  const c = labels.length
  for (let i = 0; i < pred.length; i++) {
    if (pred[i] === truth[i]) continue
    const key = truth[i] * c + pred[i]
    let list = cells.get(key)
    if (!list) cells.set(key, (list = []))
    list.push(i)
  }
  return [...cells.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0] - b[0])
    .slice(0, limit)
    .map(([key, list]) => {
      const ex = [...list]
        .sort((a, b) => confidence[b] - confidence[a] || imageIds[a] - imageIds[b])
        .slice(0, examples)
        .map((i) => imageIds[i])
      return {
        trueLabel: labels[Math.floor(key / c)],
        predicted: labels[key % c],
        count: list.length,
        exampleImageIds: ex
      }
    })
}

/**
 * Expected calibration error over `bins` equal-width confidence bins:
 * Σ_b (|b|/N) · |accuracy(b) − mean confidence(b)|. A confidence of exactly 1 goes in the last bin.
 */
export function expectedCalibrationError(
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  bins = 10
): number {
  const n = confidence.length
  if (n === 0) return 0
  const cnt = new Float64Array(bins)
  const acc = new Float64Array(bins)
  const conf = new Float64Array(bins)
  for (let i = 0; i < n; i++) {
    const b = Math.min(bins - 1, Math.floor(confidence[i] * bins))
    cnt[b]++
    conf[b] += confidence[i]
    if (correct[i]) acc[b]++
  }
  let ece = 0
  for (let b = 0; b < bins; b++) {
    if (cnt[b] > 0) ece += (cnt[b] / n) * Math.abs(acc[b] / cnt[b] - conf[b] / cnt[b])
  }
  return ece
}

/** Default auto-accept thresholds: 0.00, 0.01, …, 1.00. */
export const COVERAGE_THRESHOLDS: number[] = Array.from({ length: 101 }, (_, k) => k / 100)

/**
 * For each threshold p: the share of images whose top suggestion has probability ≥ p (coverage)
 * and the top-1 accuracy among them (precision; 1 when nothing is covered, by convention 0 is
 * misleading there — but such points are marked by coverage 0 and never suggested).
 */
export function coverageCurve(
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean>,
  thresholds: number[] = COVERAGE_THRESHOLDS
): CoveragePoint[] {
  const n = confidence.length
  // Each image passes a prefix of the thresholds in ascending order: one binary search per image
  // and a running sum, instead of one pass over the images per threshold (a refit of 50 tags on
  // 50k decided images each made 250M comparisons). The test below is the same, so are the counts.
  // A small tolerance lets a probability printed as 0.95 count at threshold 0.95.
  const passes = (c: number, t: number): boolean => c >= t - 1e-12
  const order = thresholds.map((_, j) => j).sort((a, b) => thresholds[a]! - thresholds[b]!)
  const sorted = order.map((j) => thresholds[j]!)
  const m = sorted.length
  // images passing exactly the first k sorted thresholds
  const upTo = new Float64Array(m + 1)
  const rightUpTo = new Float64Array(m + 1)
  for (let i = 0; i < n; i++) {
    const c = confidence[i]!
    let lo = 0
    let hi = m
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (passes(c, sorted[mid]!)) lo = mid + 1
      else hi = mid
    }
    upTo[lo]++
    if (correct[i]) rightUpTo[lo]++
  }
  const out: CoveragePoint[] = new Array(m)
  let covered = 0
  let right = 0
  for (let k = m - 1; k >= 0; k--) {
    covered += upTo[k + 1]!
    right += rightUpTo[k + 1]!
    const threshold = sorted[k]!
    out[order[k]!] = { threshold, coverage: n ? covered / n : 0, precision: covered ? right / covered : 1 }
  }
  return out
}

/** The smallest threshold whose precision reaches `target` while covering at least one image. */
export function suggestThreshold(
  curve: CoveragePoint[],
  target: number
): { threshold: number; coverage: number; precision: number; target: number } | null {
  for (const p of curve) {
    if (p.coverage > 0 && p.precision >= target) return { ...p, target }
  }
  return null
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
}
