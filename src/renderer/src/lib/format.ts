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

/** Fractions and probabilities as percentages (shared: the CLI and the e2e specs use the same). */
export { pct, probPct } from '../../../shared/prob'
