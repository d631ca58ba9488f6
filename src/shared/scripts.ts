// Which writing system a label or template uses, against what the model can read. Every model Zebra
// offers today learned from English captions, and its byte-level tokenizer turns any other script
// into tokens it never saw with meaning: a Chinese label then scores as noise, often high (it took
// top-1 on most images with probability near 1), with no error anywhere. So the app and the CLI
// say so when the text is written.

/** scripts checked, by their Unicode script property; Latin is what the models read */
const SCRIPTS = [
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Cyrillic',
  'Greek',
  'Arabic',
  'Hebrew',
  'Devanagari',
  'Bengali',
  'Tamil',
  'Thai',
  'Georgian',
  'Armenian',
  'Ethiopic'
] as const
const PATTERNS = SCRIPTS.map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'u')] as const)

/** The scripts other than Latin that `text` uses, in the order above. */
export function otherScripts(text: string): string[] {
  return PATTERNS.filter(([, re]) => re.test(text)).map(([s]) => s)
}

/** The models Zebra offers read these scripts (English captions). */
const MODEL_SCRIPTS = 'English (Latin script)'

/**
 * One warning for the texts written in a script the models cannot read (null when none): which
 * texts, which script, and what reads them.
 */
export function scriptWarning(texts: readonly string[], what = 'label'): string | null {
  const hits = texts.map((t) => ({ t: t.trim(), s: otherScripts(t) })).filter((h) => h.t && h.s.length > 0)
  if (hits.length === 0) return null
  const shown = hits
    .slice(0, 3)
    .map((h) => `"${h.t}" (${h.s.join(', ')})`)
    .join(', ')
  const more = hits.length > 3 ? ` and ${hits.length - 3} more` : ''
  return (
    `${hits.length === 1 ? `This ${what} is` : `These ${what}s are`} written in a script the model was not trained on: ` +
    `${shown}${more}. The models Zebra offers read ${MODEL_SCRIPTS} only, so such text scores as noise ` +
    '(often a confident wrong top-1). Write it in English; a description helps ("zebra: striped, black and white").'
  )
}
