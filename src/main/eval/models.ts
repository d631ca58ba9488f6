// One model scored on reviewed images for "which model for this dataset": top-1 and top-5 of its
// zero-shot classifier, the corrections an annotator would make (reviewed images whose top-1
// suggestion is wrong), and the auto-accept threshold its probabilities would support. The inputs
// are the model's own embeddings and class weights; callers align the images across models so
// the numbers compare like with like.
import type { ThresholdWithheld } from '../../shared/report'
import type { ZeroShotScoring } from '../clip/model-family'
import { topConfidence } from '../clip/scoring-probs'
import { scoreMatrix } from '../math/gemm'
import { argmaxRows } from '../math/rank'
import { basicScores, coverageCurve } from './metrics'
import { thresholdVerdict } from './threshold'

export interface ModelEvalInput {
  /** L2-normalised image embeddings, n×dim */
  images: Float32Array
  n: number
  dim: number
  /** L2-normalised class weights, c×dim, in the index space of `truth` */
  classes: Float32Array
  c: number
  truth: ArrayLike<number>
  /** softmax(temperature · cosine) gives the suggestion probabilities (the project's setting) */
  temperature: number
  /** the model's scoring: a sigmoid model's sigmoid(scale · cosine + bias) replaces the softmax */
  scoring?: ZeroShotScoring
  /** precision the suggested threshold must reach (default 0.95) */
  targetPrecision?: number
}

export interface ModelEval {
  top1: number
  top5: number
  corrections: number
  suggestedThreshold: { threshold: number; coverage: number; precision: number; target: number } | null
  thresholdWithheld: ThresholdWithheld | null
}

export async function evaluateModel(input: ModelEvalInput): Promise<ModelEval> {
  const { n, dim, c, truth } = input
  if (truth.length !== n) throw new RangeError('evaluateModel: one truth label per image')
  const scores = n > 0 ? await scoreMatrix(input.images, n, dim, input.classes, c) : new Float32Array(0)
  const basic = basicScores(scores, n, c, truth)
  const pred = argmaxRows(scores, n, c)
  const correct = Array.from(pred, (k, i) => k === truth[i])
  const conf = topConfidence(scores, n, c, input.scoring, input.temperature)
  const verdict = thresholdVerdict(truth, coverageCurve(conf, correct), input.targetPrecision ?? 0.95)
  return {
    top1: basic.top1,
    top5: basic.top5,
    corrections: correct.filter((x) => !x).length,
    ...verdict
  }
}
