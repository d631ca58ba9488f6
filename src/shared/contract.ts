// The one contract between the renderer and the main process. Both transports (Electron IPC and
// the localhost HTTP bridge) serve exactly these channels, validate inputs with these schemas,
// and deliver exactly these events. Nothing exists in only one transport.
import { z } from 'zod'
import type { AppErrorShape } from './errors'
import type { CompareReport, LearningCurvePoint } from './report'

export type { AppErrorShape } from './errors'
export type { CompareReport, LearningCurvePoint } from './report'

// ---------------------------------------------------------------------------------------------
// Domain types that cross the boundary
// ---------------------------------------------------------------------------------------------

export type Variant = 'fp32' | 'fp16' | 'quantized'
export const VARIANTS = ['fp32', 'fp16', 'quantized'] as const
export type ExecutionProvider = 'auto' | 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu'
export const EXECUTION_PROVIDERS = ['auto', 'cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const

export interface AppInfo {
  version: string
  transport: 'electron' | 'browser'
  platform: string
  annotator: string
  dataDir: string
  /** true only when started with the test flag (ZEBRA_TEST=1) */
  testMode: boolean
}

export interface ModelStatus {
  loaded: boolean
  /** absolute folder of the loaded model, or null */
  path: string | null
  name: string | null
  /** the bundled tiny model that only knows the demo world's coloured shapes (resources/demo-model) */
  demo: boolean
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

export interface ProjectSettings {
  modelPath: string | null
  variant: Variant
  ep: ExecutionProvider
  temperature: number
  topK: number
  /** blend reviewed examples into suggestions (few-shot adaptation) */
  adapt: boolean
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
}

export interface TemplateSet {
  id: number
  name: string
  templates: string[]
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
  labelId: number | null
  label: string | null
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
}

export interface ReviewItem {
  image: ImageInfo
  suggestions: Suggestion[]
  current: CurrentLabel | null
  /** 1-based position in the current order/filter, and the size of that queue */
  position: number
  total: number
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

export type JobKind = 'prelabel' | 'scan' | 'rescore' | 'download' | 'export'
export type JobState = 'running' | 'done' | 'cancelled' | 'failed'

export interface JobProgress {
  jobId: string
  kind: JobKind
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

export interface GridRow {
  imageId: number
  relPath: string
  labelId: number
  prob: number
  current: CurrentLabel | null
}

export type ExportFormat = 'csv' | 'jsonl' | 'imagefolder' | 'hf'
export interface ExportResult {
  outDir: string
  files: string[]
  total: number
  perLabel: Record<string, number>
  perSplit: Record<string, number>
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

// ---------------------------------------------------------------------------------------------
// Input schemas
// ---------------------------------------------------------------------------------------------

const path = z.string().min(1).max(4096)
const id = z.number().int().nonnegative()
const labelInput = z.object({
  name: z.string().trim().min(1).max(200),
  descriptions: z.array(z.string().trim().min(1).max(500)).max(20).optional()
})
export type LabelInput = z.infer<typeof labelInput>
const none = z.object({}).strict()
const reviewQuery = z.object({
  order: z.enum(REVIEW_ORDERS).default('file'),
  status: z.enum(REVIEW_STATUSES).default('unreviewed'),
  labelId: id.optional()
})
export type ReviewQuery = z.infer<typeof reviewQuery>

export const invokeSchemas = {
  'app.info': none,
  'app.setAnnotator': z.object({ annotator: z.string().trim().min(1).max(100) }),
  'fs.list': z.object({ path: path.optional() }),

  'model.status': none,
  'model.open': z.object({ path }),
  'model.useDemo': none,
  'model.download': z.object({ variant: z.enum(VARIANTS).default('quantized') }),
  'model.setOptions': z.object({
    variant: z.enum(VARIANTS).optional(),
    ep: z.enum(EXECUTION_PROVIDERS).optional()
  }),

  'projects.recent': none,
  'project.create': z.object({
    path,
    name: z.string().trim().min(1).max(200).optional(),
    roots: z.array(path).min(1).max(50),
    labels: z.array(labelInput).max(5000).optional(),
    labelPreset: z.string().max(100).optional(),
    templates: z.array(z.string().min(1).max(500)).max(500).optional(),
    templatePreset: z.string().max(100).optional()
  }),
  'project.open': z.object({ path }),
  'project.openSample': none,
  'project.close': none,
  'project.summary': none,
  'project.scan': none,
  'project.updateSettings': z.object({
    temperature: z.number().positive().max(1000).optional(),
    topK: z.number().int().min(1).max(20).optional(),
    adapt: z.boolean().optional(),
    variant: z.enum(VARIANTS).optional(),
    ep: z.enum(EXECUTION_PROVIDERS).optional()
  }),

  'labels.add': z.object({ labels: z.array(labelInput).min(1).max(5000) }),
  'labels.update': z.object({
    id,
    name: z.string().trim().min(1).max(200).optional(),
    descriptions: z.array(z.string().trim().min(1).max(500)).max(20).optional(),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
    hotkey: z.string().max(1).nullable().optional(),
    archived: z.boolean().optional()
  }),
  'templates.save': z.object({
    name: z.string().trim().min(1).max(200),
    templates: z.array(z.string().min(1).max(500)).min(1).max(500),
    makeDefault: z.boolean().default(false)
  }),
  'templates.setDefault': z.object({ id }),
  'presets.list': none,
  'presets.get': z.object({ name: z.string().min(1).max(100) }),

  'prelabel.start': z.object({ batch: z.number().int().min(1).max(1024).optional() }),
  'jobs.cancel': z.object({ jobId: z.string().min(1).max(100) }),
  'jobs.list': none,

  'review.next': reviewQuery.extend({
    /** move from this image in the queue; omitted: the first of the queue */
    from: id.optional(),
    direction: z.enum(['next', 'prev']).default('next')
  }),
  'review.get': reviewQuery.extend({ imageId: id }),
  'review.queue': reviewQuery.extend({
    limit: z.number().int().min(1).max(1000).default(20),
    from: id.optional()
  }),
  'review.decide': z.object({
    imageId: id,
    kind: z.enum(DECISION_KINDS),
    /** for accepted: which suggestion (1-based rank) */
    rank: z.number().int().min(1).max(20).optional(),
    /** for corrected: the label chosen */
    labelId: id.optional()
  }),
  'review.undo': none,
  'review.redo': none,
  'review.stats': none,
  'review.history': z.object({ imageId: id }),

  'grid.page': z.object({
    labelId: id,
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(1000).default(200),
    minProb: z.number().min(0).max(1).default(0),
    status: z.enum(REVIEW_STATUSES).default('unreviewed')
  }),
  'grid.bulk': z.object({
    imageIds: z.array(id).min(1).max(100_000),
    action: z.enum(['accept', 'correct']),
    labelId: id.optional()
  }),
  'bulk.acceptRule': z.object({ minProb: z.number().min(0).max(1), labelId: id.optional() }),

  'export.run': z.object({
    format: z.enum(['csv', 'jsonl', 'imagefolder', 'hf']),
    outDir: path,
    split: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/), z.number().min(0).max(1)).optional(),
    seed: z.number().int().default(0),
    link: z.enum(['copy', 'hardlink', 'symlink']).default('copy'),
    include: z
      .array(z.enum(['accepted', 'corrected']))
      .min(1)
      .default(['accepted', 'corrected']),
    force: z.boolean().default(false)
  }),
  'labels.importCsv': z.object({ path }),

  'compare.run': z.object({
    templateSetIds: z.array(id).optional(),
    presets: z.array(z.string().max(100)).optional(),
    greedy: z.boolean().default(true)
  }),
  'compare.learningCurve': none,
  'compare.apply': z.object({
    name: z.string().trim().min(1).max(200),
    templates: z.array(z.string().min(1)).min(1)
  }),

  'search.text': z.object({
    query: z.string().trim().min(1).max(500),
    limit: z.number().int().min(1).max(500).default(50)
  }),
  'review.duplicates': z.object({ imageId: id, threshold: z.number().min(0).max(1).default(0.95) }),
  'review.decideGroup': z.object({ imageIds: z.array(id).min(1).max(10_000), labelId: id }),
  'review.mistakes': z.object({ limit: z.number().int().min(1).max(1000).default(100) })
} as const

export type InvokeChannel = keyof typeof invokeSchemas
export type InvokeInput<K extends InvokeChannel> = z.input<(typeof invokeSchemas)[K]>
export type InvokeParsed<K extends InvokeChannel> = z.output<(typeof invokeSchemas)[K]>

// ---------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------

export interface InvokeOutputs {
  'app.info': AppInfo
  'app.setAnnotator': AppInfo
  'fs.list': { path: string; parent: string | null; entries: DirEntry[] }

  'model.status': ModelStatus
  'model.open': ModelStatus
  'model.useDemo': ModelStatus
  'model.download': { jobId: string }
  'model.setOptions': ModelStatus

  'projects.recent': RecentProject[]
  'project.create': ProjectSummary
  'project.open': ProjectSummary
  'project.openSample': ProjectSummary
  'project.close': null
  'project.summary': ProjectSummary | null
  'project.scan': { jobId: string }
  'project.updateSettings': ProjectSummary

  'labels.add': Label[]
  'labels.update': Label
  'templates.save': TemplateSet
  'templates.setDefault': ProjectSummary
  'presets.list': PresetInfo[]
  'presets.get': { name: string; classes: string[]; templates: string[] }

  'prelabel.start': { jobId: string }
  'jobs.cancel': null
  'jobs.list': JobProgress[]

  'review.next': ReviewItem | null
  'review.get': ReviewItem
  'review.queue': number[]
  'review.decide': ReviewItem
  'review.undo': { imageId: number | null }
  'review.redo': { imageId: number | null }
  'review.stats': ReviewStats
  'review.history': DecisionRecord[]

  'grid.page': { rows: GridRow[]; total: number }
  'grid.bulk': { count: number }
  'bulk.acceptRule': { count: number }

  'export.run': ExportResult
  'labels.importCsv': { imported: number; skipped: { line: number; reason: string }[] }

  'compare.run': CompareReport
  'compare.learningCurve': LearningCurvePoint[]
  'compare.apply': ProjectSummary

  'search.text': { imageId: number; relPath: string; score: number }[]
  'review.duplicates': { imageId: number; relPath: string; similarity: number }[]
  'review.decideGroup': { count: number }
  'review.mistakes': { imageId: number; relPath: string; label: string; suggested: string; prob: number }[]
}

export type InvokeOutput<K extends InvokeChannel> = InvokeOutputs[K]

// ---------------------------------------------------------------------------------------------
// Events (main -> renderer) and sends (renderer -> main, fire and forget)
// ---------------------------------------------------------------------------------------------

export interface EventMap {
  'job.progress': JobProgress
  'project.changed': {
    reason:
      'decision' | 'labels' | 'templates' | 'settings' | 'scan' | 'prelabel' | 'rescore' | 'opened' | 'closed'
  }
  'model.changed': ModelStatus
}
export type EventChannel = keyof EventMap
export const EVENT_CHANNELS: readonly EventChannel[] = ['job.progress', 'project.changed', 'model.changed']

export const sendSchemas = {
  'renderer.log': z.object({
    level: z.enum(['info', 'warn', 'error']),
    message: z.string().max(10_000)
  })
} as const
export type SendChannel = keyof typeof sendSchemas
export type SendInput<K extends SendChannel> = z.input<(typeof sendSchemas)[K]>

// ---------------------------------------------------------------------------------------------
// What both transports implement and what `window.zebra` exposes
// ---------------------------------------------------------------------------------------------

/** Main-process implementation: one async function per channel, given parsed input. */
export type Handlers = {
  [K in InvokeChannel]: (input: InvokeParsed<K>) => Promise<InvokeOutput<K>>
}

/** Result envelope used by both transports so errors arrive as data, not exceptions. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }

export interface ZebraApi {
  transport: 'electron' | 'browser'
  invoke<K extends InvokeChannel>(channel: K, input: InvokeInput<K>): Promise<InvokeOutput<K>>
  send<K extends SendChannel>(channel: K, input: SendInput<K>): void
  /** returns an unsubscribe function */
  on<K extends EventChannel>(channel: K, listener: (payload: EventMap[K]) => void): () => void
  /** a URL the renderer can put in <img src>, for an image of the open project */
  imageUrl(imageId: number, opts?: { thumb?: boolean }): string
}

export const IMAGE_PROTOCOL = 'zebra-image'
export const BRIDGE_TOKEN_PARAM = 'token'
export const BRIDGE_TOKEN_HEADER = 'x-zebra-token'
