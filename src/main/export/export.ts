// Dataset export: csv, jsonl, ImageFolder (split/label/file) and Hugging Face imagefolder
// (split/file + metadata.csv). Refuses a non-empty target without force; file name clashes get a
// numeric suffix (nothing overwritten, nothing dropped); writes export-summary.json with counts per
// label and split and the provenance of the suggestions.
import { copyFile, link, mkdir, readdir, realpath, symlink, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'
import type { DecisionKind, ExportFormat, ExportResult } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { fromPosixRel, isInside } from '../db/paths'
import type { Project } from '../db/project'
import { toCsv } from './csv'
import { collectExportRows, countLeftOut, type ExportRow } from './rows'
import { assignSplits, validateSplit, type SplitSpec } from './split'

export type LinkMode = 'copy' | 'hardlink' | 'symlink'

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
}

export const CSV_COLUMNS = [
  'path',
  'root',
  'rel_path',
  'label',
  'split',
  'decision',
  'rank',
  'suggested_label',
  'suggested_prob',
  'annotator',
  'decided_at',
  'model',
  'variant',
  'template_set',
  // provenance: the label the decision recorded, when that label was since merged into `label`
  'recorded_label'
] as const

/** A label as a folder name on every OS: no separators, reserved characters or trailing dots. */
export function safeName(name: string): string {
  let s = name
    .normalize('NFC')
    // control characters are invalid in Windows file names
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_')
    .replace(/[. ]+$/g, '')
  if (s === '' || s === '.' || s === '..') s = '_'
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(s)) s = `_${s}`
  return s.slice(0, 200)
}

/** Picks unique names per folder (case-insensitively, for macOS and Windows): a.jpg, a_1.jpg, ... */
export class NameAllocator {
  private used = new Map<string, Set<string>>()
  take(dir: string, wanted: string): string {
    let set = this.used.get(dir)
    if (!set) this.used.set(dir, (set = new Set()))
    const ext = extname(wanted)
    const stem = wanted.slice(0, wanted.length - ext.length)
    let name = wanted
    for (let i = 1; set.has(name.toLowerCase()); i++) name = `${stem}_${i}${ext}`
    set.add(name.toLowerCase())
    return name
  }
}

async function assertTarget(outDir: string, force: boolean): Promise<void> {
  if (!existsSync(outDir)) return
  const entries = await readdir(outDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOTDIR') throw new AppError('target_not_empty', `${outDir} is a file, not a folder.`)
    throw err
  })
  if (entries.length > 0 && !force) {
    throw new AppError(
      'target_not_empty',
      `${outDir} is not empty. Choose an empty folder, or allow writing into a non-empty one.`,
      { outDir, entries: entries.length, remedy: 'write_anyway' }
    )
  }
}

async function placeFile(src: string, dst: string, mode: LinkMode): Promise<void> {
  if (mode === 'symlink') {
    await symlink(src, dst)
    return
  }
  if (mode === 'hardlink') {
    try {
      await link(src, dst)
      return
    } catch (err) {
      // another volume: a copy keeps the export whole
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
    }
  }
  await copyFile(src, dst)
}

function rowFields(r: ExportRow, split: string | null): unknown[] {
  return [
    join(r.root, fromPosixRel(r.relPath)),
    r.root,
    r.relPath,
    r.label,
    split,
    r.decision,
    r.rank,
    r.suggestedLabel,
    r.suggestedProb === null ? null : Number(r.suggestedProb.toFixed(6)),
    r.annotator,
    r.decidedAt,
    r.model,
    r.variant,
    r.templateSet,
    r.recordedLabel
  ]
}

export async function exportProject(project: Project, opts: ExportOptions): Promise<ExportResult> {
  const outDir = resolve(opts.outDir)
  const include: DecisionKind[] = opts.include?.length ? opts.include : ['accepted', 'corrected']
  const split = opts.split ? validateSplit(opts.split) : null
  const seed = opts.seed ?? 0
  const mode = opts.link ?? 'copy'
  for (const r of project.roots()) {
    if (isInside(r.path, outDir)) {
      throw new AppError(
        'outside_roots',
        `Export into an image folder (${r.path}) would be scanned as images: choose another folder.`
      )
    }
  }
  await assertTarget(outDir, opts.force ?? false)
  await mkdir(outDir, { recursive: true })

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

  const perLabel: Record<string, number> = {}
  const perSplit: Record<string, number> = {}
  const perLabelSplit: Record<string, Record<string, number>> = {}
  for (const r of positives) {
    const l = r.label!
    const s = splitOf(r) ?? 'all'
    perLabel[l] = (perLabel[l] ?? 0) + 1
    perSplit[s] = (perSplit[s] ?? 0) + 1
    perLabelSplit[l] ??= {}
    perLabelSplit[l][s] = (perLabelSplit[l][s] ?? 0) + 1
  }
  const files: string[] = []
  let notCopied = 0
  const total = opts.format === 'jsonl' ? rows.length : positives.length
  let done = 0
  opts.onProgress?.(0, total)

  if (opts.format === 'csv') {
    const table = [[...CSV_COLUMNS], ...positives.map((r) => rowFields(r, splitOf(r)))]
    const f = join(outDir, 'labels.csv')
    await writeFile(f, toCsv(table, { raw: opts.csvRaw }))
    files.push(f)
    done = total
  } else if (opts.format === 'jsonl') {
    const parts: string[] = []
    for (const r of rows) {
      parts.push(
        JSON.stringify({
          path: join(r.root, fromPosixRel(r.relPath)),
          root: r.root,
          rel_path: r.relPath,
          label: r.label,
          split: splitOf(r),
          decision: r.decision,
          rank: r.rank,
          suggested_label: r.suggestedLabel,
          suggested_prob: r.suggestedProb,
          annotator: r.annotator,
          decided_at: r.decidedAt,
          recorded_label: r.recordedLabel,
          negative_labels: r.negatives,
          suggestions: r.suggestions,
          provenance: { model: r.model, variant: r.variant, template_set: r.templateSet }
        }) + '\n'
      )
    }
    const f = join(outDir, 'labels.jsonl')
    await writeFile(f, parts.join(''))
    files.push(f)
    done = total
  } else {
    const names = new NameAllocator()
    const folderOfLabel = new Map<string, string>()
    const labelFolders = new NameAllocator()
    const metadata = new Map<string, unknown[][]>()
    for (const r of positives) {
      if (opts.signal?.aborted) throw new AppError('cancelled', 'Export cancelled.')
      const s = splitOf(r) ?? (opts.format === 'hf' ? 'train' : null)
      let dir: string
      if (opts.format === 'imagefolder') {
        let lf = folderOfLabel.get(r.label!)
        if (!lf) folderOfLabel.set(r.label!, (lf = labelFolders.take('', safeName(r.label!))))
        dir = s ? join(outDir, s, lf) : join(outDir, lf)
      } else {
        dir = join(outDir, s!)
      }
      const src = await realpath(join(r.root, fromPosixRel(r.relPath))).catch(() => null)
      if (!src || !isInside(await realpath(r.root), src)) {
        notCopied++ // gone since the scan, or now a link out of the root: counted, never silent
        continue
      }
      await mkdir(dir, { recursive: true })
      const name = names.take(dir, safeName(basename(r.relPath)))
      await placeFile(src, join(dir, name), mode)
      if (opts.format === 'hf') {
        let m = metadata.get(dir)
        if (!m)
          metadata.set(
            dir,
            (m = [
              [
                'file_name',
                'label',
                'decision',
                'suggested_label',
                'suggested_prob',
                'model',
                'variant',
                'template_set',
                'source_path'
              ]
            ])
          )
        m.push([
          name,
          r.label,
          r.decision,
          r.suggestedLabel,
          r.suggestedProb,
          r.model,
          r.variant,
          r.templateSet,
          r.relPath
        ])
      }
      done++
      if (done % 100 === 0) opts.onProgress?.(done, total)
    }
    for (const [dir, table] of metadata) {
      const f = join(dir, 'metadata.csv')
      await writeFile(f, toCsv(table, { raw: opts.csvRaw }))
      files.push(f)
    }
  }
  opts.onProgress?.(total, total)
  const leftOut = { ...leftOutByState, notCopied }
  const exported = positives.length - notCopied
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
        perLabel,
        perSplit,
        perLabelSplit,
        negativesOnly: rows.length - positives.length,
        provenance
      },
      null,
      2
    )
  )
  files.push(summary)
  return { outDir, files, total: exported, perLabel, perSplit, leftOut }
}

/** Human-readable summary table: counts per label and split. */
export function formatExportSummary(r: ExportResult): string {
  const splits = Object.keys(r.perSplit)
  const lines = [`Exported ${r.total} images to ${r.outDir}`]
  const lo = leftOutLine(r)
  if (lo) lines.push(lo)
  lines.push(`  per split: ${splits.map((s) => `${s}=${r.perSplit[s]}`).join(', ') || '-'}`)
  for (const [l, n] of Object.entries(r.perLabel).sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${l}: ${n}`)
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
  if (notCopied) why.push(`${notCopied} whose file is gone or now links out of its folder (not copied)`)
  return why.length ? `  left out ${missing + unreadable + notCopied} decided images: ${why.join('; ')}` : ''
}
