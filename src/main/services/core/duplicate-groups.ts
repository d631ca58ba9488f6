// Duplicate groups of a project at two levels, shared by the review room and `zebra duplicates`:
// 'identical' files (same content hash: certain, and known before any model ran) and 'similar'
// images (embeddings at cosine ≥ a threshold; by default the one chosen for the model from its own
// similarities, see adapt/duplicate-threshold.ts). Every group carries the labels its members have
// now, so a group whose members disagree is marked mixed before one key labels them all.
import type {
  DuplicateGroup,
  DuplicateGroups,
  DuplicateLevel,
  GroupLabelCount
} from '../../../shared/contract'
import { duplicateThreshold, type DuplicateThreshold } from '../../adapt/duplicate-threshold'
import { duplicateGroups } from '../../adapt/similarity'
import { identicalFileGroups, memberLabels } from '../../db/duplicate-files'
import type { Project } from '../../db/project'
import { unreviewedAmong } from '../../db/queue-status'
import type { EmbeddingCache } from './adapter-cache'
import { embeddingModelId } from './project-data'

export interface DuplicateQuery {
  level: DuplicateLevel
  /** 'similar' only; absent: the model's own threshold */
  threshold?: number
  limit?: number
}

// Both are an n×n (or sample×n) pass over the embeddings: kept until the embedded set changes
let groupsMemo: { key: string; groups: number[][] } = { key: '', groups: [] }
let thresholdMemo: { key: string; value: DuplicateThreshold | null } = { key: '', value: null }

function setKey(project: Project, cache: EmbeddingCache): string {
  const modelId = embeddingModelId(project)
  const { set } = cache.get(project, modelId)
  return `${project.path}\0${modelId}\0${set.imageIds.length}\0${set.imageIds.at(-1)}`
}

/** The near-duplicate threshold chosen for the model that embedded the project's images. */
export async function modelDuplicateThreshold(
  project: Project,
  cache: EmbeddingCache
): Promise<DuplicateThreshold> {
  const key = setKey(project, cache)
  if (thresholdMemo.key !== key || !thresholdMemo.value) {
    const { set } = cache.get(project, embeddingModelId(project))
    thresholdMemo = { key, value: await duplicateThreshold(set.embeddings, set.imageIds.length, set.dim) }
  }
  return thresholdMemo.value!
}

/** Counts of the members' labels now, most first (ties: label id). */
function countLabels(imageIds: number[], labels: ReturnType<typeof memberLabels>): GroupLabelCount[] {
  const by = new Map<number, GroupLabelCount>()
  for (const id of imageIds) {
    const l = labels.get(id)
    if (!l) continue
    const c = by.get(l.labelId) ?? { labelId: l.labelId, label: l.label, count: 0, decided: 0 }
    c.count++
    if (l.decided) c.decided++
    by.set(l.labelId, c)
  }
  return [...by.values()].sort((a, b) => b.count - a.count || a.labelId - b.labelId)
}

function withStatus(
  project: Project,
  groups: { imageIds: number[]; relPaths: string[] }[]
): DuplicateGroup[] {
  const all = groups.flatMap((g) => g.imageIds)
  const open = unreviewedAmong(project.db, all)
  const labels = memberLabels(project.db, all)
  return groups.map(({ imageIds, relPaths }) => {
    const counts = countLabels(imageIds, labels)
    return {
      imageIds,
      relPaths,
      unreviewed: imageIds.filter((id) => open.has(id)).length,
      labels: counts,
      mixed: counts.length > 1
    }
  })
}

/**
 * The groups of one level, ordered by their first image: identical files (connected by content
 * hash), or near-duplicates (connected components of cosine ≥ threshold, two images or more).
 */
export async function duplicateGroupsOf(
  project: Project,
  cache: EmbeddingCache,
  q: DuplicateQuery
): Promise<DuplicateGroups> {
  const limit = q.limit ?? Number.POSITIVE_INFINITY
  if (q.level === 'identical') {
    const groups = identicalFileGroups(project.db).slice(0, limit)
    return {
      level: 'identical',
      threshold: null,
      auto: false,
      typical: null,
      groups: withStatus(project, groups)
    }
  }
  const chosen = q.threshold === undefined ? await modelDuplicateThreshold(project, cache) : null
  const threshold = q.threshold ?? chosen!.threshold
  const { set } = cache.get(project, embeddingModelId(project))
  const key = `${setKey(project, cache)}\0${threshold}`
  if (groupsMemo.key !== key) {
    groupsMemo = {
      key,
      groups: await duplicateGroups(set.embeddings, set.imageIds.length, set.dim, threshold)
    }
  }
  const groups = groupsMemo.groups.slice(0, limit).map((g) => ({
    imageIds: g.map((r) => set.imageIds[r]!),
    relPaths: g.map((r) => set.relPaths[r]!)
  }))
  return {
    level: 'similar',
    threshold,
    auto: chosen !== null,
    typical: chosen?.typical ?? null,
    groups: withStatus(project, groups)
  }
}
