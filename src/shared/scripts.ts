// Which writing system a label or template uses, against what the model can read. OpenAI's CLIP and
// MobileCLIP learned from English captions, and their byte-level tokenizer turns any other script
// into tokens they never saw with meaning: a Chinese label then scores as noise, often high (it
// took top-1 on most images with probability near 1), with no error anywhere. So the app and the
// CLI say so when the text is written, unless the model reads other languages: SigLIP 2 and the
// M-CLIP text encoders (~100 languages), and the demo model the Chinese words of its world.

/** What a model reads: English only, the demo's English and Chinese words, or ~100 languages. */
export type ModelReads = 'english' | 'demo' | 'multilingual'

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

/**
 * One warning for the texts written in a script the model cannot read (null when none, or when
 * the model reads every language): which texts, which script, and what reads them.
 */
export function scriptWarning(
  texts: readonly string[],
  what = 'label',
  reads: ModelReads = 'english'
): string | null {
  if (reads === 'multilingual') return null
  // the demo model was taught its world's Chinese words: Han passes, other scripts do not
  const unread = (t: string): string[] => otherScripts(t).filter((s) => reads !== 'demo' || s !== 'Han')
  const hits = texts.map((t) => ({ t: t.trim(), s: unread(t) })).filter((h) => h.t && h.s.length > 0)
  if (hits.length === 0) return null
  const shown = hits
    .slice(0, 3)
    .map((h) => `"${h.t}" (${h.s.join(', ')})`)
    .join(', ')
  const more = hits.length > 3 ? ` and ${hits.length - 3} more` : ''
  return (
    `${hits.length === 1 ? `This ${what} is` : `These ${what}s are`} written in a script the model was not trained on: ` +
    `${shown}${more}. ${reads === 'demo' ? 'The demo model reads English and the Chinese words of its world' : 'This model reads English (Latin script)'} only, so such text scores as noise ` +
    '(often a confident wrong top-1). Write it in English (a description helps: "zebra: striped, black and white"), ' +
    'or choose a model that reads it: SigLIP 2, or an M-CLIP text encoder for a ViT-B/32 or L/14 project.'
  )
}
