// The agreement report of a project from what each annotator decided (db/annotator-labels.ts):
// overall Krippendorff's alpha and percent agreement, every pair of annotators (kappa, percent,
// shared units) and every label one against the rest (one-label project) or every tag (tags
// project). Pure: the rows come in, the report goes out.
import {
  NONE_OF_THESE,
  type AgreementLabel,
  type AgreementPair,
  type AgreementReport
} from '../../shared/agreement'
import { alphaOf, categoryFigures, pairFigures, percentOf, tally, type CodeMatrix } from './agreement'

export interface LabelRow {
  annotator: string
  imageId: number
  labelId: number | null
}

export interface TagRow {
  annotator: string
  imageId: number
  labelId: number
  present: boolean
}

interface Label {
  id: number
  name: string
}

/** The code of "none of these" in a one-label matrix (label ids are positive). */
const NONE = 0

/** Rows by image into an images x annotators matrix (annotators in the given order). */
function matrix<R extends { annotator: string }>(
  rows: R[],
  annotators: string[],
  unit: (r: R) => number,
  code: (r: R) => number
): CodeMatrix {
  const col = new Map(annotators.map((a, i) => [a, i]))
  const units = new Map<number, (number | null)[]>()
  for (const r of rows) {
    const key = unit(r)
    let row = units.get(key)
    if (!row) units.set(key, (row = annotators.map(() => null)))
    row[col.get(r.annotator)!] = code(r)
  }
  return [...units.values()]
}

function pairs(m: CodeMatrix, annotators: string[]): AgreementPair[] {
  const out: AgreementPair[] = []
  for (let a = 0; a < annotators.length; a++)
    for (let b = a + 1; b < annotators.length; b++)
      out.push({ a: annotators[a]!, b: annotators[b]!, ...pairFigures(m, a, b) })
  return out
}

function decidedBy(m: CodeMatrix, col: number): number {
  return m.reduce((s, row) => s + (row[col] !== null ? 1 : 0), 0)
}

const oneAnnotator = (annotators: string[]): string =>
  annotators.length === 0
    ? 'Agreement needs decisions by two annotators: this project has no decisions yet.'
    : `Agreement needs decisions by two annotators: this project's log has one (${annotators.join(', ')}).`

function report(
  kind: AgreementReport['kind'],
  annotators: string[],
  m: CodeMatrix,
  labels: AgreementLabel[],
  now: Date
): AgreementReport {
  const single = annotators.length < 2
  const note = single ? oneAnnotator(annotators) : null
  const alone = { value: null, withheld: { code: 'one_annotator' as const, message: note ?? '' } }
  const t = tally(m)
  return {
    kind,
    unit: kind === 'single' ? 'image' : 'image-tag',
    annotators: annotators.map((name, i) => ({ name, decided: decidedBy(m, i) })),
    units: t.units,
    alpha: single ? alone : alphaOf(t),
    percent: single ? alone : percentOf(t),
    pairs: pairs(m, annotators),
    labels: single ? labels.map((l) => ({ ...l, alpha: alone, percent: alone })) : labels,
    note,
    computedAt: now.toISOString()
  }
}

const count = <K>(keys: K[]): Map<K, number> => {
  const out = new Map<K, number>()
  for (const k of keys) out.set(k, (out.get(k) ?? 0) + 1)
  return out
}

/**
 * A one-label project: units are images, categories the labels and "none of these" (a rejection).
 * Per label, that label against every other category.
 */
export function labelAgreement(
  rows: LabelRow[],
  annotators: string[],
  labels: Label[],
  now = new Date()
): AgreementReport {
  const m = matrix(
    rows,
    annotators,
    (r) => r.imageId,
    (r) => r.labelId ?? NONE
  )
  const decisions = count(rows.map((r) => r.labelId ?? NONE))
  const cats = labels.filter((l) => decisions.has(l.id))
  if (decisions.has(NONE)) cats.push({ id: NONE, name: NONE_OF_THESE })
  const t = tally(m)
  const perLabel = cats.map((l): AgreementLabel => ({
    labelId: l.id === NONE ? null : l.id,
    label: l.name,
    decisions: decisions.get(l.id)!,
    ...categoryFigures(t, l.id)
  }))
  return report('single', annotators, m, perLabel, now)
}

/**
 * A tags project: units are (image, tag) pairs, present 1 and absent 0; per tag, that tag's pairs.
 * The overall figures pool every tag.
 */
export function tagAgreement(
  rows: TagRow[],
  annotators: string[],
  labels: Label[],
  now = new Date()
): AgreementReport {
  const code = (r: TagRow): number => (r.present ? 1 : 0)
  const byTag = new Map<number, TagRow[]>()
  for (const r of rows) {
    const list = byTag.get(r.labelId)
    if (list) list.push(r)
    else byTag.set(r.labelId, [r])
  }
  // a tag's units are its images; the pooled matrix is every tag's rows one after the other
  const tagMatrix = new Map(
    [...byTag].map(([id, mine]) => [id, matrix(mine, annotators, (r) => r.imageId, code)])
  )
  const m = [...tagMatrix.values()].flat()
  const perTag = labels
    .filter((l) => byTag.has(l.id))
    .map((l): AgreementLabel => {
      const t = tally(tagMatrix.get(l.id)!)
      return {
        labelId: l.id,
        label: l.name,
        units: t.units,
        decisions: byTag.get(l.id)!.filter((r) => r.present).length,
        alpha: alphaOf(t),
        percent: percentOf(t)
      }
    })
  return report('tags', annotators, m, perTag, now)
}
