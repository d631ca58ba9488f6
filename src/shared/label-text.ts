// How a label is written as one line of text ("name: description", the new-project form's and the
// correction panel's), and how a label's synonyms are stored: as descriptions starting with "aka:" (or "synonym:"), so
// they travel with the label everywhere descriptions do, and clip/names.ts turns them into extra
// class names (prompts "a photo of a {synonym}") rather than description prompts. The settings
// screen and the CLI edit synonyms and descriptions as two lists; this is the one conversion.

import type { LabelInput } from './contract'

/**
 * One "name: description" line: the name before the first colon, the rest its description (a
 * description may hold colons and commas). null when there is no name.
 */
export function parseLabelLine(line: string): LabelInput | null {
  const colon = line.indexOf(':')
  const name = (colon >= 0 ? line.slice(0, colon) : line).trim()
  const description = colon >= 0 ? line.slice(colon + 1).trim() : ''
  if (!name) return null
  return description ? { name, descriptions: [description] } : { name }
}

export const SYNONYM_PREFIX = /^\s*(aka|synonym)\s*:\s*/i

/** A label's stored descriptions split into real descriptions and synonyms. */
export function splitDescriptions(stored: readonly string[]): { descriptions: string[]; synonyms: string[] } {
  const descriptions: string[] = []
  const synonyms: string[] = []
  for (const d of stored) {
    if (SYNONYM_PREFIX.test(d)) {
      const s = d.replace(SYNONYM_PREFIX, '').trim()
      if (s) synonyms.push(s)
    } else if (d.trim()) descriptions.push(d.trim())
  }
  return { descriptions, synonyms }
}

/** The stored form: descriptions first, then one "aka: ..." entry per synonym (blanks and repeats dropped). */
export function joinDescriptions(descriptions: readonly string[], synonyms: readonly string[]): string[] {
  const uniq = (xs: readonly string[]): string[] => {
    const seen = new Set<string>()
    return xs.map((x) => x.trim()).filter((x) => x && !seen.has(x.toLowerCase()) && seen.add(x.toLowerCase()))
  }
  return [...uniq(descriptions), ...uniq(synonyms).map((s) => `aka: ${s}`)]
}
