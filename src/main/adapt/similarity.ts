// Near-duplicates and text search over cached, L2-normalised image embeddings.
import { gemmABt, scoreMatrix } from '../math/gemm'

export interface Neighbour {
  index: number
  similarity: number
}

/** Rows with cosine ≥ threshold to row q (q itself excluded), most similar first. */
export function similarTo(
  emb: Float32Array,
  n: number,
  d: number,
  q: number,
  threshold: number
): Neighbour[] {
  const out: Neighbour[] = []
  for (let i = 0; i < n; i++) {
    if (i === q) continue
    let s = 0
    for (let k = 0; k < d; k++) s += emb[i * d + k] * emb[q * d + k]
    if (s >= threshold) out.push({ index: i, similarity: Math.min(1, s) })
  }
  return out.sort((a, b) => b.similarity - a.similarity || a.index - b.index)
}

/**
 * Groups of near-duplicates: connected components of the graph "cosine ≥ threshold" (so a chain
 * of near-identical frames forms one group). Only groups of two or more, each sorted ascending,
 * ordered by their first member. Computed in row blocks of the n×n similarity matrix.
 */
export async function duplicateGroups(
  emb: Float32Array,
  n: number,
  d: number,
  threshold: number
): Promise<number[][]> {
  const parent = Int32Array.from({ length: n }, (_, i) => i)
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]]
      x = parent[x]
    }
    return x
  }
  const block = 1024
  for (let i0 = 0; i0 < n; i0 += block) {
    const m = Math.min(block, n - i0)
    const s = await scoreMatrix(emb.subarray(i0 * d, (i0 + m) * d), m, d, emb, n)
    for (let a = 0; a < m; a++) {
      const i = i0 + a
      for (let j = i + 1; j < n; j++) {
        if (s[a * n + j] >= threshold) {
          const ri = find(i)
          const rj = find(j)
          if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj)
        }
      }
    }
  }
  const groups = new Map<number, number[]>()
  for (let i = 0; i < n; i++) {
    const r = find(i)
    let g = groups.get(r)
    if (!g) groups.set(r, (g = []))
    g.push(i)
  }
  return [...groups.values()].filter((g) => g.length > 1).sort((a, b) => a[0] - b[0])
}

/** Rows most similar to a (normalised) text embedding, best first. */
export function searchByEmbedding(
  query: Float32Array,
  emb: Float32Array,
  n: number,
  d: number,
  limit: number
): Neighbour[] {
  const s = gemmABt(emb, n, d, query, 1)
  return Array.from(s, (similarity, index) => ({ index, similarity }))
    .sort((a, b) => b.similarity - a.similarity || a.index - b.index)
    .slice(0, limit)
}
