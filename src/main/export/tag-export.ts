// Export of a tags project (any number of labels per image; docs/tags.md): the images whose every
// live tag is decided (with `includePartial`, also those with some tags decided), each with its
// present, absent and unsure tags and every tag's probability, in the formats that can hold
// several labels per image. The class-folder formats cannot, and refuse with the ones that can.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { TAG_EXPORT_FORMATS, type ExportFormat, type ExportResult } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Project } from '../db/project'
import { exportClasses } from './classes'
import { writeTagCoco, writeTagFiftyOne } from './formats/tags-files'
import { writeTagHf } from './formats/tags-hf'
import { writeTagLabelStudio } from './formats/tags-labelstudio'
import { writeTagCsv, writeTagJsonl } from './formats/tags-tables'
import type { FormatOutput, TagFormatInput } from './formats/types'
import type { LinkMode } from './files'
import { assignSplits, type SplitSpec } from './split'
import { collectTagRows, countTagLeftOut, type TagExportRow, type TagProb } from './tag-rows'

const TAG_WRITERS: Partial<Record<ExportFormat, (input: TagFormatInput) => Promise<FormatOutput>>> = {
  csv: writeTagCsv,
  jsonl: writeTagJsonl,
  hf: writeTagHf,
  labelstudio: writeTagLabelStudio,
  'coco-labels': writeTagCoco,
  'fiftyone-json': writeTagFiftyOne
}

/** the formats that hold several labels per image (the contract's list: the app offers those) */
export const TAG_FORMATS = TAG_EXPORT_FORMATS

/** Refuses a format that holds one label per image (a class folder per image) for a tags project. */
export function assertTagFormat(format: ExportFormat): void {
  if (TAG_WRITERS[format]) return
  throw new AppError(
    'invalid_input',
    `${format} holds one label per image (each image in one class folder), and this is a tags project: export it as ${TAG_FORMATS.join(', ')}.`,
    { format, formats: TAG_FORMATS }
  )
}

export interface TagExportOptions {
  format: ExportFormat
  seed: number
  link: LinkMode
  includePartial: boolean
  includeMissing: boolean
  csvRaw: boolean
  tagProb?: TagProb
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
}

/**
 * The stratum of an image in a split: its rarest present tag (multi-label stratification's
 * usual first step: a rare tag's few images spread over the splits), '' when none is present.
 */
function rarestPresent(rows: readonly TagExportRow[]): (r: TagExportRow) => string {
  const n = new Map<string, number>()
  for (const r of rows) for (const t of r.present) n.set(t, (n.get(t) ?? 0) + 1)
  return (r) =>
    r.present.reduce<string | null>(
      (best, t) => (best === null || n.get(t)! < n.get(best)! ? t : best),
      null
    ) ?? ''
}

export async function writeTagExport(
  project: Project,
  o: TagExportOptions,
  outDir: string,
  split: SplitSpec | null
): Promise<ExportResult> {
  const leftOutByState = countTagLeftOut(project, o.includeMissing)
  // rows name tags as they are now (merges resolved): every one of them is a class
  const labels = exportClasses(project.labels(), [])
  const rows = collectTagRows(project, labels, {
    partial: o.includePartial,
    includeMissing: o.includeMissing,
    tagProb: o.tagProb
  })
  const splits = split
    ? assignSplits(rows, split, o.seed, rarestPresent(rows), (r) => r.imageId)
    : new Map<number, string>()
  const splitOf = (r: TagExportRow): string | null => splits.get(r.imageId) ?? null
  let done = 0
  o.onProgress?.(0, rows.length)
  const written = await TAG_WRITERS[o.format]!({
    project,
    outDir,
    rows,
    splitOf,
    splitNames: split ? Object.keys(split) : [],
    labels,
    mode: o.link,
    csvRaw: o.csvRaw,
    signal: o.signal,
    progress: () => {
      if (++done % 100 === 0) o.onProgress?.(done, rows.length)
    }
  })
  o.onProgress?.(rows.length, rows.length)
  const skipped = new Set(written.notCopied.map((n) => n.imageId))
  const kept = rows.filter((r) => !skipped.has(r.imageId))
  const perLabel: Record<string, number> = {}
  const perSplit: Record<string, number> = {}
  const absent: Record<string, number> = {}
  const unsure: Record<string, number> = {}
  for (const r of kept) {
    const s = splitOf(r) ?? 'all'
    perSplit[s] = (perSplit[s] ?? 0) + 1
    for (const t of r.present) perLabel[t] = (perLabel[t] ?? 0) + 1
    for (const t of r.absent) absent[t] = (absent[t] ?? 0) + 1
    for (const t of r.unsure) unsure[t] = (unsure[t] ?? 0) + 1
  }
  const leftOut = { ...leftOutByState, notCopied: written.notCopied.length }
  const notCopiedFiles = written.notCopied.map(({ path, why }) => ({ path, why }))
  const partial = kept.filter((r) => r.undecided.length > 0).length
  const summary = join(outDir, 'export-summary.json')
  await writeFile(
    summary,
    JSON.stringify(
      {
        project: project.name,
        kind: 'tags',
        format: o.format,
        exportedAt: new Date().toISOString(),
        includePartial: o.includePartial,
        split,
        seed: o.seed,
        link: o.link,
        total: kept.length,
        partial,
        leftOut,
        // every tag, in the order class lists, COCO ids and the hf card follow
        classes: labels,
        ...(notCopiedFiles.length ? { notCopied: notCopiedFiles } : {}),
        perLabel,
        absentPerLabel: absent,
        unsurePerLabel: unsure,
        perSplit,
        probabilities: o.tagProb ? 'calibrated' : 'coldstart',
        ...(written.notes ? { notes: written.notes } : {})
      },
      null,
      2
    )
  )
  return {
    outDir,
    files: [...written.files, summary],
    total: kept.length,
    perLabel,
    perSplit,
    leftOut,
    ...(notCopiedFiles.length ? { notCopiedFiles } : {}),
    ...(written.labelConfig ? { labelConfig: written.labelConfig } : {}),
    ...(written.notes ? { notes: written.notes } : {})
  }
}
