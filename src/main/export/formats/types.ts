// What the export hands each format writer, and what a writer hands back.
import type { Project } from '../../db/project'
import type { LinkMode } from '../files'
import type { ExportRow } from '../rows'
import type { TagExportRow } from '../tag-rows'

export interface FormatInput {
  project: Project
  outDir: string
  /** exported images: accepted/corrected, with a label */
  rows: ExportRow[]
  /** rows plus images whose current decision is a rejection (jsonl keeps them as negatives) */
  allRows: ExportRow[]
  splitOf(r: ExportRow): string | null
  /** the split's part names in order ([] without a split) */
  splitNames: string[]
  /** every label of the project in creation order (exportClasses), also those without an
   * exported image: class lists, class folders and indices follow it */
  labels: string[]
  mode: LinkMode
  csvRaw: boolean
  signal?: AbortSignal
  /** one more row done */
  progress(): void
}

export interface FormatOutput {
  files: string[]
  /** rows whose file could not be placed (gone, unreadable, or now a link out of its folder) */
  notCopied: NotCopied[]
  labelConfig?: string
  notes?: string[]
}

/** a decided image whose file the export could not place, and why in words */
export interface NotCopied {
  imageId: number
  path: string
  why: string
}

/** What the export hands a tags project's writer (formats/tags-*.ts). */
export interface TagFormatInput extends Omit<FormatInput, 'rows' | 'allRows' | 'splitOf'> {
  rows: TagExportRow[]
  splitOf(r: TagExportRow): string | null
}
