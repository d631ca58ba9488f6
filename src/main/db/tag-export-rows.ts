// What an export of a tags project reads (export/tag-rows.ts): the images to export with their
// latest decision and their tag scores (their tag states: tag-state.ts tagStatesOf).
import type { Db } from './open'
import { KIND_CODES } from './schema'

export interface TagExportRaw {
  id: number
  root: string
  rel_path: string
  state: string
  width: number | null
  height: number | null
  bytes: number | null
  /** the image's latest decision (a tag decision or a skip); null when none is live */
  annotator: string | null
  at: string | null
  /** predictions.topk of a tags project: [[labelId, s], ...] */
  topk: string | null
  model_id: string | null
  template_set_id: number | null
}

/** the image kinds of a tags project whose every live tag is decided (done, or with one unsure) */
export const TAGS_DECIDED_CODES = [KIND_CODES.accepted, KIND_CODES.unsure] as const

/**
 * Images (ok, and missing with `includeMissing`) whose every live tag is decided, and with
 * `partial` every other image with at least one decided tag, by file. A removed folder's images
 * are not exported.
 */
export function tagExportImages(db: Db, opts: { partial: boolean; includeMissing: boolean }): TagExportRaw[] {
  const states = opts.includeMissing ? "('ok', 'missing')" : "('ok')"
  const partial = opts.partial ? 'OR EXISTS (SELECT 1 FROM image_tags t WHERE t.image_id = i.id)' : ''
  return db
    .prepare(
      `SELECT i.id, r.path AS root, i.rel_path, i.state, i.width, i.height, i.bytes,
              d.annotator, d.at, p.topk, p.model_id, p.template_set_id
       FROM images i JOIN roots r ON r.id = i.root_id
       LEFT JOIN decisions d ON d.id = i.cur_decision
       LEFT JOIN predictions p ON p.image_id = i.id
       WHERE i.state IN ${states} AND r.removed_at IS NULL
         AND (i.kind IN (${TAGS_DECIDED_CODES.join(',')}) ${partial})
       ORDER BY i.root_id, i.rel_path`
    )
    .all() as TagExportRaw[]
}

/** The (image, tag) pairs whose current state is a reviewer's adjudicated decision, as "image:tag". */
export function adjudicatedTagStates(db: Db): Set<string> {
  const rows = db
    .prepare(
      `SELECT t.image_id || ':' || t.label_id FROM image_tags t
         JOIN decisions d ON d.id = t.decision_id WHERE d.adjudicated = 1`
    )
    .pluck()
    .all() as string[]
  return new Set(rows)
}
