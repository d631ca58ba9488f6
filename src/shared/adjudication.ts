// The contract of adjudication on a project several annotators decided (a merged project file, a
// team replica): the reviewer's disagreements queue (review.disagreements), a sample of one
// annotator's decisions to check (review.sample), each image with every annotator's current label.
// A reviewer's decision there is adjudicated (review.decide `adjudicate`): it outranks every
// annotator's decision (src/main/db/latest-rule.ts).
import { z } from 'zod'

/** One annotator's current label of an image: null label for "none of these" (a rejection). */
interface AnnotatorLabelView {
  annotator: string
  labelId: number | null
  label: string | null
}

/** A tag the annotators disagree on (tags project): who marked it present, who absent. */
export interface TagDisagreement {
  labelId: number
  label: string
  present: string[]
  absent: string[]
}

export interface AnnotatedImage {
  imageId: number
  relPath: string
  /** each annotator's current label (one-label project; empty in a tags project), by name */
  labels: AnnotatorLabelView[]
  /** tags project: the tags in dispute (disagreements) or every tag the annotators decided (sample) */
  tags: TagDisagreement[]
  /** the image's adjudicated label now, if a reviewer decided it (older than the disagreement) */
  adjudicated: string | null
}

export interface Disagreement extends AnnotatedImage {
  /**
   * how far apart: one-label, 1 - the share of the most given label (0.5 for two against each
   * other); tags, the number of tags in dispute
   */
  spread: number
}

export interface DisagreementsResult {
  /** everyone with an annotator's decision in the log */
  annotators: string[]
  /** images in dispute, most disagreeing first (at most `limit`) */
  items: Disagreement[]
  total: number
}

export interface AnnotatorSample {
  annotator: string
  annotators: string[]
  /** images the annotator labelled, a seeded random sample, in image order */
  items: AnnotatedImage[]
  /** how many images the annotator labelled in all */
  labelled: number
}

export const adjudicationSchemas = {
  /** images whose annotators' current labels differ, with no adjudicated decision after them */
  'review.disagreements': z.object({ limit: z.number().int().min(1).max(100_000).default(1000) }),
  /** a seeded random sample of the images one annotator labelled (omitted: the first by name) */
  'review.sample': z.object({
    annotator: z.string().min(1).max(200).optional(),
    size: z.number().int().min(1).max(1000).default(20),
    seed: z.number().int().default(1)
  })
} as const

export interface AdjudicationOutputs {
  'review.disagreements': DisagreementsResult
  'review.sample': AnnotatorSample
}
