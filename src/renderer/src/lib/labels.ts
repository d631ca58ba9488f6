// Parsing the "labels, one per line" box of the new-project form.
import type { LabelInput } from '../../../shared/contract'
import { parseLabelLine } from '../../../shared/label-text'
import { i18n } from '../i18n'

/**
 * One label per line, optionally "name: description" (parseLabelLine). Blank lines and #comments are skipped;
 * a repeated name merges its descriptions (so pasting a list twice does not create duplicates).
 */
export function parseLabels(text: string): LabelInput[] {
  const byName = new Map<string, LabelInput>()
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line.startsWith('#')) continue
    const label = parseLabelLine(line)
    if (!label) continue
    const key = label.name.toLowerCase()
    const existing = byName.get(key)
    if (existing) {
      const description = label.descriptions?.[0]
      if (description && !existing.descriptions?.includes(description)) {
        existing.descriptions = [...(existing.descriptions ?? []), description]
      }
      continue
    }
    byName.set(key, label)
  }
  return [...byName.values()]
}

/** One template per line; each must contain {} (where the label goes). */
export function parseTemplates(text: string): { templates: string[]; invalid: string[] } {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
  return { templates: lines.filter((l) => l.includes('{}')), invalid: lines.filter((l) => !l.includes('{}')) }
}

/** "train=0.8, val=0.2" -> { train: 0.8, val: 0.2 }; throws with a readable message. */
export function parseSplit(text: string): Record<string, number> | undefined {
  const t = text.trim()
  if (!t) return undefined
  const out: Record<string, number> = {}
  for (const part of t.split(/[,;\s]+/).filter(Boolean)) {
    const m = /^([a-z][a-z0-9_-]*)\s*[=:]\s*([0-9.]+)$/.exec(part)
    if (!m) throw new Error(i18n.t('export:labels.isNotNameFractionE', { part }))
    out[m[1]!] = Number(m[2])
  }
  const sum = Object.values(out).reduce((a, b) => a + b, 0)
  if (Math.abs(sum - 1) > 1e-6) throw new Error(i18n.t('export:labels.theFractionsAddUpTo', { sum }))
  return out
}
