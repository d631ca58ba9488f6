// What a label import looks images up by when a file is not named by its path in the project:
// every image's file name and size, so a copy in another tool's tree (renamed folder, same file)
// can still be found.
import type { Db } from './open'

export interface ImageFileRow {
  id: number
  root: string
  rel_path: string
  bytes: number | null
}

/** every image of the project (any state) with its folder, path and size, in id order */
export function imageFileRows(db: Db): ImageFileRow[] {
  return db
    .prepare(
      `SELECT i.id, r.path AS root, i.rel_path, i.bytes FROM images i JOIN roots r ON r.id = i.root_id
       ORDER BY i.id`
    )
    .all() as ImageFileRow[]
}

/** Current label name of each image that has one (accepted or corrected), by image id. */
export function currentLabelNames(db: Db): Map<number, string> {
  const rows = db
    .prepare(
      `SELECT i.id, l.name FROM images i JOIN decisions d ON d.id = i.cur_decision
       JOIN labels l ON l.id = d.label_id WHERE d.kind IN ('accepted', 'corrected')`
    )
    .all() as { id: number; name: string }[]
  return new Map(rows.map((r) => [r.id, r.name]))
}
