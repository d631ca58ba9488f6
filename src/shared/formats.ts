// The dataset formats Zebra writes and reads: ids for export.run and labels.import, and what a
// label import reports (the dry run shows it before anything is written).

/** export.run formats; README "Export" documents each one's layout */
export const EXPORT_FORMATS = [
  'csv',
  'jsonl',
  'imagefolder',
  'hf',
  'labelstudio',
  'cvat-imagenet',
  'fiftyone-tree',
  'fiftyone-json',
  'yolo-cls',
  'coco-labels'
] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** formats that copy (or link) image files; the others write label files that point at them */
export const FILE_FORMATS: readonly ExportFormat[] = [
  'imagefolder',
  'hf',
  'cvat-imagenet',
  'fiftyone-tree',
  'fiftyone-json',
  'yolo-cls',
  'coco-labels'
]

/** the export formats that hold several labels per image: a tags project's (docs/tags.md) */
export const TAG_EXPORT_FORMATS: readonly ExportFormat[] = [
  'csv',
  'jsonl',
  'hf',
  'labelstudio',
  'fiftyone-json',
  'coco-labels'
]

/** labels.import formats (imagefolder also reads YOLO classification and FiftyOne directory trees) */
export const IMPORT_FORMATS = [
  'csv',
  'jsonl',
  'labelstudio',
  'imagefolder',
  'cvat-imagenet',
  'fiftyone-json',
  'hf',
  'coco-labels'
] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

export interface LabelImportSummary {
  format: ImportFormat
  path: string
  dryRun: boolean
  /** entries read (files of a tree, tasks, rows) */
  total: number
  /** entries that name an image of this project */
  matched: number
  /** entries that name no image of this project, or none unambiguously (first 200) */
  unmatched: { ref: string; reason: string }[]
  unmatchedCount: number
  /** entries that name an image but no label (a task without an annotation, a null target) */
  unlabeled: number
  /** labels the entries use that the project lacks, with how many matched entries use each */
  unknownLabels: { name: string; count: number }[]
  /** matched entries whose image already has that label (nothing to write) */
  unchanged: number
  /** matched entries left out because their label is unknown and labels are not created */
  skippedUnknown: number
  /** decisions written (0 in a dry run); what would be written, in a dry run */
  imported: number
  wouldImport: number
  createdLabels: string[]
  /** decisions to write (or written) per label; in a tags project, those that make a tag present */
  perLabel: Record<string, number>
  /** a tags project: the tag decisions to write (or written) by state; there, `imported`,
   * `wouldImport` and `skippedUnknown` count tag decisions and `unchanged` images */
  tagDecisions?: { present: number; absent: number; unsure: number }
}
