// Fuzzy label search for corrections (fuse.js): matches names, descriptions and the names of labels
// merged into a label (typing a merged name finds the label it went into), tolerant of typos.
import Fuse from 'fuse.js'
import type { Label } from '../../../shared/contract'

export interface LabelSearch {
  search(query: string, limit?: number): Label[]
  /** the active label whose name, or a merged label's name, is exactly `query` (any case) */
  exact(query: string): Label | null
}

export function createLabelSearch(labels: Label[]): LabelSearch {
  const active = labels.filter((l) => !l.archived)
  const aliases = new Map<number, string[]>()
  for (const l of labels) {
    if (l.mergedInto) aliases.set(l.mergedInto, [...(aliases.get(l.mergedInto) ?? []), l.name])
  }
  const entries = active.map((label) => ({ label, aliases: aliases.get(label.id) ?? [] }))
  const fuse = new Fuse(entries, {
    keys: [
      { name: 'label.name', weight: 3 },
      { name: 'aliases', weight: 2 },
      { name: 'label.descriptions', weight: 1 }
    ],
    threshold: 0.4,
    ignoreLocation: true
  })
  const exact = (query: string): Label | null => {
    const q = query.trim().toLowerCase()
    if (!q) return null
    const hit = entries.find(
      (e) => e.label.name.toLowerCase() === q || e.aliases.some((a) => a.toLowerCase() === q)
    )
    return hit?.label ?? null
  }
  return {
    exact,
    search(query, limit = 12) {
      const q = query.trim()
      if (!q) return active.slice(0, limit)
      // an exact (case-insensitive) name always comes first, whatever fuse's scores say
      const first = exact(q)
      const hits = fuse.search(q, { limit: limit + 1 }).map((r) => r.item.label)
      const ordered = first ? [first, ...hits.filter((l) => l.id !== first.id)] : hits
      return ordered.slice(0, limit)
    }
  }
}
