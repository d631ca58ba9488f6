// The decision log: append-only rows grouped in batches (one user action each). The current label
// of an image is its decision that no revert points to and that db/latest-rule.ts ranks first (the
// latest adjudicated one, else the latest by time); it is kept on the image row (cur_decision,
// kind, rv) in the same transaction as the append, so queues never disagree with the log. Undo appends reverts for the annotator's latest action; redo re-appends what an undo
// reverted. Both are derived from the log alone, so they work across processes and restarts.
import type { CurrentLabel, DecisionKind } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Db } from './open'
import { predictionOf, type TopK } from './predictions'
import { nowIso } from './project'
import { KIND_CODES } from './schema'
import { insertStmt, type DecisionRow } from './decision-insert'
import { adjudicatedOf, latestRow, laterThanCurrent, tagLaterThanCurrent } from './latest-rule'
import { stmt } from './stmt'
import { liveTagCount, projectKind, refreshTagImage, refreshTagState, setTagState } from './tag-state'

export interface DecideInput {
  imageId: number
  kind: DecisionKind
  /** accepted: 1-based rank of the suggestion taken */
  rank?: number
  /** corrected: the label chosen (also allowed for unsure) */
  labelId?: number
  /**
   * The suggestions on screen when they were not the stored zero-shot prediction (adapted
   * suggestions): `rank` resolves against these, and they are what the decision records.
   */
  shown?: SuggestionShown
  /** a reviewer's adjudicated label: it outranks every annotator's decision (db/latest-rule.ts) */
  adjudicated?: boolean
}

/** What was on screen when the decision was made (stored as JSON on the decision). */
export interface SuggestionShown {
  modelId: string
  templateSetId: number
  labelVersion: number
  top: TopK
  /** 'adapted' when few-shot adapted suggestions were shown; a tag's cold start or calibration */
  source?: 'zeroshot' | 'adapted' | 'coldstart' | 'calibrated'
}

type BatchKind = 'decide' | 'bulk' | 'import' | 'undo' | 'redo'

function newBatch(db: Db, kind: BatchKind, annotator: string, target: number | null = null): number {
  const r = stmt(
    db,
    'INSERT INTO batches (kind, annotator, at, target) VALUES (?, ?, ?, ?) RETURNING id'
  ).get(kind, annotator, nowIso(), target) as { id: number }
  return r.id
}

function setCurrent(db: Db, imageId: number, decisionId: number | null, kind: DecisionKind | null): void {
  const code = kind ? KIND_CODES[kind] : 0
  stmt(db, 'UPDATE images SET cur_decision = ?, kind = ?, rv = ? WHERE id = ?').run(
    decisionId,
    code,
    code > 0 ? 1 : 0,
    imageId
  )
}

/** Recomputes the current decision of an image from the log (after a revert or a merge). */
export function refreshCurrent(db: Db, imageId: number): void {
  const r = latestRow(
    stmt(
      db,
      `SELECT d.id, d.kind, d.at, ${adjudicatedOf(db)} AS adjudicated FROM decisions d
         WHERE d.image_id = ? AND d.kind != 'revert'
           AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.revert_of = d.id)`
    ).all(imageId) as { id: number; kind: DecisionKind; at: string; adjudicated: number }[]
  )
  setCurrent(db, imageId, r?.id ?? null, r?.kind ?? null)
}

/**
 * Resolves the label of a decision and the suggestion JSON; throws invalid_input when incomplete.
 * `tags` is the project's kind, read once per append; `known` the images of this append already
 * found (one Enter in a tags project is a row per tag of one image).
 */
function resolve(
  db: Db,
  d: DecideInput,
  tags: boolean,
  known: Set<number>
): { labelId: number | null; rank: number | null; suggestion: string | null } {
  if (!known.has(d.imageId)) {
    const exists = stmt(db, 'SELECT state FROM images WHERE id = ?').get(d.imageId) as
      { state: string } | undefined
    if (!exists) throw new AppError('not_found', `No image with id ${d.imageId} in this project.`)
    known.add(d.imageId)
  }
  if (tags) return resolveTag(db, d)
  const pred = d.shown ?? predictionOf(db, d.imageId)
  const suggestion = pred
    ? JSON.stringify({
        modelId: pred.modelId,
        templateSetId: pred.templateSetId,
        labelVersion: pred.labelVersion,
        top: pred.top,
        ...(d.shown?.source ? { source: d.shown.source } : {})
      } satisfies SuggestionShown)
    : null
  switch (d.kind) {
    case 'accepted': {
      const rank = d.rank ?? 1
      const s = pred?.top[rank - 1]
      if (!s) {
        throw new AppError(
          'invalid_input',
          `Image ${d.imageId} has no suggestion at rank ${rank}: pre-label it first.`
        )
      }
      return { labelId: liveLabel(db, s[0]), rank, suggestion }
    }
    case 'corrected': {
      if (d.labelId === undefined)
        throw new AppError('invalid_input', 'A correction needs the label chosen (labelId).')
      return { labelId: liveLabel(db, d.labelId), rank: null, suggestion }
    }
    default:
      return { labelId: d.labelId === undefined ? null : liveLabel(db, d.labelId), rank: null, suggestion }
  }
}

/**
 * A tags project's decision names its tag (a skip names none); what was shown is the tag's
 * probability when the caller passes it (the stored tag scores are not probabilities).
 */
function resolveTag(
  db: Db,
  d: DecideInput
): { labelId: number | null; rank: number | null; suggestion: string | null } {
  if (d.kind === 'skipped') return { labelId: null, rank: null, suggestion: null }
  if (d.labelId === undefined)
    throw new AppError('invalid_input', 'A tags project decides per tag: name the tag (labelId).')
  return {
    labelId: liveLabel(db, d.labelId),
    rank: null,
    suggestion: d.shown ? JSON.stringify(d.shown) : null
  }
}

/**
 * The label a new decision records: a merged label (a stale screen or suggestion still showing
 * it) is recorded as the label it went into. Old decisions are never rewritten.
 */
function liveLabel(db: Db, labelId: number): number {
  const r = stmt(db, 'SELECT coalesce(merged_into, id) AS id FROM labels WHERE id = ?').get(labelId) as
    { id: number } | undefined
  if (!r) throw new AppError('not_found', `No label with id ${labelId}.`)
  return r.id
}

/**
 * Appends decisions as ONE batch (one undoable step) in one transaction; returns their ids.
 * `kind` 'decide' for a single review decision, 'bulk' for grid/rule accepts, 'import' for CSV.
 */
export function appendDecisions(
  db: Db,
  items: DecideInput[],
  annotator: string,
  kind: BatchKind = 'decide'
): number[] {
  if (items.length === 0) return []
  return db.transaction(() => appendInTransaction(db, items, annotator, kind)).immediate()
}

/**
 * appendDecisions for a caller that already holds the write transaction (a bulk rule selects and
 * writes in one): no nested transaction, since a SAVEPOINT around the writes made every one of
 * them ~5x dearer (a 700-image rule took 2.1 s instead of 0.45 s). An error leaves partial rows
 * in the caller's transaction: the caller must let it roll back, as db.transaction does.
 */
export function appendInTransaction(
  db: Db,
  items: DecideInput[],
  annotator: string,
  kind: BatchKind = 'decide'
): number[] {
  if (items.length === 0) return []
  if (!db.inTransaction) throw new Error('appendInTransaction needs an open transaction')
  const batch = newBatch(db, kind, annotator)
  const ins = insertStmt(db)
  const at = nowIso()
  const ids: number[] = []
  const tags = projectKind(db) === 'tags'
  const touched = new Set<number>()
  const known = new Set<number>()
  for (const d of items) {
    const r = resolve(db, d, tags, known)
    const row = ins.get({
      batch_id: batch,
      image_id: d.imageId,
      kind: d.kind,
      label_id: r.labelId,
      rank: r.rank,
      annotator,
      at,
      suggestion: r.suggestion,
      revert_of: null,
      adjudicated: d.adjudicated ? 1 : 0
    }) as { id: number }
    const adj = d.adjudicated === true
    if (tags) {
      if (r.labelId !== null && !tagLaterThanCurrent(db, d.imageId, r.labelId, at, adj))
        setTagState(db, d.imageId, r.labelId, row.id, d.kind)
      touched.add(d.imageId)
    } else if (!laterThanCurrent(db, d.imageId, at, adj)) setCurrent(db, d.imageId, row.id, d.kind)
    ids.push(row.id)
  }
  refreshTagImages(db, touched)
  return ids
}

/** A tags project's image rows after their tags changed (one count of live tags for all). */
function refreshTagImages(db: Db, images: Set<number>): void {
  if (images.size === 0) return
  const live = liveTagCount(db)
  for (const id of images) refreshTagImage(db, id, live)
}

/** The latest action of `annotator` that still has un-reverted decisions. */
function latestUndoable(db: Db, annotator: string): number | null {
  const r = stmt(
    db,
    `SELECT b.id FROM batches b
       WHERE b.annotator = ? AND b.kind IN ('decide', 'bulk', 'import', 'redo')
         AND EXISTS (SELECT 1 FROM decisions d WHERE d.batch_id = b.id
                     AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.revert_of = d.id))
       ORDER BY b.id DESC LIMIT 1`
  ).get(annotator) as { id: number } | undefined
  return r?.id ?? null
}

/** Undoes the annotator's latest action by appending reverts; returns the images touched. */
export function undo(db: Db, annotator: string): { batchId: number; imageIds: number[] } | null {
  return db
    .transaction(() => {
      const target = latestUndoable(db, annotator)
      if (target === null) return null
      const rows = db
        .prepare(
          `SELECT d.* FROM decisions d WHERE d.batch_id = ?
         AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.revert_of = d.id) ORDER BY d.id`
        )
        .all(target) as DecisionRow[]
      const batch = newBatch(db, 'undo', annotator, target)
      const ins = insertStmt(db)
      const at = nowIso()
      const images = new Set<number>()
      for (const d of rows) {
        ins.get({
          batch_id: batch,
          image_id: d.image_id,
          kind: 'revert',
          label_id: null,
          rank: null,
          annotator,
          at,
          suggestion: null,
          revert_of: d.id
        })
        images.add(d.image_id)
      }
      if (projectKind(db) === 'tags') {
        for (const d of rows) if (d.label_id !== null) refreshTagState(db, d.image_id, d.label_id)
        refreshTagImages(db, images)
      } else for (const id of images) refreshCurrent(db, id)
      return { batchId: batch, imageIds: [...images] }
    })
    .immediate()
}

/**
 * Redoes the annotator's latest undo that was not redone yet, provided the annotator made no new
 * decision since (a new action clears the redo stack, as in any editor).
 */
export function redo(db: Db, annotator: string): { batchId: number; imageIds: number[] } | null {
  return db
    .transaction(() => {
      const lastAction = db
        .prepare(
          "SELECT coalesce(max(id), 0) AS id FROM batches WHERE annotator = ? AND kind IN ('decide', 'bulk', 'import')"
        )
        .get(annotator) as { id: number }
      const u = db
        .prepare(
          `SELECT b.id, b.target FROM batches b
         WHERE b.annotator = ? AND b.kind = 'undo' AND b.id > ?
           AND NOT EXISTS (SELECT 1 FROM batches x WHERE x.kind = 'redo' AND x.target = b.id)
         ORDER BY b.id DESC LIMIT 1`
        )
        .get(annotator, lastAction.id) as { id: number; target: number } | undefined
      if (!u) return null
      // the decisions that undo reverted, re-appended as they were
      const rows = db
        .prepare(
          `SELECT o.* FROM decisions r JOIN decisions o ON o.id = r.revert_of WHERE r.batch_id = ? ORDER BY o.id`
        )
        .all(u.id) as DecisionRow[]
      const batch = newBatch(db, 'redo', annotator, u.id)
      const ins = insertStmt(db)
      const at = nowIso()
      const images = new Set<number>()
      const tags = projectKind(db) === 'tags'
      for (const d of rows) {
        const row = ins.get({
          batch_id: batch,
          image_id: d.image_id,
          kind: d.kind,
          label_id: d.label_id,
          rank: d.rank,
          annotator,
          at,
          suggestion: d.suggestion,
          revert_of: null,
          adjudicated: d.adjudicated ?? 0
        }) as { id: number }
        const adj = d.adjudicated === 1
        if (!tags) {
          if (!laterThanCurrent(db, d.image_id, at, adj))
            setCurrent(db, d.image_id, row.id, d.kind as DecisionKind)
        } else if (d.label_id !== null && !tagLaterThanCurrent(db, d.image_id, d.label_id, at, adj))
          setTagState(db, d.image_id, d.label_id, row.id, d.kind as DecisionKind)
        images.add(d.image_id)
      }
      if (tags) refreshTagImages(db, images)
      return { batchId: batch, imageIds: [...images] }
    })
    .immediate()
}

/** The current label of an image, resolved through merges (the recorded name kept beside it). */
export function currentLabel(db: Db, imageId: number): CurrentLabel | null {
  const r = stmt(
    db,
    `SELECT d.kind, c.id AS label_id, c.name AS label, l.name AS recorded, d.annotator, d.at FROM images i
       JOIN decisions d ON d.id = i.cur_decision LEFT JOIN labels l ON l.id = d.label_id
       LEFT JOIN labels c ON c.id = coalesce(l.merged_into, l.id) WHERE i.id = ?`
  ).get(imageId) as
    | {
        kind: DecisionKind
        label_id: number | null
        label: string | null
        recorded: string | null
        annotator: string
        at: string
      }
    | undefined
  if (!r) return null
  return {
    kind: r.kind,
    labelId: r.label_id,
    label: r.label,
    ...(r.recorded !== r.label ? { recordedLabel: r.recorded } : {}),
    annotator: r.annotator,
    at: r.at
  }
}
