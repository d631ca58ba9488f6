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
