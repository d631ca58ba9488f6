// A label's names in other languages as one textarea: a line per language, "zh = 斑马" or
// "zh = 斑马: 黑白条纹的形状" (the name, then a description in that language, as the new-project
// form reads "name: description").
import type { LabelTranslation } from '../../../shared/contract'
import { parseLabelLine } from '../../../shared/label-text'
import { languageCode } from '../../../shared/prompt-languages'
import { i18n } from '../i18n'

export function namesText(names: Record<string, LabelTranslation> | undefined): string {
  return Object.entries(names ?? {})
    .map(([lang, t]) => `${lang} = ${[t.name, ...t.descriptions].join(': ')}`)
    .join('\n')
}

/** The map a textarea says, or the first line it cannot read (nothing is sent then). */
export function parseNamesText(
  text: string
): { names: Record<string, LabelTranslation>; error: null } | { names: null; error: string } {
  const names: Record<string, LabelTranslation> = {}
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line) continue
    const eq = line.indexOf('=')
    const code = languageCode.safeParse(eq > 0 ? line.slice(0, eq) : '')
    const label = eq > 0 ? parseLabelLine(line.slice(eq + 1)) : null
    if (!code.success || !label)
      return { names: null, error: i18n.t('settings:labelRow.badNamesLine', { line }) }
    names[code.data] = { name: label.name, descriptions: label.descriptions ?? [] }
  }
  return { names, error: null }
}
