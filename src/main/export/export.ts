// Dataset export in every format of shared/formats.ts (one writer per format in ./formats; README
// "Export" documents each layout). Refuses a non-empty target without force; file name clashes get
// a numeric suffix (nothing overwritten, nothing dropped); writes export-summary.json with counts
// per label and split and the provenance of the suggestions.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { DecisionKind, ExportFormat, ExportResult } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { isInside } from '../db/paths'
import type { Project } from '../db/project'
import { exportClasses } from './classes'
import { assertTarget, type LinkMode } from './files'
import { assertYoloSplit, writeClassTree, YOLO_DEFAULT_SPLIT } from './formats/class-tree'
import { writeCocoLabels } from './formats/coco-labels'
import { writeFiftyOneJson } from './formats/fiftyone-json'
import { writeHf } from './formats/hf'
import { writeLabelStudio } from './formats/labelstudio'
import { writeCsv, writeJsonl } from './formats/tables'
import type { FormatInput, FormatOutput } from './formats/types'
import { collectExportRows, countLeftOut, type ExportRow } from './rows'
import { assignSplits, validateSplit, type SplitSpec } from './split'
import { assertTagFormat, writeTagExport } from './tag-export'
import type { TagProb } from './tag-rows'

export { safeName, type LinkMode } from './files'

const WRITERS: Record<ExportFormat, (input: FormatInput) => Promise<FormatOutput>> = {
  csv: writeCsv,
  jsonl: writeJsonl,
  imagefolder: (i) => writeClassTree('imagefolder', i),
  'cvat-imagenet': (i) => writeClassTree('cvat-imagenet', i),
  'fiftyone-tree': (i) => writeClassTree('fiftyone-tree', i),
  'yolo-cls': (i) => writeClassTree('yolo-cls', i),
  hf: writeHf,
  'fiftyone-json': writeFiftyOneJson,
  'coco-labels': writeCocoLabels,
  labelstudio: writeLabelStudio
}

export interface ExportOptions {
  format: ExportFormat
  outDir: string
  split?: SplitSpec
  seed?: number
  link?: LinkMode
  include?: ('accepted' | 'corrected')[]
  force?: boolean
  /** also export images missing at the last scan, with their recorded labels (csv, jsonl only:
   * folder formats cannot copy a file that is not there) */
  includeMissing?: boolean
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
  /** CSV cells exactly as stored; by default text that a spreadsheet would run as a formula is escaped */
  csvRaw?: boolean
  /** tags project: also export images with some tags decided and others not (default: only images
   * whose every live tag is decided). `include` does not apply to a tags project. */
  includePartial?: boolean
  /** tags project: a tag's probability from its score s (default: the cold start,
   * sigmoid(temperature * s)); the services pass calibrated ones */
  tagProb?: TagProb
}

export async function exportProject(project: Project, opts: ExportOptions): Promise<ExportResult> {
  const outDir = resolve(opts.outDir)
  const tags = project.kind === 'tags'
  if (tags) assertTagFormat(opts.format)
  // YOLO classification trains on train/ and validates on val/: it always gets a split
  const wanted = opts.split ?? (opts.format === 'yolo-cls' ? YOLO_DEFAULT_SPLIT : undefined)
  const split = wanted ? validateSplit(wanted) : null
  if (opts.format === 'yolo-cls') assertYoloSplit(Object.keys(split!))
  for (const r of project.roots()) {
    if (isInside(r.path, outDir)) {
      throw new AppError(
        'outside_roots',
        `Export into an image folder (${r.path}) would be scanned as images: choose another folder.`
      )
    }
  }
  await assertTarget(outDir, opts.force ?? false)
  const before = await entriesOf(outDir)
  await mkdir(outDir, { recursive: true })
  try {
    if (tags)
      return await writeTagExport(
        project,
        {
          format: opts.format,
          seed: opts.seed ?? 0,
          link: opts.link ?? 'copy',
          includePartial: opts.includePartial ?? false,
          includeMissing: opts.includeMissing ?? false,
          csvRaw: opts.csvRaw ?? false,
          tagProb: opts.tagProb,
          signal: opts.signal,
          onProgress: opts.onProgress
        },
        outDir,
        split
      )
    return await writeExport(project, opts, outDir, split)
  } catch (err) {
    // a failed export (a full disk, cancel) leaves the folder as it found it, never a part dataset
    await removeNew(outDir, before)
    throw err
  }
}

/** the entries of a folder, or null when it does not exist */
async function entriesOf(dir: string): Promise<Set<string> | null> {
  return readdir(dir).then(
    (e) => new Set(e),
    () => null
  )
}

async function removeNew(outDir: string, before: Set<string> | null): Promise<void> {
  if (before === null) {
    await rm(outDir, { recursive: true, force: true }).catch(() => undefined)
    return
  }
  for (const e of await readdir(outDir).catch(() => [] as string[]))
    if (!before.has(e)) await rm(join(outDir, e), { recursive: true, force: true }).catch(() => undefined)
}

async function writeExport(
  project: Project,
  opts: ExportOptions,
  outDir: string,
  split: SplitSpec | null
): Promise<ExportResult> {
  const include: DecisionKind[] = opts.include?.length ? opts.include : ['accepted', 'corrected']
  const seed = opts.seed ?? 0
  const mode = opts.link ?? 'copy'

  const sel = { withRejected: opts.format === 'jsonl', includeMissing: opts.includeMissing ?? false }
  const leftOutByState = countLeftOut(project, include, sel)
  const rows = collectExportRows(project, include, sel)
  const positives = rows.filter((r) => r.label !== null)
  const splits = split
    ? assignSplits(
        rows,
        split,
        seed,
        (r) => r.label ?? '\u0000rejected',
        (r) => r.imageId
      )
    : new Map<number, string>()
  const splitOf = (r: ExportRow): string | null => splits.get(r.imageId) ?? null

  const total = opts.format === 'jsonl' ? rows.length : positives.length
  let done = 0
  opts.onProgress?.(0, total)
  // the class list is every decided label, whether or not each file could be copied: the indices
  // of a class never depend on which files were readable today
  const labels = exportClasses(project.labels(), Object.keys(tally(positives, splitOf).perLabel))
  const written = await WRITERS[opts.format]({
    project,
    outDir,
    rows: positives,
    allRows: rows,
    splitOf,
    splitNames: split ? Object.keys(split) : [],
    labels,
    mode,
    csvRaw: opts.csvRaw ?? false,
    signal: opts.signal,
    progress: () => {
      if (++done % 100 === 0) opts.onProgress?.(done, total)
    }
  })
  const files = written.files
  opts.onProgress?.(total, total)
  // the counts are of what was written: an image not copied is in none of them
  const skipped = new Set(written.notCopied.map((n) => n.imageId))
  const { perLabel, perSplit, perLabelSplit } = tally(
    positives.filter((r) => !skipped.has(r.imageId)),
    splitOf
  )
  const leftOut = { ...leftOutByState, notCopied: written.notCopied.length }
  const notCopiedFiles = written.notCopied.map(({ path, why }) => ({ path, why }))
  const exported = positives.length - skipped.size
  const provenance = [
    ...new Set(
      positives.map((r) =>
        JSON.stringify({ model: r.model, variant: r.variant, template_set: r.templateSet })
      )
    )
  ].map((s) => JSON.parse(s) as unknown)
  const summary = join(outDir, 'export-summary.json')
  await writeFile(
    summary,
    JSON.stringify(
      {
        project: project.name,
        format: opts.format,
        exportedAt: new Date().toISOString(),
        include,
        split,
        seed,
        link: mode,
        total: exported,
        leftOut,
        // every class, in the order class lists and COCO ids follow (hf: ClassLabel(names=classes))
        classes: labels,
        ...(notCopiedFiles.length ? { notCopied: notCopiedFiles } : {}),
        perLabel,
        perSplit,
        perLabelSplit,
        negativesOnly: rows.length - positives.length,
        provenance,
        ...(written.notes ? { notes: written.notes } : {})
      },
      null,
      2
    )
  )
  files.push(summary)
  return {
    outDir,
    files,
    total: exported,
    perLabel,
    perSplit,
    leftOut,
    ...(notCopiedFiles.length ? { notCopiedFiles } : {}),
    ...(written.labelConfig ? { labelConfig: written.labelConfig } : {}),
    ...(written.notes ? { notes: written.notes } : {})
  }
}

/** images per label, per split ('all' without one) and per label and split */
function tally(
  rows: readonly ExportRow[],
  splitOf: (r: ExportRow) => string | null
): {
  perLabel: Record<string, number>
  perSplit: Record<string, number>
  perLabelSplit: Record<string, Record<string, number>>
} {
  const perLabel: Record<string, number> = {}
  const perSplit: Record<string, number> = {}
  const perLabelSplit: Record<string, Record<string, number>> = {}
  for (const r of rows) {
    const l = r.label!
    const s = splitOf(r) ?? 'all'
    perLabel[l] = (perLabel[l] ?? 0) + 1
    perSplit[s] = (perSplit[s] ?? 0) + 1
    perLabelSplit[l] ??= {}
    perLabelSplit[l][s] = (perLabelSplit[l][s] ?? 0) + 1
  }
  return { perLabel, perSplit, perLabelSplit }
}

/** Human-readable summary table: counts per label and split. */
export function formatExportSummary(r: ExportResult): string {
  const splits = Object.keys(r.perSplit)
  const partial = r.leftOut.notCopied ? ` (partial: ${r.leftOut.notCopied} could not be copied)` : ''
  const lines = [`Exported ${r.total} images to ${r.outDir}${partial}`]
  const lo = leftOutLine(r)
  if (lo) lines.push(lo)
  lines.push(`  per split: ${splits.map((s) => `${s}=${r.perSplit[s]}`).join(', ') || '-'}`)
  for (const [l, n] of Object.entries(r.perLabel).sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${l}: ${n}`)
  for (const n of r.notes ?? []) lines.push(`  ${n}`)
  if (r.labelConfig)
    lines.push('Label Studio labeling config (also in label-config.xml):', r.labelConfig.trimEnd())
  return lines.join('\n')
}

/** '' when nothing was left out, else how many decided images the export left out and why */
export function leftOutLine(r: ExportResult): string {
  const { missing, unreadable, notCopied } = r.leftOut
  const why: string[] = []
  if (missing)
    why.push(
      `${missing} missing at the last scan (--include-missing exports their recorded labels in csv/jsonl)`
    )
  if (unreadable) why.push(`${unreadable} unreadable at the last scan`)
  if (notCopied) why.push(`${notCopied} not copied: ${notCopiedWhy(r.notCopiedFiles ?? [])}`)
  return why.length ? `  left out ${missing + unreadable + notCopied} decided images: ${why.join('; ')}` : ''
}

/** "2 unreadable (permission denied), 1 gone since the scan — /a/x.jpg (…), … and 1 more" */
function notCopiedWhy(files: readonly { path: string; why: string }[], named = 5): string {
  const byWhy = new Map<string, number>()
  for (const f of files) byWhy.set(f.why, (byWhy.get(f.why) ?? 0) + 1)
  const counts = [...byWhy].map(([why, n]) => `${n} ${why}`).join(', ')
  const shown = files.slice(0, named).map((f) => `${f.path} (${f.why})`)
  const more = files.length - shown.length
  return `${counts} — ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`
}
