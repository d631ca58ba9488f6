export function pct(x: number, digits = 0): string {
  return `${(x * 100).toFixed(digits)}%`
}

export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–'
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${s % 60}s`
  return `${Math.floor(m / 60)}h ${m % 60}m`
}

/** Decisions per minute over a session that started at `since` (ms). */
export function perMinute(count: number, since: number, now: number): number {
  const minutes = (now - since) / 60_000
  return minutes > 0 ? count / minutes : 0
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
