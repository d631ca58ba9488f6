// The one row-wise softmax (max-subtracted, accumulated in double) and its max-probability form.

/** CLIP's learned logit scale: probabilities are softmax(100 · cosine). */
export const CLIP_LOGIT_SCALE = 100

/** Row-wise softmax(scale · x) of a row-major matrix with `cols` columns. */
export function softmaxRows(x: Float32Array, cols: number, scale = 1): Float32Array {
  const out = new Float32Array(x.length)
  const ex = new Float64Array(cols)
  for (let r = 0; r < x.length; r += cols) {
    let max = -Infinity
    for (let c = 0; c < cols; c++) max = Math.max(max, x[r + c])
    let sum = 0
    for (let c = 0; c < cols; c++) {
      ex[c] = Math.exp(scale * (x[r + c] - max))
      sum += ex[c]
    }
    for (let c = 0; c < cols; c++) out[r + c] = ex[c] / sum
  }
  return out
}

/** Row-wise softmax(scale · scores) of an n×c matrix; returns the max probability per row. */
export function softmaxConfidence(scores: Float32Array, n: number, c: number, scale: number): Float64Array {
  const conf = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const o = i * c
    let mx = -Infinity
    for (let k = 0; k < c; k++) mx = Math.max(mx, scores[o + k])
    let sum = 0
    for (let k = 0; k < c; k++) sum += Math.exp(scale * (scores[o + k] - mx))
    conf[i] = 1 / sum
  }
  return conf
}
