// Average precision of one ranking, the standard non-interpolated form (scikit-learn's
// average_precision_score): AP = Σ_k (R_k − R_{k−1}) · P_k over the distinct score thresholds,
// highest first, where tied scores form one threshold. It lives on the floor because the tag
// metrics (eval/) and the tag learning curve (adapt/) both need it and are siblings.

/** AP of `scores` against `positive`; null when there is no positive (AP is undefined there). */
export function averagePrecision(
  scores: ArrayLike<number>,
  positive: ArrayLike<boolean | 0 | 1>
): number | null {
  const n = scores.length
  if (positive.length !== n)
    throw new RangeError(`averagePrecision: ${n} scores but ${positive.length} truth values`)
  let total = 0
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError(`averagePrecision: score ${i} is NaN`)
    if (positive[i]) total++
  }
  if (total === 0) return null
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b)
  let tp = 0
  let seen = 0
  let prevRecall = 0
  let ap = 0
  for (let k = 0; k < n;) {
    const s = scores[order[k]]
    // one threshold takes every image tied at it
    while (k < n && scores[order[k]] === s) {
      if (positive[order[k]]) tp++
      seen++
      k++
    }
    const recall = tp / total
    ap += (recall - prevRecall) * (tp / seen)
    prevRecall = recall
  }
  return ap
}
