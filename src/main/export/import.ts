// Import existing labels from CSV (path,label) as decisions, so a labelled set can be reviewed
// against or used for evaluation. Paths are absolute or relative to an image root; images must
// have been scanned. Missing labels are created. One batch: one undo reverts the whole import.
// planCsvRows is the reading half, shared with `labels.import` (importers/index.ts).
import { readFile } from 'node:fs/promises'
import { AppError } from '../../shared/errors'
import { appendDecisions, type DecideInput } from '../db/decisions'
import type { Project } from '../db/project'
import { parseCsv, unescapeCell } from './csv'
import { ImageResolver } from './importers/resolve'

export interface ImportResult {
  imported: number
  skipped: { line: number; reason: string }[]
}

export interface CsvPlan {
  /** the first row named the path and label columns */
  header: boolean
  rows: number
  wanted: { line: number; imageId: number; label: string; path: string }[]
  skipped: { line: number; reason: string }[]
}

/** Reads a CSV file into rows, with Zebra's formula escaping undone ('=x is the label =x). */
export async function readCsvRows(csvFile: string): Promise<string[][]> {
  let text: string
  try {
    text = await readFile(csvFile, 'utf8')
  } catch (err) {
    throw new AppError('not_found', `Cannot read ${csvFile}: ${(err as Error).message}`)
  }
  let rows: string[][]
  try {
    rows = parseCsv(text)
  } catch (err) {
    throw new AppError('invalid_input', `${csvFile} is not valid CSV: ${(err as Error).message}`)
  }
  return rows.map((r) => r.map(unescapeCell))
}

export async function importLabelsCsv(
  project: Project,
  csvFile: string,
  annotator: string
): Promise<ImportResult> {
  return importLabelRows(project, await readCsvRows(csvFile), annotator)
}

/** Which rows name which image, with the line and reason of every row that names none. */
export function planCsvRows(project: Project, rows: string[][]): CsvPlan {
  const skipped: { line: number; reason: string }[] = []
  const wanted: CsvPlan['wanted'] = []
  if (rows.length === 0) return { header: false, rows: 0, wanted, skipped }
  let pathCol = 0
  let labelCol = 1
  let start = 0
  const head = rows[0]!.map((h) => h.trim().toLowerCase())
  if (head.includes('path') && head.includes('label')) {
    pathCol = head.indexOf('path')
    labelCol = head.indexOf('label')
    start = 1
  }
  const resolver = new ImageResolver(project)
  for (let i = start; i < rows.length; i++) {
    const line = i + 1
    const r = rows[i]!
    const p = r[pathCol]?.trim() ?? ''
    const label = r[labelCol]?.trim() ?? ''
    if (!p || !label) {
      skipped.push({ line, reason: 'empty path or label' })
      continue
    }
    const found = resolver.byPath(p)
    if ('reason' in found) {
      skipped.push({ line, reason: `${found.reason}: ${p}` })
      continue
    }
    wanted.push({ line, imageId: found.imageId, label, path: p })
  }
  return { header: start === 1, rows: rows.length - start, wanted, skipped }
}

function importLabelRows(project: Project, rows: string[][], annotator: string): ImportResult {
  const { wanted, skipped } = planCsvRows(project, rows)
  const names = [...new Set(wanted.map((w) => w.label.toLowerCase()))]
  const missing = names.filter((n) => !project.labelByName(n))
  if (missing.length > 0) {
    const firstSpelling = new Map<string, string>()
    for (const w of wanted)
      if (!firstSpelling.has(w.label.toLowerCase())) firstSpelling.set(w.label.toLowerCase(), w.label)
    project.addLabels(missing.map((n) => ({ name: firstSpelling.get(n)! })))
  }
  const items: DecideInput[] = wanted.map((w) => ({
    imageId: w.imageId,
    kind: 'corrected',
    labelId: project.labelByName(w.label)!.id
  }))
  appendDecisions(project.db, items, annotator, 'import')
  return { imported: items.length, skipped }
}
