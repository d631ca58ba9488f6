// Image rows as the contract shows them.
import type { ImageInfo, ImageState } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Db } from './open'
import { stmt } from './stmt'

interface ImageRow {
  id: number
  root: string
  rel_path: string
  width: number | null
  height: number | null
  format: string | null
  bytes: number | null
  state: ImageState
  reason: string | null
}

const SELECT = `SELECT i.id, r.path AS root, i.rel_path, i.width, i.height, i.format, i.bytes, i.state, i.reason
  FROM images i JOIN roots r ON r.id = i.root_id`

function toInfo(r: ImageRow): ImageInfo {
  return {
    id: r.id,
    root: r.root,
    relPath: r.rel_path,
    width: r.width,
    height: r.height,
    format: r.format,
    bytes: r.bytes,
    state: r.state,
    reason: r.reason
  }
}

export function imageInfo(db: Db, imageId: number): ImageInfo {
  const r = stmt(db, `${SELECT} WHERE i.id = ?`).get(imageId) as ImageRow | undefined
  if (!r) throw new AppError('not_found', `No image with id ${imageId} in this project.`)
  return toInfo(r)
}

/** Marks an image unreadable (decode failed during pre-labelling); it leaves every queue. */
export function markUnreadable(db: Db, imageId: number, reason: string): void {
  db.prepare("UPDATE images SET state = 'unreadable', reason = ? WHERE id = ?").run(
    reason.slice(0, 500),
    imageId
  )
}

export function imageIdByRel(db: Db, rootId: number, relPosix: string): number | null {
  const r = db.prepare('SELECT id FROM images WHERE root_id = ? AND rel_path = ?').get(rootId, relPosix) as
    { id: number } | undefined
  return r?.id ?? null
}
