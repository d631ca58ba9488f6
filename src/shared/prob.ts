// Formatting of fractions and probabilities for people, one function each for the renderer and the
// CLI: pct for rates and scores, probPct where 99.93% must not read as 100%.

/** A fraction as a percentage with a fixed number of decimals: pct(0.1234) is "12.3%". */
export function pct(x: number, digits = 1): string {
  return `${(x * 100).toFixed(digits)}%`
}

/**
 * A probability as a percentage that never reads "100%" (or "0%") unless it is exactly 1 (or 0):
 * two decimals, and more where two would round to the bound (0.99996 -> "99.996%").
 */
export function probPct(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '–'
  if (x >= 1) return '100%'
  if (x <= 0) return '0%'
  for (let d = digits; d <= 8; d++) {
    const s = (x * 100).toFixed(d)
    if (Number(s) < 100 && Number(s) > 0) return `${s}%`
  }
  return x > 0.5 ? `>${(100 - 1e-6).toFixed(6)}%` : `<${(1e-6).toFixed(6)}%`
}
