// "Possible mistakes": reviewed images whose human label the model strongly disagrees with, in
// the manner of confident learning (Northcutt et al. 2021). Per-class thresholds t_k = the mean
// probability of class k over images labelled k (the model's self-confidence on that class). An
// image labelled y is flagged when some other class k has p_k ≥ t_k and p_k > p_y: the model is at
// least as sure of k as it typically is of true k's. Probabilities must be out-of-sample for the
// image (adapter.leaveOneOutProbs), or an image would vouch for its own label.

export interface Mistake {
  index: number
  label: number
  suggested: number
  prob: number
  /** p_suggested − p_label, the ranking key */
  margin: number
}

export function classThresholds(probs: Float32Array, labels: ArrayLike<number>, c: number): Float64Array {
  const sum = new Float64Array(c)
  const cnt = new Float64Array(c)
  for (let i = 0; i < labels.length; i++) {
    sum[labels[i]] += probs[i * c + labels[i]]
    cnt[labels[i]]++
  }
  // A class nobody has reviewed gets threshold 1: without evidence we do not flag toward it.
  return Float64Array.from(sum, (s, k) => (cnt[k] ? s / cnt[k] : 1))
}

export function possibleMistakes(
  probs: Float32Array,
  labels: ArrayLike<number>,
  c: number,
  limit = 100
): Mistake[] {
  const t = classThresholds(probs, labels, c)
  const out: Mistake[] = []
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]
    const py = probs[i * c + y]
    let best = -1
    for (let k = 0; k < c; k++) {
      if (k === y) continue
      const pk = probs[i * c + k]
      if (pk >= t[k] && pk > py && (best < 0 || pk > probs[i * c + best])) best = k
    }
    if (best >= 0)
      out.push({
        index: i,
        label: y,
        suggested: best,
        prob: probs[i * c + best],
        margin: probs[i * c + best] - py
      })
  }
  return out.sort((a, b) => b.margin - a.margin || a.index - b.index).slice(0, limit)
}
