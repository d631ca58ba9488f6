// CLIP prompt ensembling over a precomputed image × prompt cosine matrix.
//
// A classifier's weight for class c is w_c = normalise(Σ_{p ∈ rows_c} e_p) over normalised prompt
// embeddings e_p (the mean and the sum normalise to the same vector). Because the score is linear,
//   x · w_c = (Σ_p x · e_p) / ‖Σ_p e_p‖,
// any ensemble's scores follow from the one prompt matrix S = X · Eᵀ by summing columns and
// dividing by a per-class norm — no further matrix products, which is what makes greedy template
// selection over thousands of images cheap.

/** ‖Σ_{p ∈ rows} e_p‖ for normalised prompt embeddings E (P×d). */
export function sumNorm(e: Float32Array, d: number, rows: readonly number[]): number {
  const acc = new Float64Array(d)
  for (const p of rows) {
    const o = p * d
    for (let k = 0; k < d; k++) acc[k] += e[o + k]
  }
  let s = 0
  for (let k = 0; k < d; k++) s += acc[k] * acc[k]
  return Math.sqrt(s)
}

/**
 * Class scores (n×C cosines with the ensembled class weights) from the prompt matrix S (n×P),
 * for a classifier given as the prompt rows of each class.
 */
export function ensembleScores(
  s: Float32Array,
  n: number,
  p: number,
  e: Float32Array,
  d: number,
  classRows: readonly (readonly number[])[]
): Float32Array {
  const c = classRows.length
  const out = new Float32Array(n * c)
  const inv = classRows.map((rows) => {
    const norm = sumNorm(e, d, rows)
    return norm > 0 ? 1 / norm : 0
  })
  for (let i = 0; i < n; i++) {
    const so = i * p
    const oo = i * c
    for (let k = 0; k < c; k++) {
      const rows = classRows[k]
      let acc = 0
      for (let r = 0; r < rows.length; r++) acc += s[so + rows[r]]
      out[oo + k] = acc * inv[k]
    }
  }
  return out
}
