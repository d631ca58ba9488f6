// The label files without images: labels.csv (one row per exported image, spreadsheet-safe unless
// raw) and labels.jsonl (also rejected images, with the labels a person said they are not).
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fromPosixRel } from '../../db/paths'
import { toCsv } from '../csv'
import { joinTags } from '../tag-rows'
import type { ExportRow } from '../rows'
import type { FormatInput, FormatOutput } from './types'

const CSV_COLUMNS = [
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

/**
 * Several annotators decided the project (rows carry byAnnotator): how each label was reached,
 * who labelled the image (`;` between names, as tags lists are joined) and each one's label as a
 * JSON object (null: "none of these"). One annotator: no such columns, the file as before.
 */
const ANNOTATOR_COLUMNS = ['resolution', 'annotators', 'labels_by_annotator'] as const

function annotatorFields(r: ExportRow): unknown[] {
  const by = r.byAnnotator ?? []
  return [
    r.resolution,
    joinTags(by.map((v) => v.annotator)),
    JSON.stringify(Object.fromEntries(by.map((v) => [v.annotator, v.label])))
  ]
}

export async function writeCsv(input: FormatInput): Promise<FormatOutput> {
  const several = input.rows.some((r) => r.byAnnotator)
  const table = [
    several ? [...CSV_COLUMNS, ...ANNOTATOR_COLUMNS] : [...CSV_COLUMNS],
    ...input.rows.map((r) => {
      const fields = rowFields(r, input.splitOf(r))
      return several ? [...fields, ...annotatorFields(r)] : fields
    })
  ]
  const f = join(input.outDir, 'labels.csv')
  await writeFile(f, toCsv(table, { raw: input.csvRaw }))
  return { files: [f], notCopied: [] }
}

export async function writeJsonl(input: FormatInput): Promise<FormatOutput> {
  const parts: string[] = []
  for (const r of input.allRows) {
    parts.push(
      JSON.stringify({
        path: join(r.root, fromPosixRel(r.relPath)),
        root: r.root,
        rel_path: r.relPath,
        label: r.label,
        split: input.splitOf(r),
        decision: r.decision,
        rank: r.rank,
        suggested_label: r.suggestedLabel,
        suggested_prob: r.suggestedProb,
        annotator: r.annotator,
        decided_at: r.decidedAt,
        recorded_label: r.recordedLabel,
        negative_labels: r.negatives,
        suggestions: r.suggestions,
        provenance: { model: r.model, variant: r.variant, template_set: r.templateSet },
        ...(r.byAnnotator
          ? {
              resolution: r.resolution,
              labels_by_annotator: Object.fromEntries(r.byAnnotator.map((v) => [v.annotator, v.label]))
            }
          : {})
      }) + '\n'
    )
  }
  const f = join(input.outDir, 'labels.jsonl')
  await writeFile(f, parts.join(''))
  return { files: [f], notCopied: [] }
}
