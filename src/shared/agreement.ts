// The contract of inter-annotator agreement (agreement.report, agreement.saved; `zebra
// agreement`): who decided what, compared. Units are images in a one-label project (each
// annotator's latest decision: its label, or "none of these" for a rejection) and (image, tag)
// pairs in a tags project (present or absent). Skipped and unsure count nowhere.
import { z } from 'zod'

/** Why a figure is not given: one annotator only, too few shared decisions, or one category only. */
export interface AgreementWithheld {
  code: 'one_annotator' | 'too_few' | 'one_category'
  message: string
}

/** A figure, or null with why it is not defined on these decisions. */
export interface AgreementStat {
  value: number | null
  withheld: AgreementWithheld | null
}

interface AgreementAnnotator {
  name: string
  /** units this annotator decided (images, or image-tag pairs) */
  decided: number
}

/** Two annotators on the units both decided. */
export interface AgreementPair {
  a: string
  b: string
  shared: number
  percent: AgreementStat
  kappa: AgreementStat
}

/** One label against the rest (one-label project) or one tag (tags project). */
export interface AgreementLabel {
  /** null: "none of these" (a rejection in a one-label project) */
  labelId: number | null
  label: string
  /**
   * units decided by at least two annotators: of those, the images where one of them gave this
   * label (one-label project), or every image of this tag (tags project)
   */
  units: number
  /** decisions naming this label (present, for a tag) */
  decisions: number
  alpha: AgreementStat
  percent: AgreementStat
}

export interface AgreementReport {
  kind: 'single' | 'tags'
  unit: 'image' | 'image-tag'
  annotators: AgreementAnnotator[]
  /** units decided by at least two annotators: what every overall figure is computed on */
  units: number
  /** Krippendorff's alpha (nominal), every annotator, missing values allowed */
  alpha: AgreementStat
  /** of all pairs of decisions two annotators made on one unit, the share that agree */
  percent: AgreementStat
  pairs: AgreementPair[]
  labels: AgreementLabel[]
  /** a sentence when the figures cannot be computed at all (one annotator), else null */
  note: string | null
  computedAt: string
}

/** The label name a rejection counts as in a one-label project. */
export const NONE_OF_THESE = '(none of these)'

const none = z.object({}).strict()

export const agreementSchemas = {
  /** computed from the log now, and kept in the project file */
  'agreement.report': none,
  /** the last report kept in the project file, or null */
  'agreement.saved': none
} as const

export interface AgreementOutputs {
  'agreement.report': AgreementReport
  'agreement.saved': { report: AgreementReport; savedAt: string } | null
}
