// The logistic function and its log-loss, written so neither overflows: tags turn one score per
// (image, tag) into a probability with it, and scales of 100 or more put |x| far past exp's range.

/** 1 / (1 + e^-x) without overflow: exp is only ever taken of a non-positive number. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x))
  const e = Math.exp(x)
  return e / (1 + e)
}

/** log(1 + e^x) without overflow (the log-loss of a logit x on a negative example). */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))
}
