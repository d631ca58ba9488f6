// Import existing labels from CSV (path,label) as decisions, so a labelled set can be reviewed
// against or used for evaluation. Paths are absolute or relative to an image root; images must
// have been scanned. Missing labels are created. One batch: one undo reverts the whole import.
import { readFile } from 'node:fs/promises'
import { AppError } from '../../shared/errors'
import { appendDecisions, type DecideInput } from '../db/decisions'
import { imagePathMatcher } from '../db/path-match'
import type { Project } from '../db/project'
import { parseCsv, unescapeCell } from './csv'

export interface ImportResult {
  imported: number
  skipped: { line: number; reason: string }[]
}

export async function importLabelsCsv(
  project: Project,
  csvFile: string,
  annotator: string
): Promise<ImportResult> {
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
  // a labels.csv exported by Zebra has formula-like cells escaped: read them as written before
  return importLabelRows(
    project,
    rows.map((r) => r.map(unescapeCell)),
    annotator
  )
}

export function importLabelRows(project: Project, rows: string[][], annotator: string): ImportResult {
  const skipped: { line: number; reason: string }[] = []
  if (rows.length === 0) return { imported: 0, skipped }
  let pathCol = 0
  let labelCol = 1
  let start = 0
  const head = rows[0]!.map((h) => h.trim().toLowerCase())
  if (head.includes('path') && head.includes('label')) {
    pathCol = head.indexOf('path')
    labelCol = head.indexOf('label')
    start = 1
  }
  const match = imagePathMatcher(project)
  const wanted: { line: number; imageId: number; label: string }[] = []
  for (let i = start; i < rows.length; i++) {
    const line = i + 1
    const r = rows[i]!
    const p = r[pathCol]?.trim() ?? ''
    const label = r[labelCol]?.trim() ?? ''
    if (!p || !label) {
      skipped.push({ line, reason: 'empty path or label' })
      continue
    }
    const m = match(p)
    if (m.imageId === null) {
      skipped.push({ line, reason: m.reason })
      continue
    }
    const id = m.imageId
    wanted.push({ line, imageId: id, label })
  }
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
