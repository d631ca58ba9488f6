// zebra templates list|add|set-default|languages: the prompt template sets of a project ("a photo
// of a {}."). Choosing another default set (or adding one with --default) re-scores the cached
// embeddings. A set may be written in another language (--language): its prompts are filled with
// the labels' names in it (zebra labels translate), and with no templates given it starts from
// that language's preset.
import { AppError } from '../../shared/errors'
import type { Command } from 'commander'
import { invokeSchemas, type TemplateSet } from '../../shared/contract'
import { PROMPT_LANGUAGES, promptLanguage } from '../../shared/prompt-languages'
import type { Project } from '../db/project'
import { out, withProject } from './io'
import { rescoreAfterChange } from './project/edit'
import { validInput } from './validate'

function findSet(p: Project, ref: string): TemplateSet {
  const sets = p.templateSets()
  const m = /^#?(\d+)$/.exec(ref.trim())
  const hit =
    sets.find((s) => s.name.toLowerCase() === ref.trim().toLowerCase()) ??
    (m ? sets.find((s) => s.id === Number(m[1])) : undefined)
  if (!hit)
    throw new AppError(
      'invalid_input',
      `No template set "${ref}" (zebra templates list ${p.path} shows them).`
    )
  return hit
}

export function registerTemplateCommands(program: Command): void {
  const templates = program
    .command('templates')
    .description('list, add and choose the prompt template sets of a project')

  templates
    .command('list')
    .argument('<project>')
    .option('--json', 'print JSON')
    .action((file: string, o: { json?: boolean }) =>
      withProject(file, async (p) => {
        const active = p.activeTemplateSetId()
        const sets = p.templateSets().map((s) => ({ ...s, default: s.id === active }))
        if (o.json) {
          out(sets)
          return
        }
        out(
          sets
            .map((s) =>
              [
                `${s.default ? '*' : ' '} #${s.id} ${s.name} (${s.templates.length})${s.language ? ` [${s.language}]` : ''}`,
                ...s.templates.map((t) => `    ${t}`)
              ].join('\n')
            )
            .join('\n')
        )
      })
    )

  templates
    .command('add')
    .argument('<project>')
    .argument('<name>')
    .argument('[templates...]', "each with {} where the label goes (default: the --language's preset)")
    .option('--language <code>', 'the language the templates are written in (zh, ja, de, …)')
    .option('--default', 'make it the default set (re-scores the suggestions)')
    .option('--no-rescore', 'do not re-score the suggestions now')
    .option('--json', 'print the set as JSON')
    .action(
      (
        file: string,
        name: string,
        list: string[],
        o: { language?: string; default?: boolean; rescore: boolean; json?: boolean }
      ) =>
        withProject(file, async (p) => {
          if (!name.trim()) throw new AppError('invalid_input', 'The template set needs a name.')
          const preset = o.language ? promptLanguage(o.language) : undefined
          if (list.length === 0 && !preset)
            throw new AppError(
              'invalid_input',
              o.language
                ? `No preset for "${o.language}" (zebra templates languages lists them): give the templates.`
                : 'Give the templates (each with {}), or --language CODE to start from its preset.'
            )
          const set = validInput(invokeSchemas['templates.save'], {
            name,
            templates: list.length ? list : preset!.templates,
            language: o.language ?? null
          })
          const t = p.saveTemplateSet(set.name, set.templates, o.default ?? false, set.language)
          out(
            o.json
              ? t
              : `added: #${t.id} ${t.name} (${t.templates.length} templates${t.language ? `, ${t.language}` : ''})${o.default ? ', default' : ''}`
          )
          if (o.default) await rescoreAfterChange(p, o.rescore)
        })
    )

  templates
    .command('set-default')
    .argument('<project>')
    .argument('<set>', 'its name, or #id')
    .option('--no-rescore', 'do not re-score the suggestions now')
    .action((file: string, ref: string, o: { rescore: boolean }) =>
      withProject(file, async (p) => {
        const t = findSet(p, ref)
        p.setActiveTemplateSet(t.id)
        out(`default: #${t.id} ${t.name}`)
        await rescoreAfterChange(p, o.rescore)
      })
    )

  templates
    .command('languages')
    .description('the languages with a template preset, and their templates')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      if (o.json) out(PROMPT_LANGUAGES)
      else
        out(
          PROMPT_LANGUAGES.map((l) => `${l.code}  ${l.name} (${l.english}): ${l.templates.join('  ')}`).join(
            '\n'
          )
        )
    })
}
