// "Keep" on a possible mistake: the annotator looked again and the label stands. Not a decision
// (the label did not change, and the accept rate must not count a second look), so it lives in the
// project file's saved state ('mistakes.kept': image id → the decision that was kept). A keep
// lasts while that decision is the image's current one: a later change of label (or an undo past
// it) makes the image eligible for the mistakes list again.
import { AppError } from '../../shared/errors'
import type { Db } from './open'
import { readSaved, writeSaved } from './saved-state'

type Kept = Record<string, number>

function readKept(db: Db): Kept {
  const v = readSaved(db, 'mistakes.kept')?.value
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Kept) : {}
}

/** Marks the current label of `imageId` as checked; returns the decision kept. */
export function keepCurrentLabel(db: Db, imageId: number): number {
  return db
    .transaction(() => {
      const r = db.prepare('SELECT cur_decision AS d FROM images WHERE id = ?').get(imageId) as
        { d: number | null } | undefined
      if (!r) throw new AppError('not_found', `No image with id ${imageId} in this project.`)
      if (r.d === null)
        throw new AppError('invalid_input', `Image ${imageId} has no label to keep: review it first.`)
      // read-modify-write in one immediate transaction: another process keeping meanwhile is not lost
      const kept = readKept(db)
      kept[String(imageId)] = r.d
      writeSaved(db, 'mistakes.kept', kept)
      return r.d
    })
    .immediate()
}

/** Images whose current label was kept (the kept decision is still their current one). */
export function keptImages(db: Db): Set<number> {
  const kept = readKept(db)
  const ids = Object.keys(kept)
  if (ids.length === 0) return new Set()
  const rows = db
    .prepare(
      `SELECT i.id, i.cur_decision AS d FROM images i
       WHERE i.id IN (SELECT value FROM json_each(?))`
    )
    .all(JSON.stringify(ids.map(Number))) as { id: number; d: number | null }[]
  return new Set(rows.filter((r) => r.d !== null && kept[String(r.id)] === r.d).map((r) => r.id))
}
