// The contract of merging offline copies of one project (`project.merge`, `zebra merge`): the
// decision logs of copies annotators worked on are folded into the open project, each decision
// once (by its identity), the current labels following "latest decision wins". See
// src/main/db/merge.ts for the rules.
import { z } from 'zod'

/** How many unmatched images and failures a report lists (the counts are always whole). */
export const MERGE_LIST_LIMIT = 100

export interface MergeUnmatchedImage {
  relPath: string
  hash: string | null
  reason: string
}

export interface MergeAnnotator {
  name: string
  /** the source's decisions by this annotator (reverts included) */
  decisions: number
  /** of which added here */
  added: number
}

export interface MergeSourceReport {
  source: string
  /** decisions appended here */
  added: number
  /** decisions that were here already (the same identity) */
  already: number
  /** decisions on images not matched here: not merged, listed in unmatched */
  onUnmatched: number
  /** actions (batches) appended */
  batches: number
  unmatchedImages: number
  unmatched: MergeUnmatchedImage[]
  labelsCreated: string[]
  annotators: MergeAnnotator[]
  /** decisions that could not be merged, and why (first MERGE_LIST_LIMIT; failedCount is all) */
  failed: { decision: string; reason: string }[]
  failedCount: number
}

export interface MergeReport {
  dryRun: boolean
  sources: MergeSourceReport[]
  /** images whose current state was recomputed from the merged log */
  imagesRefreshed: number
}

export const mergeSchemas = {
  /** folds the decision logs of copies of the open project into it (dryRun: report, write nothing) */
  'project.merge': z.object({
    sources: z.array(z.string().min(1).max(4096)).min(1).max(50),
    dryRun: z.boolean().default(false)
  })
} as const

export interface MergeOutputs {
  'project.merge': MergeReport
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/** The report as lines of text, the same in the CLI and the app: per copy, then the outcome. */
export function mergeReportLines(r: MergeReport): string[] {
  const lines: string[] = []
  for (const s of r.sources) {
    lines.push(
      `${s.source}: ${plural(s.added, 'decision')} ${r.dryRun ? 'to add' : 'added'} (${plural(s.batches, 'action')}), ${s.already} already here`
    )
    if (s.annotators.length > 0)
      lines.push(
        `  annotators: ${s.annotators.map((a) => `${a.name} (${a.added} of ${a.decisions} new)`).join(', ')}`
      )
    for (const l of s.labelsCreated) lines.push(`  label ${r.dryRun ? 'to create' : 'created'}: ${l}`)
    if (s.unmatchedImages > 0)
      lines.push(
        `  ${plural(s.unmatchedImages, 'image')} not matched here (${plural(s.onUnmatched, 'decision')} on them not merged):`
      )
    for (const u of s.unmatched) lines.push(`    ${u.relPath}: ${u.reason}`)
    if (s.unmatchedImages > s.unmatched.length)
      lines.push(`    … and ${s.unmatchedImages - s.unmatched.length} more`)
    if (s.failedCount > 0) lines.push(`  ${plural(s.failedCount, 'decision')} could not be merged:`)
    for (const f of s.failed) lines.push(`    ${f.decision}: ${f.reason}`)
    if (s.failedCount > s.failed.length) lines.push(`    … and ${s.failedCount - s.failed.length} more`)
  }
  lines.push(
    r.dryRun
      ? 'Dry run: nothing was written.'
      : `Merged: ${plural(r.imagesRefreshed, 'image')} had their current labels recomputed (the latest decision wins).`
  )
  return lines
}

/** Whether anything could not be merged (unmatched images are reported but are not a failure). */
export function mergeFailed(r: MergeReport): boolean {
  return r.sources.some((s) => s.failedCount > 0)
}
