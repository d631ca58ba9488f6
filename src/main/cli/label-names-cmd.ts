// zebra labels translate: a label's names in another language, for template sets written in it
// ("一张{}的照片。" filled with 红色 rather than red). Each pair is LABEL=NAME, or LABEL=NAME: a
// description in that language; --remove drops the language from the labels named.
import type { Command } from 'commander'
import { AppError } from '../../shared/errors'
import { invokeSchemas, type LabelTranslation } from '../../shared/contract'
import { parseLabelLine } from '../../shared/label-text'
import { languageCode } from '../../shared/prompt-languages'
import { out, withProject } from './io'
import { findLabel, rescoreAfterChange } from './project/edit'
import { validInput } from './validate'

/** "red=红色" / "zebra=斑马: 黑白条纹的形状" → [label ref, translation] */
function parsePair(pair: string): [string, LabelTranslation] {
  const eq = pair.indexOf('=')
  const ref = eq > 0 ? pair.slice(0, eq).trim() : ''
  const line = eq > 0 ? parseLabelLine(pair.slice(eq + 1)) : null
  if (!ref || !line)
    throw new AppError('invalid_input', `"${pair}": write LABEL=NAME (or LABEL=NAME: description).`)
  return [ref, { name: line.name, descriptions: line.descriptions ?? [] }]
}

export function registerLabelNameCommands(labels: Command): void {
  labels
    .command('translate')
    .description('name labels in another language (LABEL=NAME, or LABEL=NAME: description)')
    .argument('<project>')
    .argument('<language>', 'a language code: zh, ja, de, es, fr, …')
    .argument('<pairs...>', 'LABEL=NAME, or with --remove just LABEL')
    .option('--remove', 'remove the language from the labels named')
    .option('--no-rescore', 'do not re-score the suggestions now')
    .action((file: string, lang: string, pairs: string[], o: { remove?: boolean; rescore: boolean }) =>
      withProject(file, async (p) => {
        const language = validInput(languageCode, lang)
        // every pair is checked before anything is written: a typo loses nothing
        const changes = pairs.map((pair) => {
          if (o.remove) return { label: findLabel(p, pair), t: null }
          const [ref, t] = parsePair(pair)
          return { label: findLabel(p, ref), t }
        })
        const shown: string[] = []
        for (const { label, t } of changes) {
          const names = { ...(label.names ?? {}) }
          if (t) names[language] = t
          else delete names[language]
          const patch = validInput(invokeSchemas['labels.update'], { id: label.id, names })
          p.updateLabel(label.id, { names: patch.names })
          shown.push(t ? `${label.name} = ${t.name}` : `${label.name} (no ${language} name)`)
        }
        out(`${language}: ${shown.join(', ')}`)
        await rescoreAfterChange(p, o.rescore)
      })
    )
}
