// The compare report of a tags project (docs/tags.md): every template set (or model) scored tag by
// tag on the decided images, each (image, tag) its own yes/no question. It rides in CompareReport's
// and ModelsReport's optional `tags` section, so single-label reports keep their shape.
import type { TagThresholdView } from './tags'

export interface TagPRF {
  precision: number
  recall: number
  f1: number
}

/** One tag under one template set (or model), over the images decided on that tag. */
export interface TagCompareRow {
  label: string
  present: number
  absent: number
  /** average precision of the tag's ranking; null when no image is present */
  ap: number | null
  /** a pair is predicted present at cold-start p >= 0.5 */
  atHalf: TagPRF
  /** at the tag's threshold for the target precision; null unless `threshold.kind` is 'ok' */
  atThreshold: TagPRF | null
  threshold: TagThresholdView
}

export interface TagSetScore {
  name: string
  templates: string[]
  /** mean AP over the tags that have a present image; null when none has */
  mAP: number | null
  /** F1 at p >= 0.5 of the true and false positives and false negatives of every tag together */
  microF1: number
  perTag: TagCompareRow[]
}

/** mAP on held-out decided images as the decided images learnt from grow. */
export interface TagCurvePoint {
  n: number
  zeroShotMAP: number
  /** per-tag calibration: monotonic, so its mAP is the zero-shot one (it moves thresholds only) */
  calibratedMAP: number
  /** the few-shot heads */
  adaptedMAP: number
}

export interface TagLearningCurve {
  /** the template set (or model) whose zero-shot scores the heads start from */
  basis: string
  points: TagCurvePoint[]
}

export interface TagCompareSection {
  /** images with a present or absent decision on some live tag (and an embedding) */
  images: number
  tags: string[]
  /** the precision each tag's threshold aims for */
  target: number
  /** the model's logit scale: cold start p = sigmoid(scale · s) */
  scale: number
  sets: TagSetScore[]
  /** the set with the highest mAP (the first on ties), or null */
  best: string | null
  /** null when too few images are decided (or no held-out one is present on any tag) */
  curve: TagLearningCurve | null
}

/** One model of a tags project in the models report (its default template set). */
export interface TagModelScore extends TagSetScore {
  curve: TagCurvePoint[] | null
}
