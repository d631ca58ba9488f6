// Labels of a project: listing, adding (no duplicates by name, any case) and editing. Every write
// that reads first runs in an IMMEDIATE transaction, so it waits its busy timeout for another
// process's write instead of failing at once with SQLITE_BUSY (a deferred read-then-write cannot
// be retried by SQLite's busy handler).
import type { Label, LabelInput } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Db } from './open'
import { stmt } from './stmt'

const PALETTE = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#46f0f0',
  '#f032e6',
  '#bcf60c',
  '#fabebe',
  '#008080',
  '#e6beff',
  '#9a6324',
  '#800000',
  '#aaffc3',
  '#808000',
  '#000075'
]

interface LabelRow {
  id: number
  name: string
  descriptions: string
  color: string
  hotkey: string | null
  archived: number
}

function rowToLabel(r: LabelRow): Label {
  return {
    id: r.id,
    name: r.name,
    descriptions: JSON.parse(r.descriptions) as string[],
    color: r.color,
    hotkey: r.hotkey,
    archived: r.archived === 1
  }
}

export interface LabelPatch {
  name?: string
  descriptions?: string[]
  color?: string
  hotkey?: string | null
  archived?: boolean
}

export function listLabels(db: Db, opts: { includeArchived?: boolean } = {}): Label[] {
  const sql =
    opts.includeArchived === false
      ? 'SELECT * FROM labels WHERE archived = 0 ORDER BY id'
      : 'SELECT * FROM labels ORDER BY id'
  return (db.prepare(sql).all() as LabelRow[]).map(rowToLabel)
}

/**
 * Names of the given labels, for the few a review item shows: one lookup per id, so an answer
 * costs the same at 10 labels or 10,000 (listing every label per image did not).
 */
export function labelNamesOf(db: Db, ids: readonly number[]): Map<number, string> {
  const byId = stmt(db, 'SELECT name FROM labels WHERE id = ?', 'pluck')
  const out = new Map<number, string>()
  for (const id of new Set(ids)) {
    const name = byId.get(id) as string | undefined
    if (name !== undefined) out.set(id, name)
  }
  return out
}

export function labelById(db: Db, id: number): Label {
  const r = db.prepare('SELECT * FROM labels WHERE id = ?').get(id) as LabelRow | undefined
  if (!r) throw new AppError('not_found', `No label with id ${id}.`)
  return rowToLabel(r)
}

export function labelByName(db: Db, name: string): Label | null {
  const r = db.prepare('SELECT * FROM labels WHERE name = ? COLLATE NOCASE').get(name.trim()) as
    LabelRow | undefined
  return r ? rowToLabel(r) : null
}

function bumpLabelVersion(db: Db): void {
  db.prepare('UPDATE project SET label_version = label_version + 1 WHERE id = 1').run()
}

/** Adds labels; a name that exists (any case) is returned as is (un-archived), not duplicated. */
export function addLabels(db: Db, inputs: LabelInput[]): Label[] {
  const ins = db.prepare(
    'INSERT INTO labels (name, descriptions, color, created_at) VALUES (?, ?, ?, ?) RETURNING id'
  )
  return db
    .transaction(() => {
      const out: Label[] = []
      const count = (db.prepare('SELECT count(*) AS n FROM labels').get() as { n: number }).n
      let changed = false
      inputs.forEach((l, i) => {
        const name = l.name.trim()
        const existing = labelByName(db, name)
        if (existing) {
          if (existing.archived) {
            db.prepare('UPDATE labels SET archived = 0 WHERE id = ?').run(existing.id)
            changed = true
          }
          out.push(labelById(db, existing.id))
          return
        }
        const r = ins.get(
          name,
          JSON.stringify(l.descriptions ?? []),
          PALETTE[(count + i) % PALETTE.length],
          new Date().toISOString()
        ) as { id: number }
        out.push(labelById(db, r.id))
        changed = true
      })
      if (changed) bumpLabelVersion(db)
      return out
    })
    .immediate()
}

export function updateLabel(db: Db, id: number, patch: LabelPatch): Label {
  return db
    .transaction(() => {
      // read inside the write lock: a rename by another process meanwhile is seen
      const cur = labelById(db, id)
      if (patch.name !== undefined && patch.name.trim() !== cur.name) {
        const clash = labelByName(db, patch.name)
        if (clash && clash.id !== id) {
          throw new AppError('invalid_input', `A label named "${clash.name}" already exists.`)
        }
      }
      if (patch.hotkey) {
        db.prepare('UPDATE labels SET hotkey = NULL WHERE hotkey = ? AND id != ?').run(patch.hotkey, id)
      }
      const next = {
        name: patch.name?.trim() ?? cur.name,
        descriptions: patch.descriptions ?? cur.descriptions,
        color: patch.color ?? cur.color,
        hotkey: patch.hotkey === undefined ? cur.hotkey : patch.hotkey,
        archived: patch.archived ?? cur.archived
      }
      db.prepare(
        'UPDATE labels SET name = ?, descriptions = ?, color = ?, hotkey = ?, archived = ? WHERE id = ?'
      ).run(next.name, JSON.stringify(next.descriptions), next.color, next.hotkey, next.archived ? 1 : 0, id)
      const promptsChanged =
        next.name !== cur.name ||
        JSON.stringify(next.descriptions) !== JSON.stringify(cur.descriptions) ||
        next.archived !== cur.archived
      if (promptsChanged) bumpLabelVersion(db)
      return labelById(db, id)
    })
    .immediate()
}
