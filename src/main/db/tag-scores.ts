// Each tag's score of each image in a tags project (docs/tags.md): predictions.topk holds the
// image's [[labelId, s], ...] for every tag, and tag_scores the same numbers in (tag, score)
// order for the tag pass, whose pages are one range scan of its primary key.
import type { Db } from './open'
import { nowIso } from './project'
import type { PredictionKey } from './predictions'
import { COUNT_SQL } from './project-counts'
import { stmt } from './stmt'
import { TAG_STATE_CODES, projectKind, type TagState } from './tag-state'

/** one image's tag scores: [labelId, s] */
export type TagScores = [number, number][]

/** What the image-level queues sort by: the most probable tag and the least certain one. */
export interface TagSummary {
  top1Label: number | null
  top1Prob: number | null
  /** 2 * min over tags of |p - 0.5|: 0 when some tag is a coin toss */
  margin: number | null
}

function storedScores(db: Db, imageId: number): TagScores | null {
  const r = stmt(db, 'SELECT topk FROM predictions WHERE image_id = ?', 'pluck').get(imageId) as
    string | undefined
  return r === undefined ? null : (JSON.parse(r) as TagScores)
}

/** A score as topk and the tag pass index both hold it (a row is deleted by its exact value). */
export const roundTagScore = (x: number): number => Math.round(x * 1e6) / 1e6

/**
 * Prepared writers for one batch of a tags project; call inside a transaction. `index: false`
 * leaves tag_scores to the caller (a bulk load that fills it afterwards in key order).
 */
export function tagScoreWriter(db: Db, key: PredictionKey, opts: { index?: boolean } = {}) {
  const index = opts.index ?? true
  const pred = stmt(
    db,
    `INSERT OR REPLACE INTO predictions (image_id, model_id, label_version, template_set_id, topk, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`
  )
  const ins = stmt(db, 'INSERT OR REPLACE INTO tag_scores (label_id, s, image_id) VALUES (?, ?, ?)')
  const del = stmt(db, 'DELETE FROM tag_scores WHERE label_id = ? AND s = ? AND image_id = ?')
  const img = stmt(db, 'UPDATE images SET top1_label = ?, top1_prob = ?, margin = ? WHERE id = ?')
  const now = nowIso()
  return {
    /** `fresh`: every tag_scores row was cleared before this run, nothing of the image to remove */
    scores(imageId: number, scores: TagScores, summary: TagSummary, fresh = false): void {
      const rounded: TagScores = scores.map(([l, s]) => [l, roundTagScore(s)])
      if (index) {
        // only the scores that changed move in the index: a rescore after a temperature change,
        // or one tag's new prompts, leaves the other rows where they are
        const old = fresh ? [] : (storedScores(db, imageId) ?? [])
        const was = new Map(old)
        const is = new Map(rounded)
        for (const [l, s] of old) if (is.get(l) !== s) del.run(l, s, imageId)
        for (const [l, s] of rounded) if (was.get(l) !== s) ins.run(l, s, imageId)
      }
      pred.run(imageId, key.modelId, key.labelVersion, key.templateSetId, JSON.stringify(rounded), now)
      img.run(summary.top1Label, summary.top1Prob, summary.margin, imageId)
    }
  }
}

/** Removes the images' rows from the tag pass index (their scores are read back from topk). */
export function forgetTagScores(db: Db, imageIds: readonly number[]): void {
  if (imageIds.length === 0 || projectKind(db) !== 'tags') return
  const del = stmt(db, 'DELETE FROM tag_scores WHERE label_id = ? AND s = ? AND image_id = ?')
  for (const id of imageIds) {
    const old = storedScores(db, id)
    if (old) for (const [l, s] of old) del.run(l, s, id)
  }
}

/** One image's tag scores: labelId -> s (empty before pre-labelling). */
export function tagScoresOf(db: Db, imageId: number): Map<number, number> {
  return new Map(storedScores(db, imageId) ?? [])
}

/** The prediction key the image's scores came from (null before pre-labelling). */
export function tagScoresKey(db: Db, imageId: number): PredictionKey | null {
  const r = stmt(
    db,
    'SELECT model_id, label_version, template_set_id FROM predictions WHERE image_id = ?'
  ).get(imageId) as { model_id: string; label_version: number; template_set_id: number } | undefined
  return r ? { modelId: r.model_id, labelVersion: r.label_version, templateSetId: r.template_set_id } : null
}

export type TagPassFilter = 'undecided' | 'present' | 'absent' | 'unsure' | 'all'

export interface TagPassRow {
  imageId: number
  s: number
  state: TagState | null
}

const FILTER_SQL: Record<TagPassFilter, string> = {
  all: '',
  undecided: 'AND g.state IS NULL',
  present: `AND g.state = ${TAG_STATE_CODES.present}`,
  absent: `AND g.state = ${TAG_STATE_CODES.absent}`,
  unsure: `AND g.state = ${TAG_STATE_CODES.unsure}`
}
const STATE_NAME: Record<number, TagState> = { 1: 'present', 3: 'absent', 5: 'unsure' }

/** A tag pass page's statement: params labelId, after.s, after.imageId, minS, limit. */
export function tagPassSql(filter: TagPassFilter): string {
  return `SELECT t.image_id, t.s, g.state FROM tag_scores t
       JOIN images i ON i.id = t.image_id AND i.state = 'ok'
       LEFT JOIN image_tags g ON g.image_id = t.image_id AND g.label_id = t.label_id
       WHERE t.label_id = ? AND (t.s, t.image_id) < (?, ?) AND t.s >= ? ${FILTER_SQL[filter]}
       ORDER BY t.s DESC, t.image_id DESC LIMIT ?`
}

/**
 * One page of a tag pass: the tag's images by score, highest first, after `after` (keyset: the
 * last row of the previous page), among those at or above `minS` when given.
 */
export function tagPassPage(
  db: Db,
  q: {
    labelId: number
    filter: TagPassFilter
    limit: number
    after?: { s: number; imageId: number } | null
    minS?: number | null
  }
): TagPassRow[] {
  const after = q.after ?? { s: Number.MAX_VALUE, imageId: Number.MAX_SAFE_INTEGER }
  const rows = stmt(db, tagPassSql(q.filter), 'raw').all(
    q.labelId,
    after.s,
    after.imageId,
    q.minS ?? -Number.MAX_VALUE,
    q.limit
  ) as [number, number, number | null][]
  return rows.map(([imageId, s, st]) => ({ imageId, s, state: st === null ? null : STATE_NAME[st]! }))
}

/** The images of a tag at or above `minS` that `filter` keeps (a bulk mark's selection). */
export function tagPassSelect(db: Db, labelId: number, minS: number, filter: TagPassFilter): number[] {
  return stmt(
    db,
    `SELECT t.image_id FROM tag_scores t
       JOIN images i ON i.id = t.image_id AND i.state = 'ok'
       LEFT JOIN image_tags g ON g.image_id = t.image_id AND g.label_id = t.label_id
       WHERE t.label_id = ? AND t.s >= ? ${FILTER_SQL[filter]}
       ORDER BY t.s DESC, t.image_id DESC`,
    'pluck'
  ).all(labelId, minS) as number[]
}

/**
 * How many images have tag scores: every scored image has a score for every live tag (a tag added
 * later makes the predictions stale until rescored), so this is the pre-labelled count, read from
 * the queue counters instead of counting a tag's range of the score index (1M rows at 1M images).
 */
export function tagScoredCount(db: Db): number {
  return stmt(db, COUNT_SQL.prelabeled, 'pluck').get() as number
}

/**
 * Scores and states of every decided (image, tag), for calibration, thresholds and metrics:
 * per image its scores (from topk, parsed once per image) and its tag states.
 */
export interface DecidedTagRow {
  imageId: number
  /** labelId -> s */
  scores: Map<number, number>
  /** labelId -> state code (TAG_STATE_CODES) */
  states: Map<number, number>
}

export const DECIDED_TAG_ROWS_SQL = `SELECT d.image_id, p.topk, d.states FROM (
    SELECT image_id, group_concat(label_id * 8 + state) AS states FROM image_tags
      WHERE image_id % ? = 0 GROUP BY image_id) d
    JOIN images i ON i.id = d.image_id AND i.state = 'ok'
    LEFT JOIN predictions p ON p.image_id = d.image_id`

/** `every`: only images whose id is a multiple of it (an even spread of a large log) */
export function decidedTagRows(db: Db, every = 1): DecidedTagRow[] {
  // one row per decided image, its states packed as label_id * 8 + state: a row per decided tag
  // cost ~0.5 us each to hand over (2.5M at 50k images x 50 tags), and repeated its topk each time
  const rows = db
    .prepare(DECIDED_TAG_ROWS_SQL)
    .raw()
    .all(Math.max(1, Math.floor(every))) as [number, string | null, string][]
  return rows.map(([imageId, topk, packed]) => {
    const states = new Map<number, number>()
    for (const v of packed.split(',')) states.set(Math.floor(Number(v) / 8), Number(v) % 8)
    return { imageId, scores: new Map(topk ? (JSON.parse(topk) as TagScores) : []), states }
  })
}
