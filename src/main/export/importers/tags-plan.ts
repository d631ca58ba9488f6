// A label import into a tags project, once its format is read: each entry's tag lists (present,
// absent, unsure; a single-label entry is its label present) become per-tag decisions, checked
// against the project (unknown tags, states already so), summarised, and unless it is a dry run
// written in one transaction as one undoable 'import' batch. An unknown tag is left out (its other
// tags still import) unless tags are created, as a single-label import does with unknown labels.
// Into a single-label project, an entry with exactly one present tag is that label.
import type { LabelImportSummary } from '../../../shared/contract'
import { appendDecisions, type DecideInput } from '../../db/decisions'
import type { Project } from '../../db/project'
import { TAG_DECISION_KIND, tagStatesOf, type TagState } from '../../db/tag-state'
import { countUnknown, importSummary, type ApplyOptions, type ImportPlan } from './plan'

export interface TagLists {
  present: string[]
  absent: string[]
  unsure: string[]
}

export interface TagImportEntry {
  ref: string
  imageId: number
  tags: TagLists
}

/**
 * The tag lists of an entry that names the tags it offers (a Label Studio config, a class list):
 * every offered tag it neither chose nor keeps unsure or undecided is absent.
 */
export function completeJudgement(
  offered: readonly string[],
  present: readonly string[],
  keep: { unsure?: readonly string[]; undecided?: readonly string[] } = {}
): TagLists {
  const lower = (xs: readonly string[]): Set<string> => new Set(xs.map((x) => x.toLowerCase()))
  const chosen = lower(present)
  const unsure = (keep.unsure ?? []).filter((t) => !chosen.has(t.toLowerCase()))
  const skip = new Set([...chosen, ...lower(unsure), ...lower(keep.undecided ?? [])])
  const seen = new Set<string>()
  const absent = offered.filter((t) => {
    const k = t.toLowerCase()
    if (skip.has(k) || seen.has(k)) return false
    seen.add(k)
    return true
  })
  return { present: [...present], absent, unsure }
}

/** A tags plan read into a single-label project: one present tag is the label; more are refused. */
export function singleFromTags(plan: ImportPlan): ImportPlan {
  if (!plan.tagEntries?.length) return plan
  const out: ImportPlan = {
    ...plan,
    entries: [...plan.entries],
    unmatched: [...plan.unmatched],
    tagEntries: []
  }
  for (const e of plan.tagEntries) {
    const p = e.tags.present
    if (p.length === 1) out.entries.push({ ref: e.ref, imageId: e.imageId, label: p[0]! })
    else if (p.length === 0) out.unlabeled++
    else
      out.unmatched.push({
        ref: e.ref,
        reason: `${p.length} tags present (${p.join(', ')}): this project has one label per image`
      })
  }
  return out
}

interface TagWrite {
  imageId: number
  tag: string
  state: TagState
}

export function applyTagPlan(project: Project, plan: ImportPlan, o: ApplyOptions): LabelImportSummary {
  // one entry per image: a later entry for the same image wins
  const byImage = new Map<number, TagImportEntry>()
  for (const e of plan.entries)
    byImage.set(e.imageId, {
      ref: e.ref,
      imageId: e.imageId,
      tags: { present: [e.label], absent: [], unsure: [] }
    })
  for (const e of plan.tagEntries ?? []) byImage.set(e.imageId, e)
  const unknown = new Map<string, { name: string; count: number }>()
  // one lookup per tag name, not per (image, tag); a merged tag's decisions go to the tag it went into
  const ids = new Map<string, number | null>()
  const lookup = (name: string): number | null => {
    const l = project.labelByName(name)
    return l ? (l.mergedInto ?? l.id) : null
  }
  const liveId = (name: string): number | null => {
    const k = name.toLowerCase()
    if (!ids.has(k)) ids.set(k, lookup(name))
    return ids.get(k)!
  }
  const writes: TagWrite[] = []
  let unchanged = 0
  let skippedUnknown = 0
  for (const e of byImage.values()) {
    const now = tagStatesOf(project.db, e.imageId)
    const states = new Map<string, { tag: string; state: TagState }>()
    // a tag listed twice keeps its last list: present, then absent, then unsure
    for (const state of ['present', 'absent', 'unsure'] as const)
      for (const tag of e.tags[state]) states.set(tag.toLowerCase(), { tag, state })
    let changed = false
    let skipped = false
    for (const { tag, state } of states.values()) {
      const id = liveId(tag)
      if (id === null) {
        countUnknown(unknown, tag)
        if (!o.createLabels) {
          skippedUnknown++
          skipped = true
          continue
        }
      } else if (now.get(id) === state) continue
      writes.push({ imageId: e.imageId, tag, state })
      changed = true
    }
    if (!changed && !skipped) unchanged++
  }
  const createdLabels = o.createLabels ? [...unknown.values()].map((u) => u.name) : []
  let imported = 0
  if (!o.dryRun && writes.length > 0) {
    project.db
      .transaction(() => {
        if (createdLabels.length) project.addLabels(createdLabels.map((name) => ({ name })))
        const items: DecideInput[] = writes.map((w) => ({
          imageId: w.imageId,
          kind: TAG_DECISION_KIND[w.state],
          // tags created just now were unknown when the plan was read
          labelId: liveId(w.tag) ?? lookup(w.tag)!
        }))
        imported = appendDecisions(project.db, items, o.annotator, 'import').length
      })
      .immediate()
  }
  // per tag: the decisions that make it present (what a single-label import counts per label)
  const perLabel: Record<string, number> = {}
  const spelled = new Map<string, string>()
  for (const w of writes) {
    if (w.state !== 'present') continue
    const k = w.tag.toLowerCase()
    if (!spelled.has(k)) spelled.set(k, project.labelByName(w.tag)?.name ?? w.tag)
    const name = spelled.get(k)!
    perLabel[name] = (perLabel[name] ?? 0) + 1
  }
  return {
    ...importSummary(o, plan, unknown, {
      matched: plan.entries.length + (plan.tagEntries?.length ?? 0),
      unchanged,
      skippedUnknown,
      imported,
      wouldImport: writes.length,
      createdLabels,
      perLabel
    }),
    tagDecisions: {
      present: writes.filter((w) => w.state === 'present').length,
      absent: writes.filter((w) => w.state === 'absent').length,
      unsure: writes.filter((w) => w.state === 'unsure').length
    }
  }
}
