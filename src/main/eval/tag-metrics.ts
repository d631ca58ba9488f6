// Metrics of a tags project: every (image, tag) is its own yes/no question, so each tag gets
// precision, recall and F1 at its threshold and average precision over its ranking, and the
// project gets their mean AP and the micro F1 over all decided pairs. Undecided pairs (-1 in the
// truth) are not questions anyone answered and count nowhere.
import { AppError } from '../../shared/errors'
import { averagePrecision } from '../math/average-precision'

/** decisions per (image, tag): 1 present, 0 absent, -1 undecided */
export const TAG_PRESENT = 1
export const TAG_ABSENT = 0

interface TagScore {
  label: string
  precision: number
  recall: number
  f1: number
  /** null when the tag has no present decision */
  ap: number | null
  /** decided images where the tag is present */
  support: number
  /** images with a present or absent decision on the tag */
  decided: number
  threshold: number
}

export interface TagScores {
  perTag: TagScore[]
  /** mean of the tags' AP over tags that have one; null when none has */
  mAP: number | null
  /** F1 of the true/false positives and false negatives summed over every tag */
  microF1: number
}

const f1Of = (tp: number, fp: number, fn: number): number => (tp ? (2 * tp) / (2 * tp + fp + fn) : 0)

/**
 * Per-tag P/R/F1 (a pair is predicted present when its probability is at or above the tag's
 * threshold) and AP, over decided pairs only. Precision with nothing predicted is 0, as in the
 * single-label metrics.
 */
export function tagScores(
  probs: Float32Array,
  truth: Int8Array,
  labels: string[],
  thresholds?: number[]
): TagScores {
  const tags = labels.length
  if (probs.length !== truth.length || (tags === 0 ? probs.length !== 0 : probs.length % tags !== 0))
    throw new AppError(
      'invalid_input',
      `tag metrics: ${probs.length} probabilities and ${truth.length} decisions for ${tags} tags`
    )
  if (thresholds && thresholds.length !== tags)
    throw new AppError('invalid_input', `tag metrics: ${thresholds.length} thresholds for ${tags} tags`)
  const n = tags ? probs.length / tags : 0
  let tpAll = 0
  let fpAll = 0
  let fnAll = 0
  let apSum = 0
  let apCount = 0
  const perTag = labels.map((label, t): TagScore => {
    const threshold = thresholds?.[t] ?? 0.5
    const scores: number[] = []
    const present: boolean[] = []
    let tp = 0
    let fp = 0
    let fn = 0
    for (let i = 0; i < n; i++) {
      const y = truth[i * tags + t]
      if (y !== TAG_PRESENT && y !== TAG_ABSENT) continue
      const p = probs[i * tags + t]
      scores.push(p)
      present.push(y === TAG_PRESENT)
      const predicted = p >= threshold
      if (predicted && y === TAG_PRESENT) tp++
      else if (predicted) fp++
      else if (y === TAG_PRESENT) fn++
    }
    tpAll += tp
    fpAll += fp
    fnAll += fn
    const ap = averagePrecision(scores, present)
    if (ap !== null) {
      apSum += ap
      apCount++
    }
    const precision = tp + fp ? tp / (tp + fp) : 0
    const recall = tp + fn ? tp / (tp + fn) : 0
    return {
      label,
      precision,
      recall,
      f1: f1Of(tp, fp, fn),
      ap,
      support: tp + fn,
      decided: scores.length,
      threshold
    }
  })
  return { perTag, mAP: apCount ? apSum / apCount : null, microF1: f1Of(tpAll, fpAll, fnAll) }
}
