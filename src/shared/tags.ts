// The contract of tags projects (any number of labels per image, decided per tag; docs/tags.md):
// the per-tag view of an image, the per-tag summary (which score a tag is on, on how many
// decisions, its threshold), and the tag pass (one tag's images by probability).
import { z } from 'zod'
import { id, templateText } from './input-fields'

export const PROJECT_KINDS = ['single', 'tags'] as const
export type ProjectKind = (typeof PROJECT_KINDS)[number]
export const TAG_STATES = ['present', 'absent', 'unsure'] as const
export type TagState = (typeof TAG_STATES)[number]
export const TAG_PASS_FILTERS = ['undecided', 'present', 'absent', 'unsure', 'all'] as const
export type TagPassFilter = (typeof TAG_PASS_FILTERS)[number]

/** Which number a tag's probability is: zero-shot, fitted on its decisions, or the few-shot head. */
type TagScoreSource = 'coldstart' | 'calibrated' | 'adapted'

/** One tag on one image, as the review screen shows it (every live tag, in the project's order). */
export interface TagView {
  labelId: number
  label: string
  color: string
  /** the tag's fixed key (1-9, then letters), editable per tag */
  key: string | null
  prob: number
  source: TagScoreSource
  /** the decided state, null while undecided */
  state: TagState | null
  /** shown checked: present, or undecided with prob at or above the tag's threshold */
  checked: boolean
}

export type TagCalibrationView =
  | { kind: 'calibrated'; a: number; b: number; present: number; absent: number }
  | { kind: 'coldstart'; present: number; absent: number; needs: { present: number; absent: number } }

export type TagThresholdView =
  | { kind: 'ok'; threshold: number; precision: number; coverage: number; recall: number }
  | { kind: 'withheld'; needs: number; reason: string }
  | { kind: 'unreachable'; bestPrecision: number }

/** One tag of the project: its counts, the score it is on and its threshold for a target precision. */
export interface TagInfo {
  labelId: number
  label: string
  color: string
  key: string | null
  negatives: string[]
  present: number
  absent: number
  unsure: number
  /** images with a score for this tag (pre-labelled) */
  scored: number
  calibration: TagCalibrationView
  threshold: TagThresholdView
  /** the probability at or above which an undecided image is pre-checked (the threshold, else 0.5) */
  checkAt: number
}

export interface TagsSummary {
  /** the precision the thresholds aim for */
  target: number
  tags: TagInfo[]
  /** the neutral prompts a tag without its own negatives is scored against */
  defaultNegatives: string[]
}

export interface TagPassItem {
  imageId: number
  relPath: string
  prob: number
  state: TagState | null
}

export interface TagPassPage {
  labelId: number
  items: TagPassItem[]
  /** where the next page starts (null: this was the last) */
  after: { s: number; imageId: number } | null
  /** images with a score for this tag, and how many of them the filter keeps before `after` */
  scored: number
  present: number
  absent: number
  unsure: number
  calibration: TagCalibrationView
  checkAt: number
}

const origin = z.string().min(1).max(64).optional()
const after = z.object({ s: z.number(), imageId: id }).nullable().optional()

export const tagSchemas = {
  /** target: the precision thresholds aim for (the review's pre-checks use 0.9) */
  'tags.summary': z.object({ target: z.number().min(0.5).max(1).default(0.9) }),
  'tags.pass': z.object({
    labelId: id,
    filter: z.enum(TAG_PASS_FILTERS).default('undecided'),
    after,
    limit: z.number().int().min(1).max(500).default(100),
    /** only images at or above this probability */
    minProb: z.number().min(0).max(1).optional()
  }),
  /** one undoable batch: the listed images, or every image the filter keeps at or above minProb */
  'tags.mark': z
    .object({
      labelId: id,
      state: z.enum(TAG_STATES),
      imageIds: z.array(id).min(1).max(100_000).optional(),
      minProb: z.number().min(0).max(1).optional(),
      filter: z.enum(TAG_PASS_FILTERS).default('undecided'),
      origin
    })
    .refine((v) => (v.imageIds === undefined) !== (v.minProb === undefined), {
      message: 'give either imageIds or minProb'
    }),
  'tags.setNegatives': z.object({ labelId: id, negatives: z.array(templateText).max(20) }),
  'project.setKind': z.object({ kind: z.enum(PROJECT_KINDS) })
} as const

/** A tags project's review decision: the tags present (and unsure); every other live tag is absent. */
export const tagDecision = z.object({
  present: z.array(id).max(5000),
  unsure: z.array(id).max(5000).default([])
})

export interface TagOutputs {
  'tags.summary': TagsSummary
  'tags.pass': TagPassPage
  'tags.mark': { count: number }
  'tags.setNegatives': TagsSummary
}
