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
import {
  cohenKappa,
  krippendorffAlpha,
  oneVsRest,
  pairableUnits,
  pairPercent,
  pairwisePercent,
  sharedUnits,
  type CodeMatrix
} from './agreement'

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

/** Rows keyed by unit into a units x annotators matrix (annotators in the given order). */
function matrix<R extends { annotator: string }>(
  rows: R[],
  annotators: string[],
  unit: (r: R) => string,
  code: (r: R) => number
): CodeMatrix {
  const col = new Map(annotators.map((a, i) => [a, i]))
  const units = new Map<string, (number | null)[]>()
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
      out.push({
        a: annotators[a]!,
        b: annotators[b]!,
        shared: sharedUnits(m, a, b),
        percent: pairPercent(m, a, b),
        kappa: cohenKappa(m, a, b)
      })
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
  return {
    kind,
    unit: kind === 'single' ? 'image' : 'image-tag',
    annotators: annotators.map((name, i) => ({ name, decided: decidedBy(m, i) })),
    units: pairableUnits(m),
    alpha: single ? alone : krippendorffAlpha(m),
    percent: single ? alone : pairwisePercent(m),
    pairs: pairs(m, annotators),
    labels: single ? labels.map((l) => ({ ...l, alpha: alone, percent: alone })) : labels,
    note,
    computedAt: now.toISOString()
  }
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
    (r) => String(r.imageId),
    (r) => r.labelId ?? NONE
  )
  const used = new Set(rows.map((r) => r.labelId ?? NONE))
  const cats = [
    ...labels.filter((l) => used.has(l.id)),
    ...(used.has(NONE) ? [{ id: NONE, name: NONE_OF_THESE }] : [])
  ]
  const perLabel = cats.map((l): AgreementLabel => {
    const bin = oneVsRest(m, l.id)
    return {
      labelId: l.id === NONE ? null : l.id,
      label: l.name,
      units: pairableUnits(bin),
      decisions: rows.filter((r) => (r.labelId ?? NONE) === l.id).length,
      alpha: krippendorffAlpha(bin),
      percent: pairwisePercent(bin)
    }
  })
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
  const unit = (r: TagRow): string => `${r.imageId}:${r.labelId}`
  const code = (r: TagRow): number => (r.present ? 1 : 0)
  const m = matrix(rows, annotators, unit, code)
  const used = new Set(rows.map((r) => r.labelId))
  const perTag = labels
    .filter((l) => used.has(l.id))
    .map((l): AgreementLabel => {
      const mine = rows.filter((r) => r.labelId === l.id)
      const tm = matrix(mine, annotators, unit, code)
      return {
        labelId: l.id,
        label: l.name,
        units: pairableUnits(tm),
        decisions: mine.filter((r) => r.present).length,
        alpha: krippendorffAlpha(tm),
        percent: pairwisePercent(tm)
      }
    })
  return report('tags', annotators, m, perTag, now)
}
