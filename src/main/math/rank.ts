// Argmax and top-k. Ties go to the lower index everywhere, so eval's top-1 equals the zero-shot
// classifier's first suggestion and the adapter's choice.

/** Index of the largest value (ties: the lower index). */
export function argmax(v: ArrayLike<number>): number {
  let b = 0
  for (let k = 1; k < v.length; k++) if (v[k] > v[b]) b = k
  return b
}

/** Argmax of each row of an n×c matrix. */
export function argmaxRows(scores: Float32Array, n: number, c: number): Int32Array {
  const pred = new Int32Array(n)
  for (let i = 0; i < n; i++) pred[i] = argmax(scores.subarray(i * c, (i + 1) * c))
  return pred
}

/** Indices of the k largest values of a row, largest first (ties: lower index first). */
export function topK(row: ArrayLike<number>, k: number): number[] {
  const idx = Array.from({ length: row.length }, (_, i) => i)
  idx.sort((a, b) => row[b] - row[a] || a - b)
  return idx.slice(0, Math.max(0, Math.min(k, row.length)))
}
