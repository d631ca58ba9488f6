// `zebra duplicates`: the review screen's Duplicates source from scripts. Identical files (same
// content hash, certain) come first, then near-duplicates at the threshold chosen for the
// project's model (or --threshold); --decide labels one image's group as one undoable batch and
// refuses a group whose members' labels differ unless --mixed-ok says that is meant.
import type { Command } from 'commander'
import { labelCountsText, type DuplicateGroup, type DuplicateGroups } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Project } from '../db/project'
import { EmbeddingCache } from '../services/core/adapter-cache'
import { duplicateGroupsOf } from '../services/core/duplicate-groups'
import { decideGroup } from '../services/core/reach'
import { outJsonOr, withProject } from './io'
import { intArg, probArg } from './options'
import { annotatorName } from './project/common'

interface Options {
  identical?: boolean
  threshold?: number
  json?: boolean
  decide?: number
  label?: string
  mixedOk?: boolean
  annotator?: string
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`

function heading(level: DuplicateGroups): string {
  if (level.level === 'identical')
    return `Identical files (same content): ${plural(level.groups.length, 'group')}`
  const how = level.auto
    ? ` (chosen for this model${level.typical === null ? '' : `; an image's nearest neighbour is typically at ${level.typical.toFixed(3)}`}; --threshold to change)`
    : ''
  return `Near-duplicates at cosine >= ${level.threshold!.toFixed(3)}${how}: ${plural(level.groups.length, 'group')}`
}

function groupLine(g: DuplicateGroup, i: number): string {
  const mixed = g.mixed ? `, mixed: ${labelCountsText(g.labels)}` : ''
  return (
    `group ${i + 1} (${g.imageIds.length} images, ${g.unreviewed} unreviewed${mixed}): ` +
    g.imageIds.map((id, k) => `${id} ${g.relPaths[k]}`).join(', ')
  )
}

async function levels(p: Project, o: Options): Promise<DuplicateGroups[]> {
  const cache = new EmbeddingCache()
  const identical = await duplicateGroupsOf(p, cache, { level: 'identical' })
  if (o.identical) return [identical]
  return [identical, await duplicateGroupsOf(p, cache, { level: 'similar', threshold: o.threshold })]
}

function decide(p: Project, o: Options, level: DuplicateGroups): void {
  const label = p.labelByName(o.label!)
  if (!label) throw new AppError('invalid_input', `No label "${o.label}" in this project.`)
  p.imageFile(o.decide!) // not_found for an id not in this project, before anything is said
  const group = level.groups.find((g) => g.imageIds.includes(o.decide!))
  const imageIds = group?.imageIds ?? [o.decide!]
  if (!group)
    process.stderr.write(
      `image ${o.decide} has no ${level.level === 'identical' ? 'identical copies' : `near-duplicates at cosine >= ${level.threshold!.toFixed(3)}`}: labelling it alone\n`
    )
  if (group?.mixed && !o.mixedOk) {
    const other = group.labels.filter((l) => l.labelId !== label.id).reduce((n, l) => n + l.count, 0)
    throw new AppError(
      'invalid_input',
      `The group of image ${o.decide} is mixed (${labelCountsText(group.labels)}): labelling all ${imageIds.length} as ${label.name} changes ${plural(other, 'image')} that ${other === 1 ? 'has' : 'have'} another label. Check it first (\`zebra duplicates --json\`), then add --mixed-ok to label it anyway, or use --identical or a higher --threshold.`,
      { imageIds, labels: group.labels }
    )
  }
  const n = decideGroup(p, imageIds, label.id, annotatorName(o.annotator))
  outJsonOr(
    { decided: n, imageIds, label: label.name, mixed: group?.mixed ?? false },
    o.json,
    () =>
      `${plural(n, 'image')} labelled ${label.name} (${imageIds.join(', ')}); one step: \`zebra review undo\` reverts all`
  )
}

export function registerDuplicatesCommand(program: Command): void {
  program
    .command('duplicates')
    .description(
      'list identical files, then near-duplicate groups; with --decide ID --label NAME, label the group of that image in one undoable step'
    )
    .argument('<project>', 'project file (.zebra); near-duplicates need it pre-labelled')
    .option('--identical', 'only files with the same content (certain; no model needed)')
    .option(
      '--threshold <cosine>',
      "near-duplicates: minimum cosine of two images (default: chosen for the project's model from its own similarities)",
      probArg('--threshold')
    )
    .option(
      '--json',
      'print [{ level, threshold, auto, typical, groups: [{ imageIds, relPaths, unreviewed, labels, mixed }] }] (or the decision)'
    )
    .option(
      '--decide <imageId>',
      'the image whose group to label (its near-duplicate group; with --identical its copies)',
      intArg('--decide', 0)
    )
    .option('--label <name>', 'with --decide: the label for the whole group')
    .option('--mixed-ok', "with --decide: label a group whose members' labels differ (refused otherwise)")
    .option('--annotator <name>')
    .action((file: string, o: Options) =>
      withProject(file, async (p) => {
        if ((o.decide === undefined) !== (o.label === undefined))
          throw new AppError(
            'invalid_input',
            '--decide and --label go together: --decide IMAGE_ID --label NAME'
          )
        if (o.identical && o.threshold !== undefined)
          throw new AppError(
            'invalid_input',
            '--identical and --threshold exclude each other: identical files need no threshold'
          )
        const found = await levels(p, o)
        if (o.decide !== undefined) return decide(p, o, found.at(-1)!)
        outJsonOr(found, o.json, () =>
          found.flatMap((l) => [heading(l), ...l.groups.map(groupLine)]).join('\n')
        )
      })
    )
}
