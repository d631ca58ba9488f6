// What every label import does once its format is read: entries (an image and a label name) are
// checked against the project (unknown labels, images that already have that label), summarised,
// and, unless it is a dry run, written: the missing labels (when asked to create them) and one
// decision per changed image, all in one transaction and one undoable batch.
import type { ImportFormat, LabelImportSummary } from '../../../shared/contract'
import { appendDecisions, type DecideInput } from '../../db/decisions'
import { currentLabelNames } from '../../db/image-index'
import type { Project } from '../../db/project'
import type { TagImportEntry } from './tags-plan'

interface ImportEntry {
  /** what the source called it (a path, a task), for messages */
  ref: string
  imageId: number
  label: string
}

export interface ImportPlan {
  /** entries read */
  total: number
  entries: ImportEntry[]
  unmatched: { ref: string; reason: string }[]
  /** entries naming an image but no label */
  unlabeled: number
  /** entries with tag lists (a tags export, several choices): tags-plan.ts applies them */
  tagEntries?: TagImportEntry[]
}

export interface ApplyOptions {
  format: ImportFormat
  path: string
  dryRun: boolean
  createLabels: boolean
  annotator: string
}

const MAX_LISTED = 200

export function applyPlan(project: Project, plan: ImportPlan, o: ApplyOptions): LabelImportSummary {
  // one entry per image: a later entry for the same image wins (the last annotation)
  const byImage = new Map<number, ImportEntry>()
  for (const e of plan.entries) byImage.set(e.imageId, e)
  const current = currentLabelNames(project.db)
  const unknown = new Map<string, { name: string; count: number }>()
  const writes: ImportEntry[] = []
  let unchanged = 0
  for (const e of byImage.values()) {
    const known = project.labelByName(e.label)
    if (!known) {
      countUnknown(unknown, e.label)
      if (o.createLabels) writes.push(e)
      continue
    }
    if (current.get(e.imageId)?.toLowerCase() === known.name.toLowerCase()) unchanged++
    else writes.push(e)
  }
  const skippedUnknown = o.createLabels ? 0 : [...unknown.values()].reduce((a, u) => a + u.count, 0)
  const createdLabels = o.createLabels ? [...unknown.values()].map((u) => u.name) : []
  let imported = 0
  if (!o.dryRun && writes.length > 0) {
    project.db
      .transaction(() => {
        if (createdLabels.length) project.addLabels(createdLabels.map((name) => ({ name })))
        const items: DecideInput[] = writes.map((w) => ({
          imageId: w.imageId,
          kind: 'corrected',
          labelId: project.labelByName(w.label)!.id
        }))
        imported = appendDecisions(project.db, items, o.annotator, 'import').length
      })
      .immediate()
  }
  const perLabel: Record<string, number> = {}
  for (const w of writes) {
    const name = project.labelByName(w.label)?.name ?? w.label
    perLabel[name] = (perLabel[name] ?? 0) + 1
  }
  return importSummary(o, plan, unknown, {
    matched: plan.entries.length,
    unchanged,
    skippedUnknown,
    imported,
    wouldImport: writes.length,
    createdLabels,
    perLabel
  })
}

/** Counts an entry's name that no label of the project has (one count per name, any case). */
export function countUnknown(unknown: Map<string, { name: string; count: number }>, name: string): void {
  const k = name.toLowerCase()
  const u = unknown.get(k) ?? { name, count: 0 }
  u.count++
  unknown.set(k, u)
}

/** The summary either kind of project's import answers with. */
export function importSummary(
  o: ApplyOptions,
  plan: ImportPlan,
  unknown: Map<string, { name: string; count: number }>,
  r: Pick<
    LabelImportSummary,
    'matched' | 'unchanged' | 'skippedUnknown' | 'imported' | 'wouldImport' | 'createdLabels' | 'perLabel'
  >
): LabelImportSummary {
  return {
    format: o.format,
    path: o.path,
    dryRun: o.dryRun,
    total: plan.total,
    matched: r.matched,
    unmatched: plan.unmatched.slice(0, MAX_LISTED),
    unmatchedCount: plan.unmatched.length,
    unlabeled: plan.unlabeled,
    unknownLabels: [...unknown.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    unchanged: r.unchanged,
    skippedUnknown: r.skippedUnknown,
    imported: r.imported,
    wouldImport: r.wouldImport,
    createdLabels: o.dryRun ? [] : r.createdLabels,
    perLabel: r.perLabel
  }
}

/** The summary as lines for a terminal. */
export function formatImportSummary(s: LabelImportSummary): string {
  const what = s.tagDecisions ? 'tag decisions' : 'labels'
  const lines = [
    `${s.dryRun ? 'Dry run: would import' : 'Imported'} ${s.dryRun ? s.wouldImport : s.imported} ${what} from ${s.path} (${s.format})`,
    `  read ${s.total}, matched ${s.matched} (${s.unchanged} already so), unmatched ${s.unmatchedCount}` +
      (s.unlabeled ? `, without a label ${s.unlabeled}` : '')
  ]
  if (s.unknownLabels.length) {
    lines.push(
      `  labels not in the project: ${s.unknownLabels.map((u) => `${u.name} (${u.count})`).join(', ')}` +
        (s.skippedUnknown ? ` — left out; --create-labels adds them` : s.dryRun ? ' — would be created' : '')
    )
  }
  if (s.createdLabels.length) lines.push(`  created labels: ${s.createdLabels.join(', ')}`)
  if (s.tagDecisions) {
    const t = s.tagDecisions
    lines.push(`  present ${t.present}, absent ${t.absent}, unsure ${t.unsure}; present per tag:`)
  }
  for (const [l, n] of Object.entries(s.perLabel).sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${l}: ${n}`)
  for (const u of s.unmatched.slice(0, 20)) lines.push(`  unmatched ${u.ref}: ${u.reason}`)
  if (s.unmatchedCount > 20) lines.push(`  … ${s.unmatchedCount - 20} more unmatched`)
  return lines.join('\n')
}
