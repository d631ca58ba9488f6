// Selection of grid positions (indices in the sorted list), kept apart from the page cache so
// 100k rows need no ids until an action runs.
export interface Selection {
  indices: Set<number>
  anchor: number | null
}

export const emptySelection = (): Selection => ({ indices: new Set(), anchor: null })

/** click toggles one; shift-click selects the range from the last anchor (inclusive). */
export function clickSelect(sel: Selection, index: number, shift: boolean): Selection {
  const indices = new Set(sel.indices)
  if (shift && sel.anchor !== null) {
    const [a, b] = sel.anchor < index ? [sel.anchor, index] : [index, sel.anchor]
    for (let i = a; i <= b; i++) indices.add(i)
    return { indices, anchor: sel.anchor }
  }
  if (indices.has(index)) indices.delete(index)
  else indices.add(index)
  return { indices, anchor: index }
}

/** The list is sorted by probability, descending: "p ≥ x" is the first `count` positions. */
export function selectPrefix(count: number): Selection {
  const indices = new Set<number>()
  for (let i = 0; i < count; i++) indices.add(i)
  return { indices, anchor: count > 0 ? 0 : null }
}

/** Page numbers (of `pageSize`) that hold the given indices. */
export function pagesFor(indices: Iterable<number>, pageSize: number): number[] {
  const pages = new Set<number>()
  for (const i of indices) pages.add(Math.floor(i / pageSize))
  return [...pages].sort((a, b) => a - b)
}
