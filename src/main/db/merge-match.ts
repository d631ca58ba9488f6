// What a merge matches between a copy and this project (db/merge.ts): images by content and path,
// labels by name. Nothing is guessed: an image is matched when its content hash and relative path
// name one image here (the same folder breaking a tie), or when the path differs but its content is
// unique here; anything else is listed as unmatched with why.
import type { MergeUnmatchedImage } from '../../shared/merge'
import { addLabels, labelByName } from './labels'
import type { SourceImage, SourceLog } from './merge-source'
import type { Db } from './open'
import { stmt } from './stmt'

export interface ImageMatch {
  /** source image id -> this project's image id */
  matched: Map<number, number>
  unmatched: Map<number, MergeUnmatchedImage>
}

export function matchImages(db: Db, images: Iterable<SourceImage>): ImageMatch {
  const matched = new Map<number, number>()
  const unmatched = new Map<number, MergeUnmatchedImage>()
  for (const img of images) {
    const r = matchOne(db, img)
    if (typeof r === 'number') matched.set(img.id, r)
    else unmatched.set(img.id, { relPath: img.relPath, hash: img.hash, reason: r })
  }
  return { matched, unmatched }
}

/** This project's image for `img`, or why there is none. */
function matchOne(db: Db, img: SourceImage): number | string {
  if (img.hash === null) return 'the copy never read this file (no content hash), so it cannot be matched'
  const samePath = stmt(
    db,
    `SELECT i.id, r.path AS root FROM images i JOIN roots r ON r.id = i.root_id
       WHERE i.hash = ? AND i.rel_path = ?`
  ).all(img.hash, img.relPath) as { id: number; root: string }[]
  if (samePath.length === 1) return samePath[0]!.id
  if (samePath.length > 1) {
    const sameRoot = samePath.filter((s) => s.root === img.root)
    if (sameRoot.length === 1) return sameRoot[0]!.id
    return `${samePath.length} images here have this content and path, in other folders: which one is meant is unclear`
  }
  const sameHash = stmt(db, 'SELECT id FROM images WHERE hash = ? LIMIT 2', 'pluck').all(img.hash) as number[]
  if (sameHash.length === 1) return sameHash[0]!
  if (sameHash.length > 1)
    return 'several images here have this content, none at this path: which one is meant is unclear'
  return 'no image here has this content (add its folder and scan, then merge again)'
}

export interface LabelMatch {
  /** source label id -> this project's label id */
  map: Map<number, number>
  created: string[]
}

/**
 * Maps every label the copy's decisions and suggestions name to the label of that name here (any
 * case; a merged or archived one as it is: old decisions are never rewritten), creating the ones
 * this project lacks.
 */
export function matchLabels(db: Db, source: SourceLog, used: Set<number>): LabelMatch {
  const map = new Map<number, number>()
  const created: string[] = []
  for (const id of [...used].sort((a, b) => a - b)) {
    const l = source.labels.get(id)
    if (!l) continue
    const here = labelByName(db, l.name)
    if (here) {
      map.set(id, here.id)
      continue
    }
    const [made] = addLabels(db, [{ name: l.name, descriptions: parseList(l.descriptions) }])
    map.set(id, made!.id)
    created.push(made!.name)
  }
  return { map, created }
}

function parseList(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

/** The label ids a suggestion JSON names ({top: [[labelId, p], …]}). */
export function suggestionLabels(json: string | null): number[] {
  const top = parseTop(json)
  return top ? top.map((t) => t[0]) : []
}

/** The suggestion with its label ids translated to this project's; unchanged when it has no top. */
export function remapSuggestion(json: string | null, map: Map<number, number>): string | null {
  if (json === null) return null
  const top = parseTop(json)
  if (!top) return json
  const parsed = JSON.parse(json) as { top: [number, number][] }
  parsed.top = top.map(([id, p]) => [map.get(id) ?? id, p])
  return JSON.stringify(parsed)
}

function parseTop(json: string | null): [number, number][] | null {
  if (json === null) return null
  try {
    const v = JSON.parse(json) as { top?: unknown }
    if (!Array.isArray(v?.top)) return null
    const top = v.top as unknown[]
    return top.every((t) => Array.isArray(t) && typeof t[0] === 'number') ? (top as [number, number][]) : null
  } catch {
    return null
  }
}
