// Label name variants ("synonyms"). The CLIP authors gained points on ImageNet by renaming
// classes (e.g. "kite" -> "kite (bird of prey)"), so the compare report evaluates the label set
// with alternative names where a label has them. Two ways to give a label alternative names:
//
// 1. In the name, separated by "|":            "kite|kite (bird of prey)|bird of prey kite"
//    The part before the first "|" is the primary name; the rest are synonyms.
// 2. As descriptions starting with "aka:" or "synonym:" (case-insensitive):
//                                              name "kite", description "aka: kite (bird of prey)"
//    Such descriptions are names, not descriptions: they are not expanded as description prompts.
//
// 3. Given directly (LabelSpec.synonyms of clip/zeroshot.ts, e.g. the CLIP paper's FER2013 preset,
//    whose classes list several names: ["happy", "smiling"]).
//
// Label.name of the database is the display name; the `|` convention keeps working there because
// the primary name is what gets shown and exported once callers use `labelNames(...).primary`.

import { SYNONYM_PREFIX } from '../../shared/label-text'

export interface LabelNames {
  primary: string
  synonyms: string[]
  /** the descriptions that are real descriptions (synonym entries removed) */
  descriptions: string[]
}

export function labelNames(
  name: string,
  descriptions: readonly string[] = [],
  extraSynonyms: readonly string[] = []
): LabelNames {
  const parts = name
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
  const primary = parts[0] ?? name.trim()
  const synonyms: string[] = []
  const seen = new Set([primary.toLowerCase()])
  const add = (s: string): void => {
    const k = s.toLowerCase()
    if (s && !seen.has(k)) {
      seen.add(k)
      synonyms.push(s)
    }
  }
  parts.slice(1).forEach(add)
  extraSynonyms.forEach((x) => add(x.trim()))
  const realDescriptions: string[] = []
  for (const d of descriptions) {
    if (SYNONYM_PREFIX.test(d)) add(d.replace(SYNONYM_PREFIX, '').trim())
    else if (d.trim()) realDescriptions.push(d.trim())
  }
  return { primary, synonyms, descriptions: realDescriptions }
}
