// Tag lists from the table formats: a CSV whose header names a path column and a tags,
// absent_tags or unsure_tags column (each cell a ';'-joined list, '\;' inside a name: the tags
// export), and JSON Lines (labels.jsonl of either kind of project: "tags" / "absent_tags" /
// "unsure_tags" arrays, or one "label", null for an image without one). An image's file is its
// "path", else "root" and "rel_path".
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors'
import { fromPosixRel } from '../../db/paths'
import type { Project } from '../../db/project'
import { TAG_CSV_COLUMNS } from '../formats/tags-tables'
import { splitTags } from '../tag-rows'
import type { ImportPlan } from './plan'
import { ImageResolver } from './resolve'
import type { TagLists } from './tags-plan'

const STATES = ['present', 'absent', 'unsure'] as const

/** whether a CSV header names tag lists (then planTagCsv reads it) */
export function isTagCsvHeader(row: readonly string[]): boolean {
  const head = row.map((h) => h.trim().toLowerCase())
  return head.includes('path') && STATES.some((s) => head.includes(TAG_CSV_COLUMNS[s]))
}

export function planTagCsv(project: Project, rows: string[][]): ImportPlan {
  const head = rows[0]!.map((h) => h.trim().toLowerCase())
  const pathCol = head.indexOf('path')
  const cols = STATES.map((s) => [s, head.indexOf(TAG_CSV_COLUMNS[s])] as const)
  const plan: ImportPlan = { total: 0, entries: [], unmatched: [], unlabeled: 0, tagEntries: [] }
  const resolver = new ImageResolver(project)
  for (let i = 1; i < rows.length; i++) {
    const r = rows[i]!
    plan.total++
    const p = r[pathCol]?.trim() ?? ''
    if (!p) {
      plan.unmatched.push({ ref: `line ${i + 1}`, reason: 'empty path' })
      continue
    }
    const tags: TagLists = { present: [], absent: [], unsure: [] }
    for (const [s, c] of cols) if (c >= 0) tags[s] = splitTags(r[c] ?? '')
    addEntry(plan, resolver.byPath(p), `line ${i + 1}: ${p}`, tags)
  }
  return plan
}

function addEntry(
  plan: ImportPlan,
  found: { imageId: number } | { reason: string },
  ref: string,
  tags: TagLists
): void {
  if ('reason' in found) plan.unmatched.push({ ref, reason: found.reason })
  else if (STATES.every((s) => tags[s].length === 0)) plan.unlabeled++
  else plan.tagEntries!.push({ ref, imageId: found.imageId, tags })
}

const strings = (v: unknown): string[] | null =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : null

export async function planJsonl(project: Project, file: string): Promise<ImportPlan> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new AppError('not_found', `Cannot read ${file}: ${(err as Error).message}`)
  }
  const plan: ImportPlan = { total: 0, entries: [], unmatched: [], unlabeled: 0, tagEntries: [] }
  const resolver = new ImageResolver(project)
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (!line) continue
    plan.total++
    let o: Record<string, unknown>
    try {
      o = JSON.parse(line) as Record<string, unknown>
    } catch (err) {
      throw new AppError('invalid_input', `${file} line ${i + 1} is not JSON: ${(err as Error).message}`)
    }
    const path =
      typeof o.path === 'string'
        ? o.path
        : typeof o.root === 'string' && typeof o.rel_path === 'string'
          ? join(o.root, fromPosixRel(o.rel_path))
          : null
    const ref = `line ${i + 1}${path ? `: ${path}` : ''}`
    if (!path) {
      plan.unmatched.push({ ref, reason: 'no "path" (nor "root" and "rel_path")' })
      continue
    }
    const found = resolver.byPath(path)
    const lists = [strings(o.tags), strings(o.absent_tags), strings(o.unsure_tags)]
    if (lists.some((l) => l !== null)) {
      addEntry(plan, found, ref, { present: lists[0] ?? [], absent: lists[1] ?? [], unsure: lists[2] ?? [] })
    } else if (typeof o.label === 'string' && o.label.trim()) {
      if ('reason' in found) plan.unmatched.push({ ref, reason: found.reason })
      else plan.entries.push({ ref, imageId: found.imageId, label: o.label.trim() })
    } else plan.unlabeled++
  }
  return plan
}
