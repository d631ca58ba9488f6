// Fuzzy label search for corrections (fuse.js): matches names and descriptions, tolerant of typos.
import Fuse from 'fuse.js'
import type { Label } from '../../../shared/contract'

export interface LabelSearch {
  search(query: string, limit?: number): Label[]
}

export function createLabelSearch(labels: Label[]): LabelSearch {
  const active = labels.filter((l) => !l.archived)
  const fuse = new Fuse(active, {
    keys: [
      { name: 'name', weight: 3 },
      { name: 'descriptions', weight: 1 }
    ],
    threshold: 0.4,
    ignoreLocation: true
  })
  return {
    search(query, limit = 12) {
      const q = query.trim()
      if (!q) return active.slice(0, limit)
      // an exact (case-insensitive) name always comes first, whatever fuse's scores say
      const exact = active.find((l) => l.name.toLowerCase() === q.toLowerCase())
      const hits = fuse.search(q, { limit: limit + 1 }).map((r) => r.item)
      const ordered = exact ? [exact, ...hits.filter((l) => l.id !== exact.id)] : hits
      return ordered.slice(0, limit)
    }
  }
}
