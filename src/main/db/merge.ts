// Merging copies of one project that annotators decided offline: their decision logs are folded
// into this one, in ONE transaction, each decision exactly once.
//
// - A decision is known by its identity (db/decision-uid.ts): its uid, or for a row made before
//   uids its legacy identity, which copies of one file share. A row whose identity is here already
//   is skipped, so merging twice adds nothing. A new row keeps its uid (a legacy row stores its
//   legacy identity as uid), so the next merge, in either direction, recognises it.
// - Images are matched by content and path, labels by name (db/merge-match.ts); a decision on an
//   image not matched here is not merged and the image is listed.
// - Each action (batch) of the copy is appended as one batch of the same kind, annotator and time
//   (an undo's or redo's target mapped to the batch here), so undo and redo stay per action; each
//   decision keeps its annotator, time, kind, label, rank, suggestion (its label ids translated) and
//   adjudicated flag.
//   A revert points to the row here of the decision it reverts.
// - Afterwards each touched image's current state is recomputed from the merged log by the rule of
//   db/latest-rule.ts (adjudicated first, then by decision time, not by arrival).
// The copies are opened read-only and never written (db/merge-source.ts).
import { realpathSync } from 'node:fs'
import type { MergeAnnotator, MergeReport, MergeSourceReport } from '../../shared/merge'
import { MERGE_LIST_LIMIT } from '../../shared/merge'
import { AppError } from '../../shared/errors'
import { refreshCurrent } from './decisions'
import { decisionIdentity, legacyRowId } from './decision-uid'
import { matchImages, matchLabels, remapSuggestion, suggestionLabels } from './merge-match'
import { readSourceLog, type SourceDecision, type SourceLog } from './merge-source'
import type { Db } from './open'
import { stmt } from './stmt'
import { liveTagCount, projectKind, refreshTagImage, refreshTagState } from './tag-state'

interface HereRow {
  id: number
  batch_id: number
  image_id: number
  label_id: number | null
  kind: string
  annotator: string
  at: string
  uid: string | null
}

/** What the merge touched: images, and in a tags project the (image, tag) pairs. */
interface Touched {
  images: Set<number>
  tags: Map<number, Set<number>>
}

class DryRun extends Error {}

/**
 * Merges the copies into `db` (the open project at `targetFile`). Every copy is read and checked
 * before anything is written; a copy of another kind or of another project is refused (AppError,
 * nothing written). With dryRun the whole merge runs and is rolled back: the report is exact.
 */
export function mergeProjects(
  db: Db,
  targetFile: string,
  sourceFiles: string[],
  opts: { dryRun?: boolean } = {}
): MergeReport {
  const here = db.prepare('SELECT created_at FROM project WHERE id = 1').pluck().get() as string
  const kind = projectKind(db)
  const sources = sourceFiles.map((f) => readSourceLog(f))
  for (const s of sources) checkCompatible(s, targetFile, here, kind)
  let report: MergeReport | null = null
  try {
    db.transaction(() => {
      const touched: Touched = { images: new Set(), tags: new Map() }
      const reports = sources.map((s) => mergeOne(db, s, here, touched))
      const refreshed = refresh(db, kind, touched)
      report = { dryRun: opts.dryRun === true, sources: reports, imagesRefreshed: refreshed }
      if (opts.dryRun) throw new DryRun()
    }).immediate()
  } catch (err) {
    if (!(err instanceof DryRun)) throw err
  }
  return report!
}

function checkCompatible(s: SourceLog, targetFile: string, createdAt: string, kind: string): void {
  if (sameFile(s.file, targetFile))
    throw new AppError('invalid_input', `${s.file} is this project itself: merge a copy of it.`, {
      file: s.file
    })
  if (s.kind !== kind)
    throw new AppError(
      'unsupported',
      `${s.file} is a ${s.kind === 'tags' ? 'tags' : 'one-label'} project and this one is a ${kind === 'tags' ? 'tags' : 'one-label'} project: both must be the same kind. Turn one into the other's kind first. Nothing was merged.`,
      { file: s.file, kind: s.kind, target: kind }
    )
  if (s.createdAt !== createdAt)
    throw new AppError(
      'unsupported',
      `${s.file} is not a copy of this project (it was created ${s.createdAt}, this one ${createdAt}): only copies of one project file can be merged. Nothing was merged.`,
      { file: s.file, createdAt: s.createdAt, target: createdAt }
    )
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b)
  } catch {
    return false
  }
}

function emptyReport(file: string): MergeSourceReport {
  return {
    source: file,
    added: 0,
    already: 0,
    onUnmatched: 0,
    batches: 0,
    unmatchedImages: 0,
    unmatched: [],
    labelsCreated: [],
    annotators: [],
    failed: [],
    failedCount: 0
  }
}

function mergeOne(db: Db, s: SourceLog, createdAt: string, touched: Touched): MergeSourceReport {
  const report = emptyReport(s.file)
  const images = matchImages(db, s.images.values())
  const used = new Set<number>()
  for (const d of s.decisions) {
    if (d.label_id !== null) used.add(d.label_id)
    for (const l of suggestionLabels(d.suggestion)) used.add(l)
  }
  const labels = matchLabels(db, s, used)
  report.labelsCreated = labels.created
  const byBatch = new Map<number, SourceDecision[]>()
  for (const d of s.decisions) {
    const list = byBatch.get(d.batch_id)
    if (list) list.push(d)
    else byBatch.set(d.batch_id, [d])
  }
  const rowHere = new Map<number, number>() // source decision id -> row here
  const batchHere = new Map<number, number>() // source batch id -> batch here
  const annotators = new Map<string, MergeAnnotator>()
  const unmatchedSeen = new Set<number>()
  const fail = (d: SourceDecision, reason: string): void => {
    report.failedCount++
    if (report.failed.length < MERGE_LIST_LIMIT)
      report.failed.push({ decision: decisionIdentity(createdAt, d), reason })
  }
  for (const b of s.batches) {
    const fresh: SourceDecision[] = []
    for (const d of byBatch.get(b.id) ?? []) {
      const who = annotators.get(d.annotator) ?? { name: d.annotator, decisions: 0, added: 0 }
      who.decisions++
      annotators.set(d.annotator, who)
      const found = findHere(db, createdAt, d)
      if (found === 'conflict') {
        fail(
          d,
          'a decision here has the same identity but differs: both were made without a uid after the copy'
        )
        continue
      }
      if (found) {
        rowHere.set(d.id, found.id)
        if (!batchHere.has(b.id)) batchHere.set(b.id, found.batch_id)
        report.already++
        continue
      }
      const image = images.matched.get(d.image_id)
      if (image === undefined) {
        report.onUnmatched++
        const why = images.unmatched.get(d.image_id)
        if (why && !unmatchedSeen.has(d.image_id)) {
          unmatchedSeen.add(d.image_id)
          report.unmatchedImages++
          if (report.unmatched.length < MERGE_LIST_LIMIT) report.unmatched.push(why)
        }
        continue
      }
      if (d.revert_of !== null && !rowHere.has(d.revert_of)) {
        fail(d, 'it reverts a decision that is neither here nor merged')
        continue
      }
      fresh.push(d)
    }
    if (fresh.length === 0) continue
    const target = b.target === null ? null : (batchHere.get(b.target) ?? null)
    const batch = stmt(
      db,
      'INSERT INTO batches (kind, annotator, at, target) VALUES (?, ?, ?, ?) RETURNING id',
      'pluck'
    ).get(b.kind, b.annotator, b.at, target) as number
    if (!batchHere.has(b.id)) batchHere.set(b.id, batch)
    report.batches++
    for (const d of fresh) {
      const id = insertDecision(db, d, batch, images.matched.get(d.image_id)!, labels.map, rowHere, createdAt)
      rowHere.set(d.id, id)
      report.added++
      annotators.get(d.annotator)!.added++
      touch(db, touched, id)
    }
  }
  report.annotators = [...annotators.values()].sort((a, b) => a.name.localeCompare(b.name))
  return report
}

/**
 * The row here with the identity of `d`: by uid, or for a legacy identity the row of that id that
 * has no uid, provided it is the same decision (same time, annotator, kind), else 'conflict'.
 */
function findHere(db: Db, createdAt: string, d: SourceDecision): HereRow | 'conflict' | undefined {
  const ident = decisionIdentity(createdAt, d)
  const cols = 'id, batch_id, image_id, label_id, kind, annotator, at, uid'
  const byUid = stmt(db, `SELECT ${cols} FROM decisions WHERE uid = ?`).get(ident) as HereRow | undefined
  if (byUid) return byUid
  const legacy = legacyRowId(createdAt, ident)
  if (legacy === null) return undefined
  const row = stmt(db, `SELECT ${cols} FROM decisions WHERE id = ? AND uid IS NULL`).get(legacy) as
    HereRow | undefined
  if (!row) return undefined
  return row.at === d.at && row.annotator === d.annotator && row.kind === d.kind ? row : 'conflict'
}

function insertDecision(
  db: Db,
  d: SourceDecision,
  batch: number,
  image: number,
  labels: Map<number, number>,
  rowHere: Map<number, number>,
  createdAt: string
): number {
  return stmt(
    db,
    `INSERT INTO decisions (batch_id, image_id, kind, label_id, rank, annotator, at, suggestion, revert_of, uid,
                            adjudicated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    'pluck'
  ).get(
    batch,
    image,
    d.kind,
    d.label_id === null ? null : (labels.get(d.label_id) ?? null),
    d.rank,
    d.annotator,
    d.at,
    remapSuggestion(d.suggestion, labels),
    d.revert_of === null ? null : rowHere.get(d.revert_of)!,
    decisionIdentity(createdAt, d),
    d.adjudicated
  ) as number
}

/** Notes the image (and tag) a new row changes; a revert changes its reverted row's tag. */
function touch(db: Db, touched: Touched, id: number): void {
  const r = stmt(
    db,
    `SELECT d.image_id, coalesce(d.label_id, o.label_id) AS label_id FROM decisions d
       LEFT JOIN decisions o ON o.id = d.revert_of WHERE d.id = ?`
  ).get(id) as { image_id: number; label_id: number | null }
  touched.images.add(r.image_id)
  if (r.label_id === null) return
  const set = touched.tags.get(r.image_id)
  if (set) set.add(r.label_id)
  else touched.tags.set(r.image_id, new Set([r.label_id]))
}

/** Recomputes the current state of every touched image from the merged log; returns how many. */
function refresh(db: Db, kind: string, touched: Touched): number {
  if (kind !== 'tags') {
    for (const id of touched.images) refreshCurrent(db, id)
    return touched.images.size
  }
  for (const [image, tags] of touched.tags) for (const l of tags) refreshTagState(db, image, l)
  const live = liveTagCount(db)
  for (const id of touched.images) refreshTagImage(db, id, live)
  return touched.images.size
}
