// Seeded, stratified train/val/test splits: within each label, images are shuffled with the seed
// and cut by largest remainder, so every label keeps the requested proportions as closely as its
// count allows, and the same seed gives the same split.
import { AppError } from '../../shared/errors'
import { mulberry32 } from '../math/rng'

export type SplitSpec = Record<string, number>

/** "train=0.8,val=0.1,test=0.1" -> { train: 0.8, val: 0.1, test: 0.1 } */
export function parseSplitArg(arg: string): SplitSpec {
  const out: SplitSpec = {}
  for (const part of arg
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^([a-z][a-z0-9_-]*)=([0-9]*\.?[0-9]+)$/.exec(part)
    if (!m)
      throw new AppError(
        'invalid_input',
        `Bad split "${part}": use name=fraction, e.g. train=0.8,val=0.1,test=0.1`
      )
    out[m[1]!] = Number(m[2])
  }
  return validateSplit(out)
}

export function validateSplit(spec: SplitSpec): SplitSpec {
  const entries = Object.entries(spec)
  const sum = entries.reduce((a, [, v]) => a + v, 0)
  if (entries.length === 0 || sum <= 0)
    throw new AppError('invalid_input', 'A split needs at least one part above 0.')
  if (entries.some(([, v]) => v < 0 || !Number.isFinite(v)))
    throw new AppError('invalid_input', 'Split fractions must be >= 0.')
  if (sum > 1 + 1e-6) throw new AppError('invalid_input', `Split fractions add up to ${sum}, more than 1.`)
  // fractions below 1 in total are scaled up: every exported image lands in some split
  return Object.fromEntries(entries.map(([k, v]) => [k, v / sum]))
}

function hashString(s: string): number {
  let h = 2166136261
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  return h >>> 0
}

/** Assigns each item to a split, stratified by `stratum(item)`; deterministic for (items, seed). */
export function assignSplits<T>(
  items: T[],
  spec: SplitSpec,
  seed: number,
  stratum: (t: T) => string,
  id: (t: T) => number
): Map<number, string> {
  const names = Object.keys(spec)
  const groups = new Map<string, T[]>()
  for (const it of items) {
    const k = stratum(it)
    const g = groups.get(k)
    if (g) g.push(it)
    else groups.set(k, [it])
  }
  const out = new Map<number, string>()
  for (const [k, g] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    g.sort((a, b) => id(a) - id(b))
    const rand = mulberry32((seed ^ hashString(k)) >>> 0)
    for (let i = g.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1))
      ;[g[i], g[j]] = [g[j]!, g[i]!]
    }
    const exact = names.map((n) => spec[n]! * g.length)
    const counts = exact.map(Math.floor)
    let left = g.length - counts.reduce((a, b) => a + b, 0)
    const order = names
      .map((_, i) => i)
      .sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b)
    for (let i = 0; left > 0; i = (i + 1) % order.length, left--) counts[order[i]!]!++
    let pos = 0
    names.forEach((n, ni) => {
      for (let c = 0; c < counts[ni]!; c++) out.set(id(g[pos++]!), n)
    })
  }
  return out
}
