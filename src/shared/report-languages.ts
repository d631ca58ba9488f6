// "Which language's prompts work best for this dataset": the compare report's ensembles grouped
// by the language their set is written in, each language's best ensemble, best first. The
// greedy selection may mix languages, so it is left out (it is no language's own).
import { GREEDY_ENSEMBLE, type EnsembleScore } from './report'

export interface LanguageScore {
  /** a language code, or null for sets filled with the labels' own names */
  language: string | null
  /** that language's best ensemble (highest top-1, the first listed on ties) */
  best: EnsembleScore
  /** how many ensembles were scored in it */
  ensembles: number
}

export function bestByLanguage(ensembles: readonly EnsembleScore[]): LanguageScore[] {
  const by = new Map<string, LanguageScore>()
  for (const e of ensembles) {
    if (e.name === GREEDY_ENSEMBLE) continue
    const key = e.language ?? ''
    const cur = by.get(key)
    if (!cur) by.set(key, { language: e.language ?? null, best: e, ensembles: 1 })
    else {
      cur.ensembles++
      if (e.top1 > cur.best.top1) cur.best = e
    }
  }
  return [...by.values()].sort((a, b) => b.best.top1 - a.best.top1)
}
