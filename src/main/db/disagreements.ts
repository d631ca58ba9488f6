// What a reviewer adjudicates on a project several annotators decided: the images whose
// annotators' current labels differ (one-label project: the label, or "none of these"; tags
// project: a tag one marked present and another absent) and that no adjudicated decision settled
// after them, and a seeded sample of one annotator's work. Each annotator's current label is
// theirs alone (db/annotator-labels.ts: another's later decision hides nothing). A disagreement is
// settled by a live adjudicated decision made at or after the latest of the annotators' decisions
// in dispute; an annotator who changes their label later opens it again (the adjudicated label
// still stands as the image's current one: db/latest-rule.ts).
import type {
  AnnotatedImage,
  AnnotatorSample,
  Disagreement,
  DisagreementsResult,
  TagDisagreement
} from '../../shared/adjudication'
import { AppError } from '../../shared/errors'
import { seededPermutation } from '../math/rng'
import {
  annotatorLabels,
  annotatorTags,
  logAnnotators,
  type AnnotatorLabel,
  type AnnotatorTag
} from './annotator-labels'
import type { Db } from './open'
import { projectKind } from './tag-state'

/** The latest live adjudicated decision per image (one-label) or per image and tag (tags). */
interface Adjudication {
  imageId: number
  labelId: number | null
  kind: string
  label: string | null
  at: string
}

function adjudications(db: Db): Adjudication[] {
  return db
    .prepare(
      `SELECT d.image_id AS imageId, c.id AS labelId, d.kind, c.name AS label, d.at FROM decisions d
         LEFT JOIN labels l ON l.id = d.label_id LEFT JOIN labels c ON c.id = coalesce(l.merged_into, l.id)
        WHERE d.adjudicated = 1 AND d.kind != 'revert'
          AND NOT EXISTS (SELECT 1 FROM decisions r WHERE r.revert_of = d.id)
        ORDER BY d.at, d.id`
    )
    .all() as Adjudication[]
}

/** key -> the latest adjudication (rows come oldest first) */
function latestBy(rows: Adjudication[], key: (a: Adjudication) => string): Map<string, Adjudication> {
  const out = new Map<string, Adjudication>()
  for (const a of rows) out.set(key(a), a)
  return out
}

const NONE = '(none of these)'

function adjudicatedName(a: Adjudication | undefined): string | null {
  if (!a) return null
  if (a.kind === 'rejected') return NONE
  return a.kind === 'accepted' || a.kind === 'corrected' ? a.label : a.kind
}

function labelNames(db: Db): Map<number, string> {
  const rows = db.prepare('SELECT id, name FROM labels').all() as { id: number; name: string }[]
  return new Map(rows.map((r) => [r.id, r.name]))
}

function relPaths(db: Db, ids: number[]): Map<number, string> {
  const s = db.prepare('SELECT rel_path FROM images WHERE id = ?').pluck()
  return new Map(ids.map((id) => [id, s.get(id) as string]))
}

function groupBy<T>(rows: T[], key: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>()
  for (const r of rows) {
    const list = out.get(key(r))
    if (list) list.push(r)
    else out.set(key(r), [r])
  }
  return out
}

const maxAt = (rows: { at: string }[]): string => rows.reduce((m, r) => (r.at > m ? r.at : m), '')

/** Per tag of one image: who marked it present, who absent. */
function tagViews(rows: AnnotatorTag[], names: Map<number, string>): TagDisagreement[] {
  return [...groupBy(rows, (r) => r.labelId)].map(([labelId, list]) => ({
    labelId,
    label: names.get(labelId) ?? String(labelId),
    present: list.filter((r) => r.present).map((r) => r.annotator),
    absent: list.filter((r) => !r.present).map((r) => r.annotator)
  }))
}

function labelViews(rows: AnnotatorLabel[], names: Map<number, string>): AnnotatedImage['labels'] {
  return rows.map((r) => ({
    annotator: r.annotator,
    labelId: r.labelId,
    label: r.labelId === null ? null : (names.get(r.labelId) ?? String(r.labelId))
  }))
}

/** The images in dispute, most disagreeing first: the first `limit` of them and how many in all. */
export function disagreements(db: Db, limit: number): DisagreementsResult {
  const names = labelNames(db)
  const found: Omit<Disagreement, 'relPath'>[] = []
  if (projectKind(db) === 'tags') {
    const adj = latestBy(adjudications(db), (a) => `${a.imageId}:${a.labelId}`)
    for (const [imageId, rows] of groupBy(annotatorTags(db), (r) => r.imageId)) {
      const open = [...groupBy(rows, (r) => r.labelId)].filter(([labelId, list]) => {
        if (!list.some((r) => r.present) || list.every((r) => r.present)) return false
        const a = adj.get(`${imageId}:${labelId}`)
        return !a || a.at < maxAt(list)
      })
      if (open.length === 0) continue
      const tags = tagViews(
        open.flatMap(([, list]) => list),
        names
      )
      found.push({ imageId, labels: [], tags, adjudicated: null, spread: tags.length })
    }
  } else {
    const adj = latestBy(adjudications(db), (a) => String(a.imageId))
    for (const [imageId, rows] of groupBy(annotatorLabels(db), (r) => r.imageId)) {
      const counts = new Map<number | null, number>()
      for (const r of rows) counts.set(r.labelId, (counts.get(r.labelId) ?? 0) + 1)
      if (counts.size < 2) continue
      const a = adj.get(String(imageId))
      if (a && a.at >= maxAt(rows)) continue
      const top = Math.max(...counts.values())
      found.push({
        imageId,
        labels: labelViews(rows, names),
        tags: [],
        adjudicated: adjudicatedName(a),
        spread: 1 - top / rows.length
      })
    }
  }
  found.sort((x, y) => y.spread - x.spread || y.labels.length - x.labels.length || x.imageId - y.imageId)
  const page = found.slice(0, limit)
  const paths = relPaths(
    db,
    page.map((d) => d.imageId)
  )
  return {
    annotators: logAnnotators(db),
    items: page.map((d) => ({ ...d, relPath: paths.get(d.imageId)! })),
    total: found.length
  }
}

/**
 * A seeded random sample of `size` images `annotator` labelled (omitted: the first annotator by
 * name), each with every annotator's label and the adjudicated one: the reviewer checks one
 * person's work. An unknown annotator is not_found, naming those there are.
 */
export function annotatorSample(
  db: Db,
  opts: { annotator?: string; size: number; seed: number }
): AnnotatorSample {
  const annotators = logAnnotators(db)
  const annotator = opts.annotator ?? annotators[0]
  if (annotator === undefined || !annotators.includes(annotator))
    throw new AppError(
      'not_found',
      annotator === undefined
        ? 'Nobody has decided anything in this project yet.'
        : `No decisions by ${annotator} in this project. Annotators: ${annotators.join(', ')}.`,
      { annotator, annotators }
    )
  const names = labelNames(db)
  const tags = projectKind(db) === 'tags'
  const byImage = tags
    ? groupBy(annotatorTags(db), (r) => r.imageId)
    : groupBy(annotatorLabels(db), (r) => r.imageId)
  const theirs = [...byImage.keys()].filter((id) => byImage.get(id)!.some((r) => r.annotator === annotator))
  const perm = seededPermutation(theirs.length, opts.seed)
  const picked = Array.from(perm.slice(0, opts.size), (i) => theirs[i]!).sort((a, b) => a - b)
  const adj = latestBy(adjudications(db), (a) => String(a.imageId))
  const paths = relPaths(db, picked)
  const items = picked.map((imageId) => {
    const rows = byImage.get(imageId)!
    return {
      imageId,
      relPath: paths.get(imageId)!,
      labels: tags ? [] : labelViews(rows as AnnotatorLabel[], names),
      tags: tags ? tagViews(rows as AnnotatorTag[], names) : [],
      adjudicated: tags ? null : adjudicatedName(adj.get(String(imageId)))
    }
  })
  return { annotator, annotators, items, labelled: theirs.length }
}
