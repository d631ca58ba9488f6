// Labels of a project: listing, adding (no duplicates by name, any case) and editing. Every write
// that reads first runs in an IMMEDIATE transaction, so it waits its busy timeout for another
// process's write instead of failing at once with SQLITE_BUSY (a deferred read-then-write cannot
// be retried by SQLite's busy handler).
import { labelName, type Label, type LabelInput, type LabelTranslation } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Db } from './open'
import { stmt } from './stmt'
import { refreshAllTagImages } from './tag-state'

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
  merged_into: number | null
  /** absent before migration 9 */
  negatives?: string
  /** absent before migration 12 */
  names?: string
}

function rowToLabel(r: LabelRow): Label {
  return {
    id: r.id,
    name: r.name,
    descriptions: JSON.parse(r.descriptions) as string[],
    color: r.color,
    hotkey: r.hotkey,
    archived: r.archived === 1,
    mergedInto: r.merged_into,
    negatives: r.negatives ? (JSON.parse(r.negatives) as string[]) : [],
    names: r.names ? (JSON.parse(r.names) as Record<string, LabelTranslation>) : {}
  }
}

export interface LabelPatch {
  name?: string
  descriptions?: string[]
  color?: string
  hotkey?: string | null
  archived?: boolean
  /** a tag's own negative prompts (empty: the default neutral prompts) */
  negatives?: string[]
  /** the label's names in other languages, whole (a language left out is removed) */
  names?: Record<string, LabelTranslation>
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

/** Labels changed in a way that changes prompts; in a tags project, which images are done too. */
function bumpLabelVersion(db: Db): void {
  db.prepare('UPDATE project SET label_version = label_version + 1 WHERE id = 1').run()
  refreshAllTagImages(db)
}

/**
 * Adds labels; a name that exists (any case) is returned as is (un-archived), not duplicated, and
 * the name of a merged label returns the label it was merged into.
 */
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
        // the contract's limit, for labels that reach here without a request (label imports)
        const checked = labelName.safeParse(l.name)
        if (!checked.success) {
          const shown = JSON.stringify(l.name.length > 40 ? `${l.name.slice(0, 40)}…` : l.name)
          throw new AppError('invalid_input', `${shown}: ${checked.error.issues[0]!.message}.`)
        }
        const name = checked.data
        const named = labelByName(db, name)
        // the name of a merged label is the label it went into: adding it back means that one
        const existing = named?.mergedInto ? labelById(db, named.mergedInto) : named
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
      if (cur.mergedInto && patch.archived === false) {
        const into = labelById(db, cur.mergedInto)
        throw new AppError(
          'invalid_input',
          `"${cur.name}" was merged into "${into.name}": its decisions count as "${into.name}", so it stays archived.`
        )
      }
      if (patch.hotkey) {
        db.prepare('UPDATE labels SET hotkey = NULL WHERE hotkey = ? AND id != ?').run(patch.hotkey, id)
      }
      const next = {
        name: patch.name?.trim() ?? cur.name,
        descriptions: patch.descriptions ?? cur.descriptions,
        color: patch.color ?? cur.color,
        hotkey: patch.hotkey === undefined ? cur.hotkey : patch.hotkey,
        archived: patch.archived ?? cur.archived,
        negatives: patch.negatives ?? cur.negatives ?? [],
        names: patch.names ?? cur.names ?? {}
      }
      db.prepare(
        'UPDATE labels SET name = ?, descriptions = ?, color = ?, hotkey = ?, archived = ? WHERE id = ?'
      ).run(next.name, JSON.stringify(next.descriptions), next.color, next.hotkey, next.archived ? 1 : 0, id)
      if (patch.negatives !== undefined)
        db.prepare('UPDATE labels SET negatives = ? WHERE id = ?').run(JSON.stringify(next.negatives), id)
      if (patch.names !== undefined)
        db.prepare('UPDATE labels SET names = ? WHERE id = ?').run(JSON.stringify(next.names), id)
      const promptsChanged =
        JSON.stringify(next.names) !== JSON.stringify(cur.names ?? {}) ||
        JSON.stringify(next.negatives) !== JSON.stringify(cur.negatives ?? []) ||
        next.name !== cur.name ||
        JSON.stringify(next.descriptions) !== JSON.stringify(cur.descriptions) ||
        next.archived !== cur.archived
      if (promptsChanged) bumpLabelVersion(db)
      return labelById(db, id)
    })
    .immediate()
}

/**
 * Merges label `fromId` into `intoId` without touching the decision log: `from` is archived and
 * points at `into`, so current labels resolve to `into` (see migration 0005) while old decisions
 * keep saying `from`. Labels merged into `from` earlier are re-pointed at `into` (one hop, always).
 * Merging into a merged label merges into the label it went to.
 */
export function mergeLabel(db: Db, fromId: number, intoId: number): { from: Label; into: Label } {
  return db
    .transaction(() => {
      const from = labelById(db, fromId)
      const target = labelById(db, intoId)
      const into = target.mergedInto ? labelById(db, target.mergedInto) : target
      if (from.mergedInto) {
        const was = labelById(db, from.mergedInto)
        throw new AppError('invalid_input', `"${from.name}" is already merged into "${was.name}".`)
      }
      if (into.id === from.id) throw new AppError('invalid_input', 'Choose another label to merge into.')
      if (into.archived) {
        throw new AppError(
          'invalid_input',
          `"${into.name}" is archived: unarchive it before merging into it.`
        )
      }
      db.prepare(
        'UPDATE labels SET merged_into = ?, merged_at = ?, archived = 1, hotkey = NULL WHERE id = ?'
      ).run(into.id, new Date().toISOString(), from.id)
      db.prepare('UPDATE labels SET merged_into = ? WHERE merged_into = ?').run(into.id, from.id)
      bumpLabelVersion(db)
      return { from: labelById(db, from.id), into: labelById(db, into.id) }
    })
    .immediate()
}

/** label id -> the label its decisions count as now (only merged labels are in the map) */
export function mergeTargets(db: Db): Map<number, number> {
  const rows = db.prepare('SELECT id, merged_into FROM labels WHERE merged_into IS NOT NULL').raw().all() as [
    number,
    number
  ][]
  return new Map(rows)
}
