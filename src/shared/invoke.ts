// The invoke map: every request channel with its zod input schema and its output type, and the
// Handlers type the main process implements.
import { z } from 'zod'
import type { CatalogModel } from './catalog'
import type { CompareReport, LearningCurvePoint } from './report'
import type { ImportEmbeddingsResult, ModelsReport } from './models-report'
import { DUPLICATE_LEVELS, type DuplicateGroups } from './duplicates'
import {
  DECISION_KINDS,
  EXECUTION_PROVIDERS,
  REVIEW_ORDERS,
  REVIEW_STATUSES,
  VARIANTS,
  type DecisionRecord,
  type DirEntry,
  type ExportResult,
  type GridAdapted,
  type GridRow,
  type JobProgress,
  type Label,
  type LabelCount,
  type ModelStatus,
  type PresetInfo,
  type ProjectSummary,
  type RecentProject,
  type ReviewItem,
  type ReviewStats,
  type ReviewStep,
  type TemplateSet,
  type ThresholdEstimate,
  type UndoStep
} from './domain'
import type { FolderChange, FolderRemoval, ImageStatus, LastScan, RootInfo } from './folders'
import { EXPORT_FORMATS, IMPORT_FORMATS, type LabelImportSummary } from './formats'
import { moreSchemas, type MoreOutputs } from './more-channels'
import { PROJECT_KINDS, tagDecision } from './tags'
import { labelNamesInput, languageCode } from './prompt-languages'
import { openSampleInput } from './sample'
import {
  id,
  labelDescription,
  labelInput,
  labelName,
  path,
  projectName,
  setName,
  templateText
} from './input-fields'

export { labelName, type LabelInput } from './input-fields'
const none = z.object({}).strict()
const reviewQuery = z.object({
  order: z.enum(REVIEW_ORDERS).default('file'),
  status: z.enum(REVIEW_STATUSES).default('unreviewed'),
  labelId: id.optional()
})
export type ReviewQuery = z.infer<typeof reviewQuery>
/**
 * What a decision's answer carries besides the decision, so one round trip gives the screen all it
 * shows next: the queue it walks (`query`: the next `ahead` items after the decided image) or a
 * fixed list's next images (`ids`, in that order), and the counters.
 */
const reviewThen = z.object({
  query: reviewQuery.optional(),
  ids: z.array(id).max(20).optional(),
  ahead: z.number().int().min(0).max(20).default(1)
})
/** the renderer that asked: its own project.changed events carry it back, so it can ignore them */
const origin = z.string().min(1).max(64).optional()

export const invokeSchemas = {
  'fs.list': z.object({ path: path.optional() }),

  'model.status': none,
  'model.open': z.object({ path }),
  'model.useDemo': none,
  // model: a catalog id (clip/catalog.ts; default ViT-B/32); variant: default the entry's own
  'model.download': z.object({
    model: z.string().trim().min(1).max(100).optional(),
    variant: z.enum(VARIANTS).optional()
  }),
  'model.catalog': none,
  'model.setOptions': z.object({
    variant: z.enum(VARIANTS).optional(),
    ep: z.enum(EXECUTION_PROVIDERS).optional()
  }),

  'projects.recent': none,
  'project.create': z.object({
    path,
    name: projectName.optional(),
    roots: z.array(path).min(1).max(50),
    labels: z.array(labelInput).max(5000).optional(),
    labelPreset: z.string().max(100).optional(),
    templates: z.array(templateText).max(500).optional(),
    templatePreset: z.string().max(100).optional(),
    kind: z.enum(PROJECT_KINDS).optional()
  }),
  'project.open': z.object({ path }),
  /** the sample project of the demo world: one label per image, or with kind 'tags' the tags one */
  'project.openSample': openSampleInput,
  'project.close': none,
  'project.summary': none,
  'project.scan': none,
  /** the image folders with their counts, and what the last scan found */
  'project.roots': none,
  /** adds an image folder (or takes a removed one back) and scans it */
  'project.addRoot': z.object({ path }),
  /** removes an image folder: its images leave the project, their decisions stay in the log */
  'project.removeRoot': z.object({ id }),
  /** the image counts and the unreadable files, from one read of the project file */
  'project.unreadable': z.object({ limit: z.number().int().min(1).max(5000).default(500) }),
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
    name: labelName.optional(),
    descriptions: z.array(labelDescription).max(20).optional(),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/)
      .optional(),
    hotkey: z.string().max(1).nullable().optional(),
    archived: z.boolean().optional(),
    names: labelNamesInput.optional()
  }),
  /** merge one label into another: its decisions count as the other's; the log is kept */
  'labels.merge': z.object({ fromId: id, intoId: id }),
  'labels.counts': none,
  /** re-score the suggestions from cached embeddings now (e.g. after a model was loaded) */
  'labels.rescore': none,
  'templates.update': z.object({
    id,
    name: setName.optional(),
    templates: z.array(templateText).min(1).max(500).optional(),
    language: languageCode.nullable().optional()
  }),
  'templates.save': z.object({
    name: setName,
    templates: z.array(templateText).min(1).max(500),
    makeDefault: z.boolean().default(false),
    language: languageCode.nullable().default(null)
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
  /**
   * What the review screen shows, in one round trip: an image (`at`, else the one after or before
   * `from`, else the first), the queue's next `ahead` items after it, and the counters.
   */
  'review.window': reviewQuery.extend({
    at: id.optional(),
    from: id.optional(),
    direction: z.enum(['next', 'prev']).default('next'),
    ahead: z.number().int().min(0).max(20).default(3)
  }),
  /** several images at once, as review.get shows each (a fixed list's next images) */
  'review.items': z.object({ imageIds: z.array(id).min(1).max(50) }),
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
    labelId: id.optional(),
    /** a tags project: the tags present (and unsure); every other tag is absent */
    tags: tagDecision.optional(),
    adjudicate: z.boolean().optional(),
    then: reviewThen.optional(),
    origin
  }),
  /** `query`: the queue the screen walks (the answer's item is placed in it) */
  'review.undo': z.object({ query: reviewQuery.optional(), origin }).strict(),
  'review.redo': z.object({ query: reviewQuery.optional(), origin }).strict(),
  'review.stats': none,
  'review.history': z.object({ imageId: id }),

  'grid.page': z.object({
    /** omitted: all images, most confident first */
    labelId: id.optional(),
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(1000).default(200),
    minProb: z.number().min(0).max(1).default(0),
    status: z.enum(REVIEW_STATUSES).default('unreviewed')
  }),
  'grid.counts': z.object({ status: z.enum(REVIEW_STATUSES).default('unreviewed') }),
  'grid.bulk': z.object({
    imageIds: z.array(id).min(1).max(100_000),
    action: z.enum(['accept', 'correct']),
    labelId: id.optional()
  }),
  /** the adapted top-1 of a page's images (the grid asks per page it shows) */
  'grid.adapted': z.object({ imageIds: z.array(id).max(1000) }),
  /** expected precision and coverage of selecting p >= minProb in a grid view */
  'grid.threshold': z.object({
    minProb: z.number().min(0).max(1),
    labelId: id.optional(),
    status: z.enum(REVIEW_STATUSES).default('unreviewed')
  }),
  'bulk.acceptRule': z.object({ minProb: z.number().min(0).max(1), labelId: id.optional() }),

  'export.run': z.object({
    format: z.enum(EXPORT_FORMATS),
    outDir: path,
    split: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/), z.number().min(0).max(1)).optional(),
    seed: z.number().int().default(0),
    link: z.enum(['copy', 'hardlink', 'symlink']).default('copy'),
    include: z
      .array(z.enum(['accepted', 'corrected']))
      .min(1)
      .default(['accepted', 'corrected']),
    force: z.boolean().default(false),
    /** CSV cells as stored, without escaping formula-like text (=, +, -, @, tab, CR) */
    csvRaw: z.boolean().default(false),
    /** also export decided images whose files are missing, with their recorded labels */
    includeMissing: z.boolean().default(false),
    /** a tags project: also images with some tags decided and others not (default: every tag decided) */
    includePartial: z.boolean().optional()
  }),
  'labels.importCsv': z.object({ path }),
  /** labels from another tool's file or tree; a dry run (the default) only reports what would change */
  'labels.import': z.object({
    format: z.enum(IMPORT_FORMATS),
    path,
    dryRun: z.boolean().default(true),
    createLabels: z.boolean().default(false)
  }),
  /** the export dialog's last choices in this project (not force), or null */
  'export.saved': none,

  'compare.run': z.object({
    templateSetIds: z.array(id).optional(),
    presets: z.array(z.string().max(100)).optional(),
    greedy: z.boolean().default(true)
  }),
  'compare.learningCurve': none,
  /** the last compare report of this project, kept in the project file, or null */
  'compare.saved': none,
  'compare.apply': z.object({
    name: setName,
    templates: z.array(templateText).min(1).max(500)
  }),

  /** every model with embeddings in the project, scored side by side on the reviewed images */
  'compare.models': z.object({ measure: z.boolean().default(true) }),
  /** image embeddings computed elsewhere (clip-retrieval layout); model: a folder, 'demo' or a model id */
  'embeddings.import': z.object({
    dir: path,
    model: z.string().trim().min(1).max(4096),
    variant: z.enum(VARIANTS).optional()
  }),

  'search.text': z.object({
    query: z.string().trim().min(1).max(500),
    limit: z.number().int().min(1).max(500).default(50)
  }),
  /** one image's near-duplicates (threshold absent: the one chosen for the project's model) */
  'review.duplicates': z.object({ imageId: id, threshold: z.number().min(0).max(1).optional() }),
  'review.decideGroup': z.object({
    imageIds: z.array(id).min(1).max(10_000),
    labelId: id,
    then: reviewThen.optional(),
    origin
  }),
  'review.mistakes': z.object({ limit: z.number().int().min(1).max(1000).default(100) }),
  /** the Duplicates queue: 'identical' files (content hash) or 'similar' ones (see shared/duplicates.ts) */
  'review.duplicateGroups': z.object({
    level: z.enum(DUPLICATE_LEVELS).default('similar'),
    threshold: z.number().min(0).max(1).optional(),
    limit: z.number().int().min(1).max(100_000).default(10_000)
  }),
  /** a possible mistake looked at again: its label stands (not a decision; see db/kept-labels.ts) */
  'review.keepLabel': z.object({ imageId: id, then: reviewThen.optional(), origin }),
  ...moreSchemas
} as const

export type InvokeChannel = keyof typeof invokeSchemas
export type InvokeInput<K extends InvokeChannel> = z.input<(typeof invokeSchemas)[K]>
export type InvokeParsed<K extends InvokeChannel> = z.output<(typeof invokeSchemas)[K]>

// Outputs ------------------------------------------------------------------------------------

interface InvokeOutputs extends MoreOutputs {
  'fs.list': { path: string; parent: string | null; entries: DirEntry[] }

  'model.status': ModelStatus
  'model.open': ModelStatus
  'model.useDemo': ModelStatus
  'model.download': { jobId: string }
  'model.catalog': CatalogModel[]
  'model.setOptions': ModelStatus

  'projects.recent': RecentProject[]
  'project.create': ProjectSummary
  'project.open': ProjectSummary
  'project.openSample': ProjectSummary
  'project.close': null
  'project.summary': ProjectSummary | null
  'project.scan': { jobId: string }
  'project.roots': { roots: RootInfo[]; lastScan: LastScan | null }
  'project.addRoot': FolderChange
  'project.removeRoot': FolderRemoval
  'project.unreadable': ImageStatus
  'project.updateSettings': ProjectSummary

  'labels.add': Label[]
  'labels.update': Label
  'labels.merge': { from: Label; into: Label }
  'labels.counts': LabelCount[]
  'labels.rescore': { jobId: string | null }
  'templates.update': TemplateSet
  'templates.save': TemplateSet
  'templates.setDefault': ProjectSummary
  'presets.list': PresetInfo[]
  'presets.get': { name: string; classes: string[]; templates: string[] }

  'prelabel.start': { jobId: string }
  'jobs.cancel': null
  'jobs.list': JobProgress[]

  'review.next': ReviewItem | null
  'review.get': ReviewItem
  'review.window': { item: ReviewItem | null; ahead: ReviewItem[]; stats: ReviewStats }
  'review.items': ReviewItem[]
  'review.queue': number[]
  'review.decide': ReviewStep
  'review.undo': UndoStep
  'review.redo': UndoStep
  'review.stats': ReviewStats
  'review.history': DecisionRecord[]

  'grid.page': { rows: GridRow[]; total: number }
  'grid.counts': { counts: { labelId: number; count: number }[] }
  'grid.bulk': { count: number }
  'grid.adapted': GridAdapted
  'grid.threshold': ThresholdEstimate
  'bulk.acceptRule': { count: number }

  'export.run': ExportResult
  'export.saved': { options: SavedExportOptions; savedAt: string } | null
  'labels.importCsv': { imported: number; skipped: { line: number; reason: string }[] }
  'labels.import': LabelImportSummary

  'compare.run': CompareReport
  'compare.learningCurve': LearningCurvePoint[]
  'compare.saved': { report: CompareReport; options: InvokeParsed<'compare.run'>; savedAt: string } | null
  'compare.apply': ProjectSummary

  'compare.models': ModelsReport
  'embeddings.import': ImportEmbeddingsResult

  'search.text': { imageId: number; relPath: string; score: number }[]
  'review.duplicates': { imageId: number; relPath: string; similarity: number }[]
  'review.decideGroup': { count: number; next: ReviewItem[]; stats: ReviewStats }
  'review.mistakes': {
    imageId: number
    relPath: string
    label: string
    labelId: number
    suggested: string
    suggestedId: number
    prob: number
  }[]
  'review.duplicateGroups': DuplicateGroups
  'review.keepLabel': { imageId: number; decisionId: number; next: ReviewItem[]; stats: ReviewStats }
}

export type InvokeOutput<K extends InvokeChannel> = InvokeOutputs[K]

/** what the export dialog remembers: everything of export.run but force (a per-run decision) */
type SavedExportOptions = Omit<InvokeParsed<'export.run'>, 'force'>

/** Main-process implementation: one async function per channel, given parsed input. */
export type Handlers = {
  [K in InvokeChannel]: (input: InvokeParsed<K>) => Promise<InvokeOutput<K>>
}
