// What an export of a tags project contains (docs/tags.md): one row per image with its tag lists
// (present, the decided absences, unsure; the live tags not decided yet for a partly decided
// image) and each tag's probability. Tags are named as they are now (a merged tag as the tag it
// went into) and listed in the class order of the export.
import { coldStartProb } from '../clip/tag-scores'
import { projectTagColdStart } from '../db/model-scoring'
import { modelNames, notOkCountsByKind } from '../db/export-rows'
import type { Project } from '../db/project'
import { TAGS_DECIDED_CODES, tagExportImages } from '../db/tag-export-rows'
import { tagStatesOf, type TagState } from '../db/tag-state'
import type { LeftOutCounts } from './rows'
import { resolveVotes, tagResolver, type Resolution } from './annotator-resolution'

export interface TagExportRow {
  imageId: number
  root: string
  relPath: string
  present: string[]
  absent: string[]
  unsure: string[]
  /** live tags without a decision (only a partly decided image has any) */
  undecided: string[]
  /** tag -> probability, for every tag with a score, in class order */
  probs: Record<string, number>
  annotator: string | null
  decidedAt: string | null
  model: string | null
  variant: string | null
  templateSet: string | null
  missing: boolean
  width: number | null
  height: number | null
  bytes: number | null
  /**
   * only when several annotators decided the project: per tag any annotator marked, how its state
   * was reached (export/annotator-resolution.ts), and each annotator's present and absent tags
   */
  tagResolution?: Record<string, Resolution>
  byAnnotator?: Record<string, { present: string[]; absent: string[] }>
}

/** a tag's probability from its score s (cold start, or a calibration the services hold) */
export type TagProb = (labelId: number, s: number) => number

export interface TagRowOptions {
  /** also images with some tags decided and others not */
  partial: boolean
  includeMissing: boolean
  tagProb?: TagProb
}

/** tag lists in one text cell: ';' between tags, '\;' and '\\' inside a tag's name */
const TAG_SEPARATOR = ';'

export function joinTags(tags: readonly string[]): string {
  return tags.map((t) => t.replace(/\\/g, '\\\\').replace(/;/g, '\\;')).join(TAG_SEPARATOR)
}

/** The inverse of joinTags: '' is no tag; blanks around a tag are dropped. */
export function splitTags(cell: string): string[] {
  const out: string[] = []
  let cur = ''
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!
    if (c === '\\' && i + 1 < cell.length) cur += cell[++i]
    else if (c === TAG_SEPARATOR) {
      out.push(cur)
      cur = ''
    } else cur += c
  }
  out.push(cur)
  return out.map((t) => t.trim()).filter(Boolean)
}

export function collectTagRows(
  project: Project,
  classes: readonly string[],
  o: TagRowOptions
): TagExportRow[] {
  const db = project.db
  const all = project.labels()
  const name = new Map(all.map((l) => [l.id, l.name]))
  const merged = new Map(all.map((l) => [l.id, l.mergedInto ?? l.id]))
  const into = (id: number): number => merged.get(id) ?? id
  const liveIds = all.filter((l) => !l.archived && !l.mergedInto).map((l) => l.id)
  const order = new Map(classes.map((c, i) => [c, i]))
  const byOrder = (a: string, b: string): number => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9)
  const { scale, bias } = projectTagColdStart(project)
  const prob: TagProb = o.tagProb ?? ((_l, s) => coldStartProb(s, scale, bias))
  const models = new Map(modelNames(db).map((m) => [m.model_id, m]))
  const sets = new Map(project.templateSets().map((t) => [t.id, t.name]))
  const resolver = tagResolver(db)
  return tagExportImages(db, o).map((r) => {
    // a tag's own state wins over one it inherits from a tag merged into it
    const st = new Map<number, TagState>()
    const own = tagStatesOf(db, r.id)
    for (const [l, state] of own) if (into(l) === l) st.set(l, state)
    for (const [l, state] of own) if (into(l) !== l && !st.has(into(l))) st.set(into(l), state)
    const annotators = resolver ? resolveTags(r.id, resolver, st, into, name) : undefined
    const lists = { present: [] as string[], absent: [] as string[], unsure: [] as string[] }
    for (const [l, s] of st) lists[s].push(name.get(l)!)
    const probs: Record<string, number> = {}
    const scores = r.topk ? (JSON.parse(r.topk) as [number, number][]) : []
    // a tag's own score first, as with states
    for (const [l, s] of [...scores].sort(([a], [b]) => Number(into(a) !== a) - Number(into(b) !== b))) {
      const n = name.get(into(l))
      if (n !== undefined && !(n in probs)) probs[n] = Number(prob(into(l), s).toFixed(6))
    }
    const sortedProbs: Record<string, number> = {}
    for (const k of Object.keys(probs).sort(byOrder)) sortedProbs[k] = probs[k]!
    const m = r.model_id ? models.get(r.model_id) : undefined
    return {
      imageId: r.id,
      root: r.root,
      relPath: r.rel_path,
      present: lists.present.sort(byOrder),
      absent: lists.absent.sort(byOrder),
      unsure: lists.unsure.sort(byOrder),
      undecided: liveIds.filter((l) => !st.has(l)).map((l) => name.get(l)!),
      probs: sortedProbs,
      annotator: r.annotator,
      decidedAt: r.at,
      model: m?.name ?? r.model_id,
      variant: m?.variant ?? null,
      templateSet: r.template_set_id === null ? null : (sets.get(r.template_set_id) ?? null),
      missing: r.state === 'missing',
      width: r.width,
      height: r.height,
      bytes: r.bytes,
      ...(annotators ?? {})
    }
  })
}

/**
 * Several annotators: each tag's state by the rule (adjudicated, else the majority's present or
 * absent, else as it is), changed in `st`; and what each annotator marked.
 */
function resolveTags(
  imageId: number,
  resolver: NonNullable<ReturnType<typeof tagResolver>>,
  st: Map<number, TagState>,
  into: (id: number) => number,
  name: Map<number, string>
): Pick<TagExportRow, 'tagResolution' | 'byAnnotator'> {
  const tagResolution: Record<string, Resolution> = {}
  const byAnnotator: Record<string, { present: string[]; absent: string[] }> = {}
  for (const [labelId, votes] of resolver.votes(imageId)) {
    const tag = into(labelId)
    const res = resolveVotes(votes, resolver.adjudicated.has(`${imageId}:${labelId}`))
    tagResolution[name.get(tag)!] = res.resolution
    if (res.labelId !== undefined) st.set(tag, res.labelId === null ? 'absent' : 'present')
    for (const v of votes) {
      const mine = (byAnnotator[v.annotator] ??= { present: [], absent: [] })
      mine[v.labelId === null ? 'absent' : 'present'].push(name.get(tag)!)
    }
  }
  return { tagResolution, byAnnotator }
}

/** Decided images of a tags project left out because of their file's state at the last scan. */
export function countTagLeftOut(project: Project, includeMissing: boolean): LeftOutCounts {
  const by = notOkCountsByKind(project.db, TAGS_DECIDED_CODES)
  return { missing: includeMissing ? 0 : (by.get('missing') ?? 0), unreadable: by.get('unreadable') ?? 0 }
}
