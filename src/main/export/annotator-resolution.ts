// The label an export takes from a project several annotators decided (a merged project file, a
// team replica): the adjudicated label (a reviewer's decision is current), else the majority of
// the annotators' current labels (db/annotator-labels.ts: each annotator's own latest), else, on
// a tie, the image's current label as before, with every annotator's label beside it. A tags
// project applies the rule per tag (present or absent). A project decided by one annotator exports
// exactly as before: nothing here applies.
import { annotatorLabels, annotatorTags, logAnnotators } from '../db/annotator-labels'
import type { Db } from '../db/open'
import { adjudicatedTagStates } from '../db/tag-export-rows'

/** How an exported label was reached when several annotators decided the project. */
export type Resolution = 'adjudicated' | 'agreed' | 'majority' | 'tie'

export interface AnnotatorVote {
  annotator: string
  /** null: "none of these" (a rejection) */
  labelId: number | null
}

export interface Resolved {
  resolution: Resolution
  /** the label the annotators' majority gave (majority, agreed); undefined: keep the current one */
  labelId?: number | null
  votes: AnnotatorVote[]
}

/**
 * Per image, how to resolve its exported label; null when the log has fewer than two annotators
 * (exports then stay byte for byte what they were).
 */
export function annotatorResolver(db: Db): ((imageId: number, adjudicated: boolean) => Resolved) | null {
  if (logAnnotators(db).length < 2) return null
  const votes = new Map<number, AnnotatorVote[]>()
  for (const l of annotatorLabels(db)) {
    const list = votes.get(l.imageId) ?? []
    list.push({ annotator: l.annotator, labelId: l.labelId })
    votes.set(l.imageId, list)
  }
  return (imageId, adjudicated) => resolveVotes(votes.get(imageId) ?? [], adjudicated)
}

/** The rule on one image's votes (pure). */
export function resolveVotes(votes: AnnotatorVote[], adjudicated: boolean): Resolved {
  if (adjudicated) return { resolution: 'adjudicated', votes }
  const counts = new Map<number | null, number>()
  for (const v of votes) counts.set(v.labelId, (counts.get(v.labelId) ?? 0) + 1)
  const ranked = [...counts].sort((a, b) => b[1] - a[1])
  if (ranked.length === 0) return { resolution: 'agreed', votes }
  if (ranked.length === 1) return { resolution: 'agreed', labelId: ranked[0]![0], votes }
  if (ranked[0]![1] > ranked[1]![1]) return { resolution: 'majority', labelId: ranked[0]![0], votes }
  return { resolution: 'tie', votes }
}

/** One image's tags as each annotator marked them (present or absent; unsure has no vote). */
export type TagVotes = Map<number, AnnotatorVote[]>

/**
 * A tags project, per image: each tag's votes (labelId: the tag, null: absent, as a vote for "not
 * this tag") and whether its current state is adjudicated; null below two annotators.
 */
export function tagResolver(db: Db): { votes(imageId: number): TagVotes; adjudicated: Set<string> } | null {
  if (logAnnotators(db).length < 2) return null
  const byImage = new Map<number, TagVotes>()
  for (const t of annotatorTags(db)) {
    const tags = byImage.get(t.imageId) ?? new Map<number, AnnotatorVote[]>()
    const list = tags.get(t.labelId) ?? []
    list.push({ annotator: t.annotator, labelId: t.present ? t.labelId : null })
    tags.set(t.labelId, list)
    byImage.set(t.imageId, tags)
  }
  return { votes: (imageId) => byImage.get(imageId) ?? new Map(), adjudicated: adjudicatedTagStates(db) }
}
