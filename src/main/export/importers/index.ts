// labels.import: read labels in one of IMPORT_FORMATS, report what they would change (dry run),
// or write them as one undoable batch of decisions (per-tag decisions in a tags project).
import type { ImportFormat, LabelImportSummary } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Project } from '../../db/project'
import { planCsvRows, readCsvRows } from '../import'
import { planCoco } from './coco'
import { planFiftyOne } from './fiftyone'
import { planHf } from './hf'
import { planLabelStudio } from './labelstudio'
import { applyPlan, type ImportPlan } from './plan'
import { isTagCsvHeader, planJsonl, planTagCsv } from './tables'
import { applyTagPlan, singleFromTags } from './tags-plan'
import { planTree } from './tree'

export { formatImportSummary } from './plan'

export interface LabelImportOptions {
  format: ImportFormat
  path: string
  dryRun: boolean
  createLabels?: boolean
  annotator: string
  /** CSV must start with a path,label header (the app asks this: see services/import-handlers.ts) */
  csvHeader?: boolean
}

async function planCsv(project: Project, file: string, needHeader: boolean): Promise<ImportPlan> {
  const rows = await readCsvRows(file)
  if (rows.length > 0 && isTagCsvHeader(rows[0]!)) return planTagCsv(project, rows)
  const plan = planCsvRows(project, rows)
  if (needHeader && !plan.header && plan.rows > 0) {
    throw new AppError('invalid_input', 'The CSV needs a first row naming its path and label columns.')
  }
  return {
    total: plan.rows,
    entries: plan.wanted.map((w) => ({ ref: w.path, imageId: w.imageId, label: w.label })),
    unmatched: plan.skipped.map((s) => {
      const at = s.reason.indexOf(': ')
      return at < 0
        ? { ref: `line ${s.line}`, reason: s.reason }
        : { ref: `line ${s.line}: ${s.reason.slice(at + 2)}`, reason: s.reason.slice(0, at) }
    }),
    unlabeled: 0
  }
}

export async function importLabels(project: Project, o: LabelImportOptions): Promise<LabelImportSummary> {
  let plan: ImportPlan
  switch (o.format) {
    case 'csv':
      plan = await planCsv(project, o.path, o.csvHeader ?? false)
      break
    case 'jsonl':
      plan = await planJsonl(project, o.path)
      break
    case 'labelstudio':
      plan = await planLabelStudio(project, o.path)
      break
    case 'hf':
      plan = await planHf(project, o.path)
      break
    case 'coco-labels':
      plan = await planCoco(project, o.path)
      break
    case 'fiftyone-json':
      plan = await planFiftyOne(project, o.path)
      break
    case 'imagefolder':
    case 'cvat-imagenet':
      plan = await planTree(project, o.path)
      break
  }
  const apply = {
    format: o.format,
    path: o.path,
    dryRun: o.dryRun,
    createLabels: o.createLabels ?? false,
    annotator: o.annotator
  }
  // a tags project takes tag lists (a single label is that tag present); a single-label one, one tag
  return project.kind === 'tags'
    ? applyTagPlan(project, plan, apply)
    : applyPlan(project, singleFromTags(plan), apply)
}
