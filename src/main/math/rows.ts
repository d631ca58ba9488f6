// Row-major matrix helpers shared by clip, eval and adapt: the one L2 normaliser and the one cosine of
// the code base.

/** L2-normalised copy (or in place with inPlace). A zero vector stays zero. */
export function l2normalize(v: Float32Array, inPlace = false): Float32Array {
  const out = inPlace ? v : new Float32Array(v.length)
  let s = 0
  for (let i = 0; i < v.length; i++) s += v[i] * v[i]
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0
  for (let i = 0; i < v.length; i++) out[i] = v[i] * inv
  return out
}

/** L2-normalises each row of an n×d matrix in place and returns it (zero rows stay zero). */
export function normalizeRows(m: Float32Array, n: number, d: number): Float32Array {
  for (let i = 0; i < n; i++) l2normalize(m.subarray(i * d, (i + 1) * d), true)
  return m
}

/** Cosine similarity of two vectors of one length (of raw, unnormalised embeddings); 0 when either is zero. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i]
    aa += a[i] * a[i]
    bb += b[i] * b[i]
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0
}
