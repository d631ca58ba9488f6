// What each annotator decided, for inter-annotator agreement (eval/agreement.ts). Per annotator
// the latest of their own decisions that no revert points at counts, per image (one-label
// project) or per image and tag (tags project); another annotator's later decision never hides
// it. Labels resolve through merges (a merged label's decisions count as the label it went into).
// Images of removed folders are left out, as everywhere else; so are the decisions Zebra itself
// appended when the project changed kind (they are nobody's judgement), and a reviewer's
// adjudicated decisions (they settle a disagreement; they are not one annotator's view).
import type { Db } from './open'
import { ACTIVE_ROOT } from './roots'
import { KIND_CHANGE_ANNOTATOR } from './tag-state'

/** One annotator's label of one image: a label, or null for "none of these" (a rejection). */
export interface AnnotatorLabel {
  annotator: string
  imageId: number
  labelId: number | null
  /** when the decision was made */
  at: string
}

/** One annotator's state of one tag on one image. */
export interface AnnotatorTag {
  annotator: string
  imageId: number
  labelId: number
  present: boolean
  at: string
}

const LIVE = `d.kind != 'revert' AND d.annotator != @system AND d.adjudicated = 0
  AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.revert_of = d.id)`

/**
 * One-label project: each annotator's latest live decision per image. Accepted and corrected give
 * their label, rejected gives null; an image whose latest decision is a skip or unsure is left out
 * (the annotator gave no label).
 */
export function annotatorLabels(db: Db): AnnotatorLabel[] {
  return db
    .prepare(
      `SELECT annotator, image_id AS imageId, CASE WHEN kind = 'rejected' THEN NULL ELSE label END AS labelId, at
       FROM (
         SELECT d.annotator, d.image_id, d.kind, d.at, coalesce(l.merged_into, l.id) AS label,
           row_number() OVER (PARTITION BY d.annotator, d.image_id ORDER BY d.id DESC) AS rn
         FROM decisions d JOIN images i ON i.id = d.image_id LEFT JOIN labels l ON l.id = d.label_id
         WHERE ${LIVE} AND ${ACTIVE_ROOT}
       )
       WHERE rn = 1 AND (kind = 'rejected' OR (kind IN ('accepted', 'corrected') AND label IS NOT NULL))
       ORDER BY imageId, annotator`
    )
    .all({ system: KIND_CHANGE_ANNOTATOR }) as AnnotatorLabel[]
}

/**
 * Tags project: each annotator's latest live decision per image and tag. Accepted (or corrected)
 * is present, rejected absent; unsure is left out. An image-level skip names no tag and changes no
 * tag's state.
 */
export function annotatorTags(db: Db): AnnotatorTag[] {
  const rows = db
    .prepare(
      `SELECT annotator, image_id AS imageId, label AS labelId, kind != 'rejected' AS present, at
       FROM (
         SELECT d.annotator, d.image_id, d.kind, d.at, coalesce(l.merged_into, l.id) AS label,
           row_number() OVER (PARTITION BY d.annotator, d.image_id, coalesce(l.merged_into, l.id)
                              ORDER BY d.id DESC) AS rn
         FROM decisions d JOIN images i ON i.id = d.image_id JOIN labels l ON l.id = d.label_id
         WHERE ${LIVE} AND ${ACTIVE_ROOT}
       )
       WHERE rn = 1 AND kind IN ('accepted', 'corrected', 'rejected')
       ORDER BY imageId, labelId, annotator`
    )
    .all({ system: KIND_CHANGE_ANNOTATOR }) as (Omit<AnnotatorTag, 'present'> & { present: number })[]
  return rows.map((r) => ({ ...r, present: r.present === 1 }))
}

/**
 * Everyone with a live annotator's decision in the log (any kind), by name: those who decided
 * nothing countable too; a reviewer who only adjudicated is not one.
 */
export function logAnnotators(db: Db): string[] {
  return db
    .prepare(`SELECT DISTINCT d.annotator FROM decisions d WHERE ${LIVE} ORDER BY d.annotator`)
    .pluck()
    .all({ system: KIND_CHANGE_ANNOTATOR }) as string[]
}

/** Every label that is not merged into another (archived ones too: their decisions still count), in creation order. */
export function agreementLabels(db: Db): { id: number; name: string }[] {
  return db.prepare('SELECT id, name FROM labels WHERE merged_into IS NULL ORDER BY id').all() as {
    id: number
    name: string
  }[]
}
