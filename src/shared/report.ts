// Template comparison report (issue: compare prompt templates offline). The JSON printed by
// `zebra compare --format json` is exactly this shape; docs/compare-schema.md documents it.
import type { TagCompareSection } from './tag-report'

/** The name of the compare report's greedy template selection among its ensembles. */
export const GREEDY_ENSEMBLE = 'greedy selection'

export interface TemplateScore {
  template: string
  /** the language the template was filled in (a set's language); absent: the labels' own names */
  language?: string
  top1: number
  top5: number
  meanPerClass: number
}

export interface EnsembleScore {
  name: string
  templates: string[]
  /** with label descriptions expanded into extra prompts */
  descriptions: boolean
  /** with label-name synonyms added as extra prompts (see docs/compare-schema.md) */
  synonyms?: boolean
  /** the language of the set's templates (TemplateSet.language); absent: the labels' own names */
  language?: string
  top1: number
  top5: number
  meanPerClass: number
  ece: number
}

export interface ClassScore {
  label: string
  support: number
  precision: number
  recall: number
  accuracy: number
}

export interface Confusion {
  trueLabel: string
  predicted: string
  count: number
  exampleImageIds: number[]
}

/** One non-empty cell of the confusion matrix with every image in it (most confident first). */
export interface ConfusionCell {
  /** index into `labels` of the reviewed label */
  trueIndex: number
  /** index into `labels` of the predicted label */
  predictedIndex: number
  imageIds: number[]
}

export interface CoveragePoint {
  threshold: number
  coverage: number
  precision: number
}

interface GreedySelection {
  templates: string[]
  trainTop1: number
  heldOutTop1: number
  baselineHeldOutTop1: number
  steps: { added: string; trainTop1: number; heldOutTop1: number }[]
  /** sizes of the seeded, label-stratified split the selection was chosen (train) and checked (held out) on */
  trainImages?: number
  heldOutImages?: number
  seed?: number
}

export interface ThresholdWithheld {
  reason: 'too_few' | 'single_class'
  images: number
  /** distinct labels among the reviewed images */
  classes: number
  minImages: number
  message: string
}

export interface CompareReport {
  images: number
  labels: string[]
  templates: TemplateScore[]
  ensembles: EnsembleScore[]
  /** name of the ensemble that perClass, confusions, confusionMatrix and coverage describe */
  detailEnsemble?: string | null
  /** per-class scores of the best ensemble */
  perClass: ClassScore[]
  confusions: Confusion[]
  /** confusion matrix of the best ensemble, rows = true label, columns = predicted, in `labels` order */
  confusionMatrix: number[][]
  /** the image ids behind confusionMatrix, non-empty cells only (absent in reports saved before) */
  cells?: ConfusionCell[]
  coverage: CoveragePoint[]
  /** smallest threshold whose precision reaches the target, or null */
  suggestedThreshold: { threshold: number; coverage: number; precision: number; target: number } | null
  /** why no threshold is suggested although the curve has one (sample too small, one label only) */
  thresholdWithheld?: ThresholdWithheld | null
  greedy: GreedySelection | null
  timingMs: number
  /**
   * A tags project's report: every set scored tag by tag. Then the single-label fields above are
   * empty (no templates, ensembles, classes or coverage; null threshold and greedy).
   */
  tags?: TagCompareSection
}

export interface LearningCurvePoint {
  n: number
  zeroshot_top1: number
  adapted_top1: number
}
