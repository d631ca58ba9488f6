// What an export reads (export/rows.ts): images with their current decision, the model names
// behind suggestions, and the rejections still standing for an image.
import type { DecisionKind } from '../../shared/contract'
import type { Db } from './open'
import { ACTIVE_ROOT } from './roots'

export interface ExportRaw {
  id: number
  root: string
  rel_path: string
  kind: DecisionKind
  label_id: number | null
  rank: number | null
  annotator: string
  at: string
  suggestion: string | null
  state: string
  width: number | null
  height: number | null
  bytes: number | null
  /** 1: the current decision is a reviewer's adjudicated one */
  adjudicated: number
}

const placeholders = (codes: readonly number[]): string => codes.map(() => '?').join(',')

/** images not ok whose current decision kind is one of `codes`, counted by state (folders in use) */
export function notOkCountsByKind(db: Db, codes: readonly number[]): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT state, count(*) AS n FROM images i WHERE state != 'ok'
       AND kind IN (${placeholders(codes)}) AND ${ACTIVE_ROOT} GROUP BY state`
    )
    .all(...codes) as { state: string; n: number }[]
  return new Map(rows.map((r) => [r.state, r.n]))
}

export function modelNames(db: Db): { model_id: string; name: string; variant: string }[] {
  return db.prepare('SELECT model_id, name, variant FROM models').all() as {
    model_id: string
    name: string
    variant: string
  }[]
}

/** Prepared once per export: the suggestions of an image's rejections that were not undone. */
export function standingRejections(db: Db): (imageId: number) => { suggestion: string | null }[] {
  const stmt = db.prepare(
    `SELECT d.suggestion FROM decisions d WHERE d.image_id = ? AND d.kind = 'rejected'
     AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.revert_of = d.id)`
  )
  return (imageId) => stmt.all(imageId) as { suggestion: string | null }[]
}

/**
 * Images (ok, and missing with `includeMissing`) whose current decision kind is one of `codes`, by
 * file. A removed folder's images are not exported: removing it took them out of the dataset.
 */
export function decidedImageRows(db: Db, codes: readonly number[], includeMissing: boolean): ExportRaw[] {
  const states = includeMissing ? "('ok', 'missing')" : "('ok')"
  return db
    .prepare(
      `SELECT i.id, r.path AS root, i.rel_path, d.kind, d.label_id, d.rank, d.annotator, d.at, d.suggestion, i.state,
              i.width, i.height, i.bytes, d.adjudicated
       FROM images i JOIN roots r ON r.id = i.root_id JOIN decisions d ON d.id = i.cur_decision
       WHERE i.state IN ${states} AND i.kind IN (${placeholders(codes)}) AND r.removed_at IS NULL
       ORDER BY i.root_id, i.rel_path`
    )
    .all(...codes) as ExportRaw[]
}
