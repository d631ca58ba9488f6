// The label files of a tags project without images: labels.csv (one row per image; its tag lists
// in the tags, absent_tags and unsure_tags cells joined by ';', and one prob:<tag> column per
// tag) and labels.jsonl (one object per image with the lists as arrays and probs by tag name).
// sources.csv of the formats that place files names each file's tags the same way.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fromPosixRel } from '../../db/paths'
import { toCsv } from '../csv'
import { joinTags, type TagExportRow } from '../tag-rows'
import { SOURCES_FILE, type Placed } from './place'
import type { FormatInput, FormatOutput, TagFormatInput } from './types'

/** the columns an importer reads the tag lists from */
export const TAG_CSV_COLUMNS = { present: 'tags', absent: 'absent_tags', unsure: 'unsure_tags' } as const
const PROB_PREFIX = 'prob:'

const CSV_COLUMNS = [
  'path',
  'root',
  'rel_path',
  TAG_CSV_COLUMNS.present,
  TAG_CSV_COLUMNS.absent,
  TAG_CSV_COLUMNS.unsure,
  'split',
  'annotator',
  'decided_at',
  'model',
  'variant',
  'template_set'
] as const

/**
 * Several annotators decided the project: after the prob columns, how each tag's state was reached
 * (JSON {tag: resolution}), who marked the image (';'-joined) and what each marked (JSON
 * {annotator: {present, absent}}). One annotator: no such columns.
 */
const ANNOTATOR_COLUMNS = ['tag_resolution', 'annotators', 'tags_by_annotator'] as const

function annotatorFields(r: TagExportRow): unknown[] {
  return [
    JSON.stringify(r.tagResolution ?? {}),
    joinTags(Object.keys(r.byAnnotator ?? {}).sort()),
    JSON.stringify(r.byAnnotator ?? {})
  ]
}

export async function writeTagCsv(input: TagFormatInput): Promise<FormatOutput> {
  const several = input.rows.some((r) => r.byAnnotator)
  const table: unknown[][] = [
    [...CSV_COLUMNS, ...input.labels.map((l) => `${PROB_PREFIX}${l}`), ...(several ? ANNOTATOR_COLUMNS : [])]
  ]
  for (const r of input.rows) {
    table.push([
      join(r.root, fromPosixRel(r.relPath)),
      r.root,
      r.relPath,
      joinTags(r.present),
      joinTags(r.absent),
      joinTags(r.unsure),
      input.splitOf(r),
      r.annotator,
      r.decidedAt,
      r.model,
      r.variant,
      r.templateSet,
      ...input.labels.map((l) => r.probs[l] ?? null),
      ...(several ? annotatorFields(r) : [])
    ])
    input.progress()
  }
  const f = join(input.outDir, 'labels.csv')
  await writeFile(f, toCsv(table, { raw: input.csvRaw }))
  return { files: [f], notCopied: [] }
}

export async function writeTagJsonl(input: TagFormatInput): Promise<FormatOutput> {
  const parts: string[] = []
  for (const r of input.rows) {
    parts.push(
      JSON.stringify({
        path: join(r.root, fromPosixRel(r.relPath)),
        root: r.root,
        rel_path: r.relPath,
        tags: r.present,
        absent_tags: r.absent,
        unsure_tags: r.unsure,
        undecided_tags: r.undecided,
        probs: r.probs,
        split: input.splitOf(r),
        annotator: r.annotator,
        decided_at: r.decidedAt,
        provenance: { model: r.model, variant: r.variant, template_set: r.templateSet }
      }) + '\n'
    )
    input.progress()
  }
  const f = join(input.outDir, 'labels.jsonl')
  await writeFile(f, parts.join(''))
  return { files: [f], notCopied: [] }
}

/** sources.csv of a tags export: each placed file with its tags (joined) and source image. */
export async function writeTagSources(
  input: Pick<FormatInput, 'outDir' | 'csvRaw'>,
  placed: readonly Placed<TagExportRow>[]
): Promise<string> {
  const table: unknown[][] = [['file', 'tags', 'split', 'source_path', 'root', 'rel_path']]
  for (const p of placed)
    table.push([
      p.file,
      joinTags(p.row.present),
      p.split,
      join(p.row.root, fromPosixRel(p.row.relPath)),
      p.row.root,
      p.row.relPath
    ])
  const f = join(input.outDir, SOURCES_FILE)
  await writeFile(f, toCsv(table, { raw: input.csvRaw }))
  return f
}
