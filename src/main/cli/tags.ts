// zebra tags status|pass|mark|negatives: a tags project (any number of labels per image, decided
// per tag; docs/tags.md) from scripts. Probabilities, calibrations and thresholds come from the
// review service's TagModel, so the CLI reads the numbers the app shows; a bulk mark is one
// undoable action (`zebra review undo`).
import { InvalidArgumentError, Option, type Command } from 'commander'
import {
  invokeSchemas,
  TAG_PASS_FILTERS,
  TAG_STATES,
  type TagPassItem,
  type TagState
} from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { DEFAULT_TAG_NEGATIVES } from '../clip/tag-scores'
import { imageInfo } from '../db/images'
import type { Project } from '../db/project'
import { markTag } from '../db/tag-marks'
import { DEFAULT_TAG_TARGET, type TagModel } from '../services/core/tag-model'
import { tagPass } from '../services/core/tag-pass'
import { out, outJsonOr, withProject } from './io'
import { collect, intArg, probArg } from './options'
import { annotatorName, reviewSession } from './project/common'
import { rescoreAfterChange } from './project/edit'
import { findTag, requireTags } from './project/tag-refs'
import { passTable, statusTable } from './tags-format'
import { validInput } from './validate'

const formatOption = (): Option =>
  new Option('--format <format>', 'table | json').choices(['table', 'json']).default('table')

/** The review service's tag model: it reads stored scores only, so no CLIP model is loaded. */
function tagModel(p: Project): TagModel {
  return reviewSession(p, annotatorName()).session.tags
}

/** Image ids, comma-separated (repeated options add up); each must be an image of the project. */
function imageIds(p: Project, lists: string[]): number[] {
  const refs = lists
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)
  const ids = refs.map((ref) => {
    const id = Number(ref)
    if (!Number.isInteger(id) || id < 1)
      throw new AppError('invalid_input', `--images: "${ref}" is not an image id (a whole number).`)
    try {
      imageInfo(p.db, id)
    } catch {
      throw new AppError('invalid_input', `--images: no image with id ${id} in this project.`)
    }
    return id
  })
  if (ids.length === 0) throw new AppError('invalid_input', '--images: give at least one image id.')
  return [...new Set(ids)]
}

/** commander argParser: a target precision, as tags.summary takes it */
function targetArg(v: string): number {
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0.5 || n > 1)
    throw new InvalidArgumentError('--target must be a precision between 0.5 and 1')
  return n
}

interface PassOpts {
  filter: string
  above?: number
  limit: number
  format: string
}

interface MarkOpts {
  present?: boolean
  absent?: boolean
  unsure?: boolean
  above?: number
  images?: string[]
  filter: string
  annotator?: string
}

export function registerTagCommands(program: Command): void {
  const tags = program
    .command('tags')
    .description(
      'a tags project: each tag’s counts, score and threshold; one tag’s images; bulk marks; negatives'
    )

  tags
    .command('status')
    .description('per tag: present/absent/unsure, which score it is on, its threshold for a target precision')
    .argument('<project>')
    .option(
      '--target <precision>',
      'the precision the thresholds aim at (0.5 to 1)',
      targetArg,
      DEFAULT_TAG_TARGET
    )
    .addOption(formatOption())
    .action((file: string, o: { target: number; format: string }) =>
      withProject(file, async (p) => {
        requireTags(p, '`zebra tags status`')
        const { target } = validInput(invokeSchemas['tags.summary'], { target: o.target })
        const s = tagModel(p).summary(p, target)
        outJsonOr(s, o.format === 'json', () => statusTable(p.path, s))
      })
    )

  tags
    .command('pass')
    .description("one tag's images by probability, highest first")
    .argument('<project>')
    .argument('<tag>', 'the tag: its name (any case) or id')
    .addOption(
      new Option('--filter <which>', TAG_PASS_FILTERS.join(' | '))
        .choices(TAG_PASS_FILTERS)
        .default('undecided')
    )
    .option('--above <p>', 'only images at or above this probability', probArg('--above'))
    .option('--limit <n>', 'at most this many images', intArg('--limit'), 50)
    .addOption(formatOption())
    .action((file: string, ref: string, o: PassOpts) =>
      withProject(file, async (p) => {
        requireTags(p, '`zebra tags pass`')
        const tag = findTag(p, ref)
        const model = tagModel(p)
        const items: TagPassItem[] = []
        let after: { s: number; imageId: number } | null = null
        let page
        do {
          const q = validInput(invokeSchemas['tags.pass'], {
            labelId: tag.id,
            filter: o.filter,
            after,
            limit: Math.min(500, o.limit - items.length),
            minProb: o.above
          })
          page = tagPass(p, model, q)
          items.push(...page.items)
          after = page.after
        } while (after && items.length < o.limit)
        const { scored, present, absent, unsure, calibration, checkAt } = page
        const listing = {
          labelId: tag.id,
          label: tag.name,
          filter: o.filter,
          above: o.above ?? null,
          scored,
          present,
          absent,
          unsure,
          calibration,
          checkAt,
          items,
          more: after !== null
        }
        outJsonOr(listing, o.format === 'json', () => passTable(listing))
      })
    )

  tags
    .command('mark')
    .description('mark one tag on many images as one undoable action (`zebra review undo` takes it back)')
    .argument('<project>')
    .argument('<tag>', 'the tag: its name (any case) or id')
    .option('--present', 'mark the tag present')
    .option('--absent', 'mark the tag absent')
    .option('--unsure', 'mark the tag unsure')
    .option('--above <p>', 'every image the filter keeps at or above this probability', probArg('--above'))
    .option('--images <ids>', 'these images, comma-separated ids', collect)
    .addOption(
      new Option('--filter <which>', `with --above: ${TAG_PASS_FILTERS.join(' | ')}`)
        .choices(TAG_PASS_FILTERS)
        .default('undecided')
    )
    .option('--annotator <name>')
    .action((file: string, ref: string, o: MarkOpts) =>
      withProject(file, async (p) => {
        requireTags(p, '`zebra tags mark`')
        const states = TAG_STATES.filter((s) => o[s])
        if (states.length !== 1)
          throw new AppError('invalid_input', 'Give one of --present, --absent or --unsure.')
        if ((o.above === undefined) === (o.images === undefined))
          throw new AppError('invalid_input', 'Give either --above P (by probability) or --images ID,ID.')
        const tag = findTag(p, ref)
        const state: TagState = states[0]!
        const input = validInput(invokeSchemas['tags.mark'], {
          labelId: tag.id,
          state,
          imageIds: o.images === undefined ? undefined : imageIds(p, o.images),
          minProb: o.above,
          filter: o.filter
        })
        const which =
          input.imageIds !== undefined
            ? { imageIds: input.imageIds }
            : { minS: tagModel(p).scoreAt(p, tag.id, input.minProb ?? 0), filter: input.filter }
        const n = markTag(p.db, tag.id, state, which, annotatorName(o.annotator))
        out(
          `${n} marked ${tag.name} ${state}${n > 0 ? ` (one action: \`zebra review undo ${p.path}\` takes it back)` : ''}`
        )
      })
    )

  tags
    .command('negatives')
    .description(
      "show or set a tag's negative prompts (its score is cos(tag prompts) - cos(negatives)); re-scores"
    )
    .argument('<project>')
    .argument('<tag>', 'the tag: its name (any case) or id')
    .option('--set <prompts>', 'full prompts, comma-separated (repeat to add more)', collect)
    .option('--clear', 'back to the default neutral prompts')
    .addOption(formatOption())
    .action((file: string, ref: string, o: { set?: string[]; clear?: boolean; format: string }) =>
      withProject(file, async (p) => {
        requireTags(p, '`zebra tags negatives`')
        let tag = findTag(p, ref)
        if (o.set !== undefined && o.clear)
          throw new AppError('invalid_input', 'Give --set or --clear, not both.')
        if (o.set !== undefined || o.clear) {
          const prompts = (o.set ?? [])
            .flatMap((s) => s.split(','))
            .map((s) => s.trim())
            .filter(Boolean)
          if (o.set !== undefined && prompts.length === 0)
            throw new AppError(
              'invalid_input',
              '--set: give at least one prompt (--clear goes back to the default ones).'
            )
          const { negatives } = validInput(invokeSchemas['tags.setNegatives'], {
            labelId: tag.id,
            negatives: prompts
          })
          tag = p.updateLabel(tag.id, { negatives })
          await rescoreAfterChange(p, true)
        }
        const own = tag.negatives ?? []
        const shown = {
          labelId: tag.id,
          label: tag.name,
          negatives: own,
          default: own.length === 0,
          scoredAgainst: own.length ? own : [...DEFAULT_TAG_NEGATIVES]
        }
        outJsonOr(shown, o.format === 'json', () =>
          [
            `${tag.name}: scored against ${shown.default ? 'the default neutral prompts' : 'its own negative prompts'}`,
            ...shown.scoredAgainst.map((n) => `  ${n}`)
          ].join('\n')
        )
      })
    )
}
