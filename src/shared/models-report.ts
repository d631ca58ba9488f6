// "Which model for this dataset": every model with cached image embeddings in a project, scored
// side by side on the reviewed images (compare.models, `zebra compare --models`), and the summary
// of importing embeddings computed elsewhere (embeddings.import, `zebra import-embeddings`).
import type { ThresholdWithheld } from './report'
import type { TagModelScore } from './tag-report'

export interface ModelSpeed {
  /** images embedded per second (decode + preprocess + vision model), measured on `host` */
  imagesPerS: number
  /** images the rate was measured on */
  images: number
  /** 'prelabel': runs of pre-labelling; 'sample': a timed sample taken when comparing */
  source: 'prelabel' | 'sample'
  provider: string | null
  host: string
  /** when it was last measured (ISO) */
  at: string
}

export interface ModelScore {
  modelId: string
  /** folder name, or 'demo' */
  name: string
  variant: string
  /** the folder recorded when the model was used here, or null (embeddings imported by id) */
  dir: string | null
  /** the model of most of the project's current suggestions */
  current: boolean
  /** ok images with an embedding of this model */
  embedded: number
  /** reviewed images (accepted or corrected) with an embedding of this model */
  reviewed: number
  /** on the report's common reviewed images; null when the model could not be scored */
  top1: number | null
  top5: number | null
  /** reviewed images whose top-1 suggestion would be wrong: the corrections an annotator makes */
  corrections: number | null
  /** the current model's corrections minus this model's (negative: this model needs more) */
  savedCorrections: number | null
  suggestedThreshold: { threshold: number; coverage: number; precision: number; target: number } | null
  thresholdWithheld: ThresholdWithheld | null
  /** speed on this machine, or null with `speedNote` saying why */
  speed: ModelSpeed | null
  speedNote: string | null
  /** why the model was not scored, e.g. which model folder its label text embeddings need */
  problem: string | null
  /** the folder that would let it be scored (when `problem` is a missing folder) */
  neededFolder: string | null
  /** a tags project: the model scored tag by tag (top-1 and the threshold are null then) */
  tags?: TagModelScore | null
}

export interface ModelsReport {
  /** reviewed images every scored model has an embedding of: the rows are scored on these */
  images: number
  labels: string[]
  templateSet: string
  currentModelId: string | null
  models: ModelScore[]
  /** something the reader should know about the comparison as a whole, or null */
  note: string | null
  timingMs: number
  /** a tags project: `images` are the decided images, `labels` the tags */
  tags?: { target: number; scale: number }
}

export interface ImportEmbeddingsResult {
  modelId: string
  modelName: string
  variant: string
  dim: number
  /** npy parts read (img_emb_N.npy with their metadata_N files) */
  parts: number
  /** rows in the folder */
  rows: number
  /** rows matched to an image of the project and written, with fresh suggestions */
  matched: number
  /** rows whose path is not an image of this project */
  unmatched: number
  /** rows matched but not written, with the reason */
  refused: number
  unmatchedExamples: string[]
  refusedExamples: { path: string; reason: string }[]
  /** how the vectors were checked to come from `modelId`, or why they could not be */
  verified: string
}
