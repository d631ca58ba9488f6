// Domain types that cross the boundary (plain data, no runtime code beyond a few enums).
import type { ProjectKind, TagView } from './tags'
import type { AppErrorShape } from './errors'
import type { ModelReads } from './scripts'
import type { LanguageChoice } from './i18n/language'

export type Variant = 'fp32' | 'fp16' | 'quantized'
export const VARIANTS = ['fp32', 'fp16', 'quantized'] as const
export type ExecutionProvider = 'auto' | 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu'
export const EXECUTION_PROVIDERS = ['auto', 'cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const

export interface AppInfo {
  version: string
  transport: 'electron' | 'browser'
  platform: string
  annotator: string
  /** the interface language setting (app-wide); 'system' follows the OS or the browser */
  language: LanguageChoice
  dataDir: string
  /** true only when started with the test flag (ZEBRA_TEST=1) */
  testMode: boolean
}

export interface ModelStatus {
  loaded: boolean
  /** a load is under way (e.g. the last used model, reloading in the background at start) */
  loading: boolean
  /** absolute folder of the loaded model, or null */
  path: string | null
  name: string | null
  /** the bundled tiny model that only knows the demo world's coloured shapes (resources/demo-model) */
  demo: boolean
  /** which languages its text tower reads (the script warnings of labels and templates) */
  reads: ModelReads
  variant: Variant | null
  availableVariants: Variant[]
  requestedProvider: ExecutionProvider
  /** provider actually running the sessions (e.g. 'cpu' after a fallback) */
  provider: string | null
  /** why a preferred provider was not used, if one was skipped */
  providerNote: string | null
  embedDim: number | null
  /** default Hub model that `model.download` fetches */
  hubModel: string
  /** whether the default Hub model is already in the models folder */
  downloaded: boolean
  error: AppErrorShape | null
}

/**
 * A text encoder that encodes a project's prompts in place of its image model's own text side
 * (docs/multilingual.md): M-CLIP's multilingual encoders were trained into openai CLIP's image
 * spaces, so the cached image embeddings of `modelId` stay as they are.
 */
export interface ProjectTextEncoder {
  /** the model folder holding textual/ */
  dir: string
  /** the encoder's content id (graph, tokenizer): its prompt embeddings are cached under it */
  id: string
  name: string
  embedDim: number
  /** the image model whose embeddings it is paired with */
  modelId: string
}

export interface ProjectSettings {
  modelPath: string | null
  variant: Variant
  ep: ExecutionProvider
  temperature: number
  topK: number
  /** blend reviewed examples into suggestions (few-shot adaptation) */
  adapt: boolean
  /** null or absent: the image model's own text encoder */
  textEncoder?: ProjectTextEncoder | null
}

export type DecisionKind = 'accepted' | 'corrected' | 'rejected' | 'skipped' | 'unsure'
export const DECISION_KINDS = ['accepted', 'corrected', 'rejected', 'skipped', 'unsure'] as const

export interface ProjectCounts {
  images: number
  prelabeled: number
  reviewed: number
  unreadable: number
  missing: number
  byKind: Record<DecisionKind, number>
}

export interface Label {
  id: number
  name: string
  descriptions: string[]
  color: string
  hotkey: string | null
  archived: boolean
  /**
   * Set when this label was merged into another: its decisions count as that label's (current
   * labels resolve through it) while the log keeps this one. A merged label is also archived.
   */
  mergedInto?: number | null
  /** a tag's own negative prompts in a tags project (empty: the default neutral prompts) */
  negatives?: string[]
  /** the label in other languages, by language code ('zh', 'ja', …), for template sets written in them */
  names?: Record<string, LabelTranslation>
}

/** A label's name (and descriptions) in one language; the name may list synonyms with "|". */
export interface LabelTranslation {
  name: string
  descriptions: string[]
}

/** Decided images of a label: current decisions resolved through merges, and as recorded. */
export interface LabelCount {
  labelId: number
  /** images whose current decision (accepted or corrected) is this label, merged labels included */
  decided: number
  /** of those, decisions recorded with this very label (before any merge) */
  recorded: number
}

export interface TemplateSet {
  id: number
  name: string
  templates: string[]
  /** the language its prompts are written in: filled with the labels' names in it; null: their own names */
  language?: string | null
}

export interface ProjectSummary {
  path: string
  name: string
  roots: string[]
  createdAt: string
  openedAt: string
  settings: ProjectSettings
  counts: ProjectCounts
  labels: Label[]
  templateSets: TemplateSet[]
  activeTemplateSetId: number | null
  /** created by "try the sample project": demo model, sample images */
  sample: boolean
  /** 'tags': any number of labels per image, decided per tag; absent or 'single': one per image */
  kind?: ProjectKind
  /** the file is not writable here: viewing and export work, decisions are refused */
  readOnly?: boolean
  /**
   * a team replica (docs/team.md): the member's role on the store and whether it is a reviewer
   * (null until the replica first reached the store); null or absent for a plain project
   */
  team?: { annotator: string; role: 'annotator' | 'reviewer' | null } | null
}

export interface RecentProject {
  path: string
  name: string
  openedAt: string
  exists: boolean
}

export type ImageState = 'ok' | 'missing' | 'unreadable'

export interface ImageInfo {
  id: number
  root: string
  relPath: string
  width: number | null
  height: number | null
  format: string | null
  bytes: number | null
  state: ImageState
  reason: string | null
}

export interface Suggestion {
  rank: number
  labelId: number
  label: string
  prob: number
  /** zero-shot text classifier, or blended with reviewed examples */
  source: 'zeroshot' | 'adapted'
}

export interface CurrentLabel {
  kind: DecisionKind
  /** the label now (resolved through merges) */
  labelId: number | null
  label: string | null
  /** the label name recorded in the decision, when a merge has since changed it */
  recordedLabel?: string | null
  annotator: string
  at: string
}

export interface DecisionRecord {
  id: number
  imageId: number
  kind: DecisionKind | 'revert'
  labelId: number | null
  label: string | null
  rank: number | null
  annotator: string
  at: string
  /** for reverts: the decision id it undoes */
  revertOf: number | null
  /** a reviewer's adjudicated decision (absent: an annotator's) */
  adjudicated?: true
}

export interface ReviewItem {
  image: ImageInfo
  suggestions: Suggestion[]
  /** a tags project: every live tag with its probability and state (suggestions stay empty) */
  tags?: TagView[]
  current: CurrentLabel | null
  /** 1-based position in the current order/filter, and the size of that queue */
  position: number
  total: number
}

/** The answer to a decision: everything the review screen shows next, in one round trip. */
export interface ReviewStep {
  decisionId: number
  /** the decided image as stored now (its current label) */
  item: ReviewItem
  /** the queue's next items after the decided image (or the listed ids), first to show first */
  next: ReviewItem[]
  stats: ReviewStats
}

/** The answer to undo/redo: the image it changed (null: nothing to undo), what to show, the counters. */
export interface UndoStep {
  imageId: number | null
  /** every image the undone (or redone) action touched: a bulk action has many */
  imageIds: number[]
  /** undo: the reverted image; redo: the queue's next image after it (with a query), else the image */
  item: ReviewItem | null
  stats: ReviewStats
}

export const REVIEW_ORDERS = [
  'file',
  'lowest_confidence',
  'highest_confidence',
  'lowest_margin',
  'by_label',
  'diverse'
] as const
export type ReviewOrder = (typeof REVIEW_ORDERS)[number]

export const REVIEW_STATUSES = ['unreviewed', 'reviewed', 'all', ...DECISION_KINDS] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

export interface ReviewStats {
  total: number
  reviewed: number
  byKind: Record<DecisionKind, number>
  /** accepted / (accepted + corrected + rejected), 0 when nothing decided */
  acceptRate: number
}

export type JobKind =
  'prelabel' | 'scan' | 'rescore' | 'download' | 'export' | 'import-embeddings' | 'team-join'
type JobState = 'running' | 'done' | 'cancelled' | 'failed'

export interface JobProgress {
  jobId: string
  kind: JobKind
  /** the project open when the job started (a screen shows only the open project's jobs); null: none */
  project: string | null
  state: JobState
  done: number
  total: number
  /** items per second over the recent window */
  rate: number
  /** seconds left at that rate, null when unknown */
  etaS: number | null
  message: string | null
  errors: { file: string; reason: string }[]
  error: AppErrorShape | null
}

/** One grid tile: the stored zero-shot top-1 (what the grid sorts, filters and bulk-accepts by). */
export interface GridRow {
  imageId: number
  relPath: string
  /** the zero-shot top-1 label as stored */
  labelId: number
  /** its name now (through a merge: the label it went into) */
  label: string
  /** the zero-shot top-1 probability */
  prob: number
  current: CurrentLabel | null
}

/**
 * The adapted top-1 of a grid page's images: what the review screen suggests for them when the
 * project's `adapt` setting is on. `source` is 'adapted' once reviewed examples are blended in;
 * 'zeroshot' (nothing to blend yet) or null (adapt off, no embeddings) means the grid's own
 * zero-shot top-1 is what review shows.
 */
export interface GridAdapted {
  source: 'adapted' | 'zeroshot' | null
  rows: { imageId: number; labelId: number; label: string; prob: number }[]
}

/** Below this many decided images a threshold's precision is not estimated. */
export const MIN_PRECISION_DECISIONS = 10

/**
 * What selecting p >= minProb in the grid would accept, judged on decided images: of the decided
 * images whose zero-shot top-1 has p >= minProb, how many were decided as that label (accepts in
 * bulk do not count: they accepted the very top-1 they would be checked against); and how many
 * images of the grid's view the threshold covers.
 */
export interface ThresholdEstimate {
  minProb: number
  /** decided images with top-1 p >= minProb the estimate rests on */
  decided: number
  /** of those, decided as their zero-shot top-1 */
  correct: number
  /** correct / decided, or null below MIN_PRECISION_DECISIONS */
  precision: number | null
  /** images of the view (label, status) with p >= minProb, and all images of the view */
  above: number
  total: number
  /** above / total (0 for an empty view) */
  coverage: number
}

export interface ExportResult {
  outDir: string
  files: string[]
  total: number
  perLabel: Record<string, number>
  perSplit: Record<string, number>
  /** decided images not exported, and why (see export/rows.ts countLeftOut) */
  leftOut: { missing: number; unreadable: number; notCopied: number }
  /** the decided images whose file could not be copied (gone, unreadable, linking out), and why */
  notCopiedFiles?: { path: string; why: string }[]
  /** labelstudio: the labeling config (also written beside the tasks) to paste into Label Studio */
  labelConfig?: string
  /** what to do next with this format (e.g. how Label Studio finds the images) */
  notes?: string[]
}

export interface PresetInfo {
  name: string
  classes: number
  templates: number
}

export interface DirEntry {
  name: string
  path: string
  isDir: boolean
}
