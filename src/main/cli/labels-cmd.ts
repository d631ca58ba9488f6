// zebra labels list|add|rename|merge|archive|unarchive|describe|translate: change what a project classifies
// after it was created. Every change that alters the prompts re-scores the cached embeddings
// (--no-rescore skips it); merging never rewrites the decision log (db/labels.ts mergeLabel).
import { scriptWarning } from '../../shared/scripts'
import { projectReads } from '../services/core/model-reads'
import { AppError } from '../../shared/errors'
import type { Command } from 'commander'
import { invokeSchemas, type Label, type LabelTranslation } from '../../shared/contract'
import { joinDescriptions, splitDescriptions } from '../../shared/label-text'
import type { Project } from '../db/project'
import { out, withProject } from './io'
import { collect } from './options'
import { findLabel, rescoreAfterChange } from './project/edit'
import { registerLabelNameCommands } from './label-names-cmd'
import { validInput } from './validate'

interface ListedLabel {
  id: number
  name: string
  descriptions: string[]
  synonyms: string[]
  color: string
  hotkey: string | null
  archived: boolean
  mergedInto: string | null
  /** the label in other languages (zebra labels translate) */
  names: Record<string, LabelTranslation>
  /** images whose current decision is this label (merged labels included) */
  decided: number
  /** decisions recorded with this very label */
  recorded: number
}

function listed(p: Project, includeInactive: boolean): ListedLabel[] {
  const labels = p.labels()
  const names = new Map(labels.map((l) => [l.id, l.name]))
  const counts = new Map(p.labelCounts().map((c) => [c.labelId, c]))
  return labels
    .filter((l) => includeInactive || !l.archived)
    .map((l) => ({
      id: l.id,
      name: l.name,
      ...splitDescriptions(l.descriptions),
      color: l.color,
      hotkey: l.hotkey,
      archived: l.archived,
      mergedInto: l.mergedInto ? (names.get(l.mergedInto) ?? null) : null,
      names: l.names ?? {},
      decided: counts.get(l.id)?.decided ?? 0,
      recorded: counts.get(l.id)?.recorded ?? 0
    }))
}

function table(rows: ListedLabel[]): string {
  const w = Math.max(5, ...rows.map((r) => r.name.length))
  const head = `${'id'.padStart(4)}  ${'label'.padEnd(w)}  decided  notes`
  const lines = rows.map((r) => {
    const notes = [
      r.mergedInto ? `merged into ${r.mergedInto} (${r.recorded} recorded)` : r.archived ? 'archived' : '',
      r.hotkey ? `key ${r.hotkey}` : '',
      ...Object.entries(r.names).map(([lang, t]) => `${lang}: ${t.name}`),
      r.synonyms.length ? `aka ${r.synonyms.join(', ')}` : '',
      r.descriptions.join('; ')
    ].filter(Boolean)
    return `${String(r.id).padStart(4)}  ${r.name.padEnd(w)}  ${String(r.decided).padStart(7)}  ${notes.join(' · ')}`
  })
  return [head, ...lines].join('\n')
}

function checkColor(c?: string): string | undefined {
  if (c !== undefined && !/^#[0-9a-fA-F]{6}$/.test(c))
    throw new AppError('invalid_input', '--color must look like #1a2b3c')
  return c
}

function checkHotkey(k?: string): string | undefined {
  if (k !== undefined && [...k].length !== 1)
    throw new AppError('invalid_input', '--hotkey must be one character')
  return k
}

const described = (l: Label): string => {
  const d = splitDescriptions(l.descriptions)
  const parts = [...d.synonyms.map((s) => `aka ${s}`), ...d.descriptions]
  return parts.length ? `${l.name}: ${parts.join('; ')}` : l.name
}

export function registerLabelCommands(program: Command): void {
  const labels = program
    .command('labels')
    .description('list and change a project’s labels: add, rename, merge, archive, describe')

  labels
    .command('list')
    .argument('<project>')
    .option('--active', 'only labels the classifier scores (no archived or merged ones)')
    .option('--json', 'print JSON')
    .action((file: string, o: { active?: boolean; json?: boolean }) =>
      withProject(file, async (p) => {
        const rows = listed(p, !o.active)
        out(o.json ? rows : table(rows))
      })
    )

  labels
    .command('add')
    .argument('<project>')
    .argument('<name>')
    .option('--description <text>', 'a description used as extra prompts (repeatable)', collect)
    .option('--synonym <name>', 'another name of the same class (repeatable)', collect)
    .option('--color <hex>', 'e.g. #1a2b3c')
    .option('--hotkey <key>', 'one character')
    .option('--no-rescore', 'do not re-score the suggestions now')
    .option('--json', 'print the label as JSON')
    .action(
      (
        file: string,
        name: string,
        o: {
          description?: string[]
          synonym?: string[]
          color?: string
          hotkey?: string
          rescore: boolean
          json?: boolean
        }
      ) =>
        withProject(file, async (p) => {
          if (!name.trim()) throw new AppError('invalid_input', 'The label needs a name.')
          const color = checkColor(o.color)
          const hotkey = checkHotkey(o.hotkey)
          const [input] = validInput(invokeSchemas['labels.add'], {
            labels: [{ name, descriptions: joinDescriptions(o.description ?? [], o.synonym ?? []) }]
          }).labels
          const descriptions = input!.descriptions ?? []
          const existed = p.labelByName(name)
          let [l] = p.addLabels([{ name, descriptions }])
          if (existed && descriptions.length) {
            const have = l!.descriptions
            l = p.updateLabel(l!.id, {
              descriptions: [...have, ...descriptions.filter((d) => !have.includes(d))]
            })
          }
          if (color || hotkey) l = p.updateLabel(l!.id, { color, hotkey })
          out(o.json ? l : `${existed ? 'already there' : 'added'}: ${described(l!)} (#${l!.id})`)
          const script = scriptWarning([name], 'label', projectReads(p))
          if (script) process.stderr.write(`zebra: warning: ${script}\n`)
          await rescoreAfterChange(p, o.rescore)
        })
    )

  labels
    .command('rename')
    .argument('<project>')
    .argument('<label>', 'its name, or #id')
    .argument('<new-name>')
    .option('--no-rescore', 'do not re-score the suggestions now')
    .action((file: string, ref: string, next: string, o: { rescore: boolean }) =>
      withProject(file, async (p) => {
        if (!next.trim()) throw new AppError('invalid_input', 'The new name is empty.')
        const l = findLabel(p, ref)
        const { name } = validInput(invokeSchemas['labels.update'], { id: l.id, name: next })
        const r = p.updateLabel(l.id, { name })
        out(`renamed: ${l.name} -> ${r.name} (#${r.id}); its decisions follow`)
        await rescoreAfterChange(p, o.rescore)
      })
    )

  labels
    .command('merge')
    .description('count every decision of <from> as <into>; the decision log keeps <from>')
    .argument('<project>')
    .argument('<from>')
    .argument('<into>')
    .option('--no-rescore', 'do not re-score the suggestions now')
    .option('--json', 'print both labels as JSON')
    .action((file: string, fromRef: string, intoRef: string, o: { rescore: boolean; json?: boolean }) =>
      withProject(file, async (p) => {
        const r = p.mergeLabel(findLabel(p, fromRef).id, findLabel(p, intoRef).id)
        const n = p.labelCounts().find((c) => c.labelId === r.from.id)?.recorded ?? 0
        out(
          o.json
            ? r
            : `merged: ${r.from.name} -> ${r.into.name} (${n} decided image${n === 1 ? '' : 's'} now count${n === 1 ? 's' : ''} as ${r.into.name})`
        )
        await rescoreAfterChange(p, o.rescore)
      })
    )

  for (const [cmd, archived] of [
    ['archive', true],
    ['unarchive', false]
  ] as const) {
    labels
      .command(cmd)
      .description(
        archived
          ? 'stop suggesting a label (its decisions stay in the log and exports)'
          : 'suggest an archived label again'
      )
      .argument('<project>')
      .argument('<labels...>')
      .option('--no-rescore', 'do not re-score the suggestions now')
      .action((file: string, refs: string[], o: { rescore: boolean }) =>
        withProject(file, async (p) => {
          const found = refs.map((r) => findLabel(p, r))
          for (const l of found) p.updateLabel(l.id, { archived })
          out(`${cmd}d: ${found.map((l) => l.name).join(', ')}`)
          await rescoreAfterChange(p, o.rescore)
        })
      )
  }

  labels
    .command('describe')
    .description('set a label’s descriptions (extra prompts) and synonyms; --add keeps the old ones')
    .argument('<project>')
    .argument('<label>')
    .argument('[descriptions...]')
    .option('--synonym <name>', 'another name of the same class (repeatable)', collect)
    .option('--add', 'add to the descriptions and synonyms instead of replacing them')
    .option('--no-rescore', 'do not re-score the suggestions now')
    .action(
      (
        file: string,
        ref: string,
        descs: string[],
        o: { synonym?: string[]; add?: boolean; rescore: boolean }
      ) =>
        withProject(file, async (p) => {
          if (descs.length === 0 && !o.synonym)
            throw new AppError('invalid_input', 'Give descriptions, --synonym NAME, or both.')
          const l = findLabel(p, ref)
          const cur = splitDescriptions(l.descriptions)
          const descriptions = o.add || descs.length === 0 ? [...cur.descriptions, ...descs] : descs
          const synonyms = o.add || !o.synonym ? [...cur.synonyms, ...(o.synonym ?? [])] : o.synonym
          const patch = validInput(invokeSchemas['labels.update'], {
            id: l.id,
            descriptions: joinDescriptions(descriptions, synonyms)
          })
          const r = p.updateLabel(l.id, { descriptions: patch.descriptions })
          out(`described: ${described(r)}`)
          await rescoreAfterChange(p, o.rescore)
        })
    )
  registerLabelNameCommands(labels)
}
