// What an export contains: one row per image whose current decision is included, with its label,
// how it was decided, what was suggested, and the provenance of the suggestion.
import type { DecisionKind } from '../../shared/contract'
import { KIND_CODES } from '../db/schema'
import { decidedImageRows, modelNames, notOkCountsByKind, standingRejections } from '../db/export-rows'
import type { Project } from '../db/project'
import type { SuggestionShown } from '../db/decisions'
import type { TopK } from '../db/predictions'
import { annotatorResolver, type Resolution } from './annotator-resolution'

export interface ExportRow {
  imageId: number
  root: string
  relPath: string
  /** the label now: a merged label's decisions export as the label it went into */
  label: string | null
  labelId: number | null
  /** provenance: the label the decision recorded, when a merge has since changed it (else null) */
  recordedLabel: string | null
  decision: DecisionKind
  /** accepted: which suggestion was taken (1 = the top-1) */
  rank: number | null
  /** the model's top-1 suggestion shown when the decision was made (for every kind; a merged
   * label as the label it went into), and its probability; null when there was no suggestion */
  suggestedLabel: string | null
  suggestedProb: number | null
  annotator: string
  decidedAt: string
  model: string | null
  variant: string | null
  templateSet: string | null
  /** labels a human said the image is not (rejected suggestions, a corrected top-1) */
  negatives: string[]
  suggestions: { label: string; prob: number }[]
  /** the file was not found at the last scan (exported with includeMissing) */
  missing: boolean
  /** pixel size and file size at the last scan (null before a successful read) */
  width: number | null
  height: number | null
  bytes: number | null
  /**
   * only when several annotators decided the project (export/annotator-resolution.ts): how the
   * label was reached, and each annotator's current label of the image (null: "none of these")
   */
  resolution?: Resolution
  byAnnotator?: { annotator: string; label: string | null }[]
}

/** decided images an export leaves out, by the image's state at the last scan */
export interface LeftOutCounts {
  /** file not found at the last scan (use includeMissing to export their recorded labels) */
  missing: number
  /** file there but not decodable at the last scan */
  unreadable: number
}

function kindCodes(include: readonly DecisionKind[], withRejected?: boolean): number[] {
  const kinds = [...include]
  if (withRejected && !kinds.includes('rejected')) kinds.push('rejected')
  return kinds.map((k) => KIND_CODES[k])
}

/** How many images with an included decision are not exported because of their file's state. */
export function countLeftOut(
  project: Project,
  include: readonly DecisionKind[],
  opts: { withRejected?: boolean; includeMissing?: boolean } = {}
): LeftOutCounts {
  const codes = kindCodes(include, opts.withRejected)
  const by = notOkCountsByKind(project.db, codes)
  return {
    missing: opts.includeMissing ? 0 : (by.get('missing') ?? 0),
    unreadable: by.get('unreadable') ?? 0
  }
}

/**
 * Rows for `include` kinds (and, with `withRejected`, images whose current decision is a
 * rejection: label null, negatives only). Streams over the images index; ordered by file.
 * Images whose file was missing at the last scan come too with `includeMissing` (their recorded
 * labels); see countLeftOut for what is not exported.
 */
export function collectExportRows(
  project: Project,
  include: readonly DecisionKind[],
  opts: { withRejected?: boolean; includeMissing?: boolean } = {}
): ExportRow[] {
  const db = project.db
  const codes = kindCodes(include, opts.withRejected)
  const all = project.labels()
  const labelNames = new Map(all.map((l) => [l.id, l.name]))
  const mergedInto = new Map(all.map((l) => [l.id, l.mergedInto ?? l.id]))
  const live = (id: number): number => mergedInto.get(id) ?? id
  const models = new Map(modelNames(db).map((m) => [m.model_id, m]))
  const sets = new Map(project.templateSets().map((t) => [t.id, t.name]))
  const rejectedOf = standingRejections(db)
  const rows = decidedImageRows(db, codes, opts.includeMissing ?? false)
  const resolve = annotatorResolver(db)
  return rows.map((r) => {
    const s = r.suggestion ? (JSON.parse(r.suggestion) as SuggestionShown) : null
    const top: TopK = s?.top ?? []
    const res = resolve?.(r.id, r.adjudicated === 1)
    // the annotators' majority, where it differs from the latest decision ("none of these": a rejection)
    const labelId = res?.labelId !== undefined ? res.labelId : r.label_id === null ? null : live(r.label_id)
    const decision = res?.labelId === null ? 'rejected' : r.kind
    // negatives are what the image is not, now: resolved too, and never the label itself
    const negatives = new Set<string>()
    for (const x of rejectedOf(r.id)) {
      const rs = x.suggestion ? (JSON.parse(x.suggestion) as SuggestionShown) : null
      for (const [l] of rs?.top ?? [])
        if (live(l) !== labelId) negatives.add(labelNames.get(live(l)) ?? `#${l}`)
    }
    if (r.kind === 'corrected' && top[0] && live(top[0][0]) !== labelId)
      negatives.add(labelNames.get(live(top[0][0])) ?? '')
    const m = s ? models.get(s.modelId) : undefined
    // the model's top-1 when the decision was made, whatever was decided (`rank` says which
    // suggestion an acceptance took), named through merges as `label` is: label = suggested_label
    // exactly when the top-1 was right
    const sug = top[0]
    return {
      imageId: r.id,
      root: r.root,
      relPath: r.rel_path,
      label: labelId === null ? null : (labelNames.get(labelId) ?? null),
      labelId,
      recordedLabel:
        r.label_id !== null && labelId !== r.label_id && live(r.label_id) === labelId
          ? (labelNames.get(r.label_id) ?? null)
          : null,
      decision,
      rank: r.rank,
      suggestedLabel: sug ? (labelNames.get(live(sug[0])) ?? null) : null,
      suggestedProb: sug ? sug[1] : null,
      annotator: r.annotator,
      decidedAt: r.at,
      model: m?.name ?? s?.modelId ?? null,
      variant: m?.variant ?? null,
      templateSet: s ? (sets.get(s.templateSetId) ?? null) : null,
      negatives: [...negatives].filter(Boolean),
      suggestions: top.map(([l, p]) => ({ label: labelNames.get(l) ?? `#${l}`, prob: p })),
      missing: r.state === 'missing',
      width: r.width,
      height: r.height,
      bytes: r.bytes,
      ...(res
        ? {
            resolution: res.resolution,
            byAnnotator: res.votes.map((v) => ({
              annotator: v.annotator,
              label: v.labelId === null ? null : (labelNames.get(v.labelId) ?? `#${v.labelId}`)
            }))
          }
        : {})
    }
  })
}
