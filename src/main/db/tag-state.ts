// The current state of each (image, tag) in a tags project, kept beside the append-only log in the
// same transaction as every append (see docs/tags.md). A tag decision is a decisions row with its
// label: accepted = present, rejected = absent, unsure = unsure. The image row's kind is derived
// from its tags, so the image-level queues, counters and orders serve tags projects unchanged.
import { randomUUID } from 'node:crypto'
import type { DecisionKind } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Db } from './open'
import { KIND_CODES } from './schema'
import { stmt } from './stmt'
import { adjudicatedOf, latestRow } from './latest-rule'

/** Who the log says made the decisions a change of project kind appends. */
export const KIND_CHANGE_ANNOTATOR = 'zebra (project kind change)'

export type ProjectKind = 'single' | 'tags'
export type TagState = 'present' | 'absent' | 'unsure'

export const TAG_STATE_CODES: Record<TagState, number> = { present: 1, absent: 3, unsure: 5 }
const STATE_BY_CODE: Record<number, TagState> = { 1: 'present', 3: 'absent', 5: 'unsure' }

/** The decision kind that records a tag state in the log. */
export const TAG_DECISION_KIND: Record<TagState, DecisionKind> = {
  present: 'accepted',
  absent: 'rejected',
  unsure: 'unsure'
}

export function projectKind(db: Db): ProjectKind {
  try {
    return (stmt(db, 'SELECT kind FROM project WHERE id = 1', 'pluck').get() as ProjectKind) ?? 'single'
  } catch (err) {
    // a file being migrated (or a test seeding an older schema) has no kind yet: single-label
    if (/no such column: kind/.test((err as Error).message)) return 'single'
    throw err
  }
}

/** The log's latest row: what a cached fit on the decisions was made from. */
export function latestDecisionId(db: Db): number {
  return (stmt(db, 'SELECT coalesce(max(id), 0) FROM decisions', 'pluck').get() as number) ?? 0
}

/** The state code a tag decision of `kind` leaves (a correction names the tag: present). */
export function tagCode(kind: DecisionKind): number | null {
  switch (kind) {
    case 'accepted':
    case 'corrected':
      return TAG_STATE_CODES.present
    case 'rejected':
      return TAG_STATE_CODES.absent
    case 'unsure':
      return TAG_STATE_CODES.unsure
    default:
      return null
  }
}

/** Records the state a new decision on (image, tag) leaves. */
export function setTagState(
  db: Db,
  imageId: number,
  labelId: number,
  decisionId: number,
  kind: DecisionKind
): void {
  const code = tagCode(kind)
  if (code === null) return
  stmt(
    db,
    'INSERT OR REPLACE INTO image_tags (image_id, label_id, state, decision_id) VALUES (?, ?, ?, ?)'
  ).run(imageId, labelId, code, decisionId)
}

/** Recomputes the state of (image, tag) from the log (after a revert or a merge). */
export function refreshTagState(db: Db, imageId: number, labelId: number): void {
  const r = latestRow(
    stmt(
      db,
      `SELECT d.id, d.kind, d.at, ${adjudicatedOf(db)} AS adjudicated FROM decisions d
         WHERE d.image_id = ? AND d.label_id = ? AND d.kind != 'revert'
           AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.revert_of = d.id)`
    ).all(imageId, labelId) as { id: number; kind: DecisionKind; at: string; adjudicated: number }[]
  )
  if (r && tagCode(r.kind) !== null) setTagState(db, imageId, labelId, r.id, r.kind)
  else stmt(db, 'DELETE FROM image_tags WHERE image_id = ? AND label_id = ?').run(imageId, labelId)
}

/** Live tags: not archived, not merged into another. */
export function liveTagCount(db: Db): number {
  return stmt(
    db,
    'SELECT count(*) FROM labels WHERE archived = 0 AND merged_into IS NULL',
    'pluck'
  ).get() as number
}

/**
 * Derives the image row's kind from its tags: done (1) when every live tag is present or absent,
 * unsure (5) when every live tag is decided and one is unsure, skipped (4) when the latest action
 * on the image was a skip, else 0 (partly decided images stay in the to-review queue).
 */
export function refreshTagImage(db: Db, imageId: number, live = liveTagCount(db)): void {
  const latest = latestRow(
    stmt(
      db,
      `SELECT d.id, d.kind, d.at, ${adjudicatedOf(db)} AS adjudicated FROM decisions d
         WHERE d.image_id = ? AND d.kind != 'revert'
           AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.revert_of = d.id)`
    ).all(imageId) as { id: number; kind: DecisionKind; at: string; adjudicated: number }[]
  )
  const counts = stmt(
    db,
    `SELECT count(*) AS decided, coalesce(sum(t.state = 5), 0) AS unsure FROM image_tags t
       JOIN labels l ON l.id = t.label_id AND l.archived = 0 AND l.merged_into IS NULL
       WHERE t.image_id = ?`
  ).get(imageId) as { decided: number; unsure: number }
  let code = 0
  if (latest?.kind === 'skipped') code = KIND_CODES.skipped
  else if (live > 0 && counts.decided >= live)
    code = counts.unsure > 0 ? KIND_CODES.unsure : KIND_CODES.accepted
  stmt(db, 'UPDATE images SET cur_decision = ?, kind = ?, rv = ? WHERE id = ?').run(
    latest?.id ?? null,
    code,
    code > 0 ? 1 : 0,
    imageId
  )
}

/** The current tag states of one image: labelId -> state. */
export function tagStatesOf(db: Db, imageId: number): Map<number, TagState> {
  const rows = stmt(db, 'SELECT label_id, state FROM image_tags WHERE image_id = ?', 'raw').all(imageId) as [
    number,
    number
  ][]
  return new Map(rows.map(([l, s]) => [l, STATE_BY_CODE[s]!]))
}

/** Per tag: how many images are present, absent and unsure (live tags only, by label id). */
export function tagStateCounts(db: Db): Map<number, { present: number; absent: number; unsure: number }> {
  const rows = db
    .prepare('SELECT label_id, state, count(*) AS n FROM image_tags GROUP BY label_id, state')
    .all() as { label_id: number; state: number; n: number }[]
  const out = new Map<number, { present: number; absent: number; unsure: number }>()
  for (const r of rows) {
    const c = out.get(r.label_id) ?? { present: 0, absent: 0, unsure: 0 }
    c[STATE_BY_CODE[r.state]!] += r.n
    out.set(r.label_id, c)
  }
  return out
}

export const TAG_STATE_COUNTS_SQL = 'SELECT state, count(*) FROM image_tags WHERE label_id = ? GROUP BY state'

/** One tag's present, absent and unsure counts: one range scan of image_tags_label. */
export function tagStateCountsOf(
  db: Db,
  labelId: number
): { present: number; absent: number; unsure: number } {
  const rows = stmt(db, TAG_STATE_COUNTS_SQL, 'raw').all(labelId) as [number, number][]
  const out = { present: 0, absent: 0, unsure: 0 }
  for (const [state, n] of rows) out[STATE_BY_CODE[state]!] += n
  return out
}

/**
 * Every decided (image, tag) of the project's ok images, image by image: [imageId, labelId, state
 * code]. What the compare report reads as ground truth (present, absent; unsure counts nowhere).
 */
export function tagDecisionRows(db: Db): [number, number, number][] {
  return stmt(
    db,
    `SELECT g.image_id, g.label_id, g.state FROM image_tags g
       JOIN images i ON i.id = g.image_id AND i.state = 'ok' ORDER BY g.image_id, g.label_id`,
    'raw'
  ).all() as [number, number, number][]
}

/**
 * Recomputes the kind of every decided image after the set of live tags changed (a tag added,
 * archived, restored or merged): a new tag makes done images undecided again. One statement; the
 * caller holds the transaction. A skipped image stays skipped.
 */
export function refreshAllTagImages(db: Db): void {
  if (projectKind(db) !== 'tags') return
  db.prepare(
    `UPDATE images SET kind = k.code, rv = k.code > 0 FROM (
       SELECT i.id, CASE
         WHEN i.kind = ${KIND_CODES.skipped} THEN ${KIND_CODES.skipped}
         WHEN ? > 0 AND coalesce(c.decided, 0) >= ? THEN
           CASE WHEN c.unsure > 0 THEN ${KIND_CODES.unsure} ELSE ${KIND_CODES.accepted} END
         ELSE 0 END AS code
       FROM images i LEFT JOIN (
         SELECT t.image_id, count(*) AS decided, sum(t.state = 5) AS unsure FROM image_tags t
           JOIN labels l ON l.id = t.label_id AND l.archived = 0 AND l.merged_into IS NULL
           GROUP BY t.image_id) c ON c.image_id = i.id
       WHERE i.cur_decision IS NOT NULL) k
     WHERE images.id = k.id AND images.kind != k.code`
  ).run(liveTagCount(db), liveTagCount(db))
}

/**
 * Turns the project into a tags project (each image's current label becomes that tag, present) or
 * back into a single-label one, which is refused while an image has two tags present.
 */
export function setProjectKind(db: Db, kind: ProjectKind): void {
  db.transaction(() => {
    if (projectKind(db) === kind) return
    // topk holds probabilities in one kind and tag scores in the other: the caller rescores from
    // the cached embeddings (no image is embedded again)
    db.prepare('DELETE FROM tag_scores').run()
    db.prepare('DELETE FROM predictions').run()
    db.prepare(
      'UPDATE images SET top1_label = NULL, top1_prob = NULL, margin = NULL WHERE top1_label IS NOT NULL'
    ).run()
    if (kind === 'tags') {
      db.prepare(
        `INSERT OR REPLACE INTO image_tags (image_id, label_id, state, decision_id)
           SELECT i.id, d.label_id, 1, d.id FROM images i JOIN decisions d ON d.id = i.cur_decision
           WHERE d.label_id IS NOT NULL AND d.kind IN ('accepted', 'corrected')`
      ).run()
      db.prepare("UPDATE project SET kind = 'tags' WHERE id = 1").run()
      const live = liveTagCount(db)
      for (const id of db
        .prepare('SELECT id FROM images WHERE cur_decision IS NOT NULL')
        .pluck()
        .all() as number[])
        refreshTagImage(db, id, live)
      return
    }
    const two = db
      .prepare(
        'SELECT image_id, count(*) AS n FROM image_tags WHERE state = 1 GROUP BY image_id HAVING n > 1 LIMIT 1'
      )
      .get() as { image_id: number; n: number } | undefined
    if (two) {
      const total = db
        .prepare(
          'SELECT count(*) FROM (SELECT image_id FROM image_tags WHERE state = 1 GROUP BY image_id HAVING count(*) > 1)'
        )
        .pluck()
        .get() as number
      throw new AppError(
        'invalid_input',
        `${total} image(s) have two or more tags present (image ${two.image_id} has ${two.n}): a project with one label per image cannot hold them. Keep it a tags project.`,
        { images: total }
      )
    }
    db.prepare("UPDATE project SET kind = 'single' WHERE id = 1").run()
    // The single-label reading of each decided image is appended to the log as one batch (its one
    // present tag accepted, or no tag present: rejected), so the image's current decision is again
    // its latest decision, as a single-label project's undo and checks expect.
    const rows = db
      .prepare(
        `SELECT i.id, t.label_id FROM images i LEFT JOIN image_tags t ON t.image_id = i.id AND t.state = 1
           WHERE i.cur_decision IS NOT NULL AND i.kind != ${KIND_CODES.skipped}`
      )
      .all() as { id: number; label_id: number | null }[]
    if (rows.length > 0) {
      const at = new Date().toISOString()
      const batch = db
        .prepare("INSERT INTO batches (kind, annotator, at) VALUES ('bulk', ?, ?) RETURNING id")
        .pluck()
        .get(KIND_CHANGE_ANNOTATOR, at) as number
      const ins = db.prepare(
        `INSERT INTO decisions (batch_id, image_id, kind, label_id, annotator, at, uid)
           VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`
      )
      const set = db.prepare('UPDATE images SET cur_decision = ?, kind = ?, rv = 1 WHERE id = ?')
      for (const r of rows) {
        const kind = r.label_id === null ? 'rejected' : 'accepted'
        const id = ins
          .pluck()
          .get(batch, r.id, kind, r.label_id, KIND_CHANGE_ANNOTATOR, at, randomUUID()) as number
        set.run(id, KIND_CODES[kind], r.id)
      }
    }
    db.prepare('DELETE FROM image_tags').run()
  }).immediate()
}
