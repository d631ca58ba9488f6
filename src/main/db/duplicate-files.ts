// What the duplicate groups read from the project file: images whose files have the same content
// hash (the scan's sha1: a certain duplicate, no model needed), and the label each member of a
// group has now, so a group whose members disagree says so before one key labels them all.
import type { Db } from './open'
import { ACTIVE_ROOT } from './roots'

/**
 * Ok images of folders in use whose hash another image shares, by hash then id. The inner query
 * walks the images_hash index in order (a covering scan, no sort) to find the shared hashes; the
 * outer one looks each up in the same index.
 */
export const IDENTICAL_FILES_SQL = `SELECT i.id, i.rel_path AS rel, i.hash FROM images i
  WHERE i.hash IN (SELECT hash FROM images WHERE hash IS NOT NULL AND hash != '' GROUP BY hash HAVING count(*) > 1)
    AND i.state = 'ok' AND ${ACTIVE_ROOT}
  ORDER BY i.hash, i.id`

export interface IdenticalGroup {
  hash: string
  imageIds: number[]
  relPaths: string[]
}

/** Groups of byte-identical image files (two or more each), ordered by their first image id. */
export function identicalFileGroups(db: Db): IdenticalGroup[] {
  const rows = db.prepare(IDENTICAL_FILES_SQL).all() as { id: number; rel: string; hash: string }[]
  const groups: IdenticalGroup[] = []
  for (const r of rows) {
    const last = groups.at(-1)
    if (last?.hash === r.hash) {
      last.imageIds.push(r.id)
      last.relPaths.push(r.rel)
    } else groups.push({ hash: r.hash, imageIds: [r.id], relPaths: [r.rel] })
  }
  // a hash shared with a missing or removed image only is not a group here
  return groups.filter((g) => g.imageIds.length > 1).sort((a, b) => a.imageIds[0]! - b.imageIds[0]!)
}

export interface MemberLabel {
  labelId: number
  label: string
  /** true: the annotator's accepted or corrected label; false: the model's top-1 suggestion */
  decided: boolean
}

/**
 * The label each of `imageIds` has now: its accepted or corrected label if it has one, else the
 * model's top-1 suggestion (both resolved through label merges). Images with neither (not
 * pre-labelled, or rejected/skipped without a suggestion) are absent.
 */
export function memberLabels(db: Db, imageIds: number[]): Map<number, MemberLabel> {
  if (imageIds.length === 0) return new Map()
  const rows = db
    .prepare(
      `SELECT i.id, coalesce(dl.merged_into, dl.id) AS decided_id,
              coalesce(tl.merged_into, tl.id) AS top1_id
       FROM images i
       LEFT JOIN decisions d ON d.id = i.cur_decision AND d.kind IN ('accepted', 'corrected')
       LEFT JOIN labels dl ON dl.id = d.label_id
       LEFT JOIN labels tl ON tl.id = i.top1_label
       WHERE i.id IN (SELECT value FROM json_each(?))`
    )
    .all(JSON.stringify(imageIds)) as { id: number; decided_id: number | null; top1_id: number | null }[]
  const names = new Map(
    (db.prepare('SELECT id, name FROM labels').all() as { id: number; name: string }[]).map((l) => [
      l.id,
      l.name
    ])
  )
  const out = new Map<number, MemberLabel>()
  for (const r of rows) {
    const labelId = r.decided_id ?? r.top1_id
    if (labelId !== null)
      out.set(r.id, { labelId, label: names.get(labelId) ?? '?', decided: r.decided_id !== null })
  }
  return out
}
