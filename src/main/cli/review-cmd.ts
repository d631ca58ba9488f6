// zebra review next|decide|undo|redo|stats: review from scripts, through the review service the app
// uses. A tags project is decided per image with --tags (the tags present; every other tag absent)
// and --unsure; `review next` then shows each tag's probability and state. --adjudicate records a
// reviewer's adjudicated label; `review disagreements` and `review sample` are in adjudicate.ts.
import { Argument, type Command } from 'commander'
import type { DecisionKind, ReviewOrder, ReviewStatus, ReviewStep } from '../../shared/contract'
import { DECISION_KINDS, REVIEW_ORDERS, REVIEW_STATUSES } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { Project } from '../db/project'
import type { ReviewSession } from '../services/core/review-session'
import { registerAdjudicationCommands } from './adjudicate'
import { out, withProject } from './io'
import { collect, intArg } from './options'
import { annotatorName, reviewSession } from './project/common'
import { findTags } from './project/tag-refs'

interface DecideOpts {
  rank: number
  label?: string
  tags?: string[]
  unsure?: string[]
  annotator?: string
  adjudicate?: boolean
}

/** A tags project's decision: one undoable action over every live tag, or a skip of the image. */
async function decideTags(
  p: Project,
  session: ReviewSession,
  imageId: number,
  kind: string | undefined,
  o: DecideOpts
): Promise<ReviewStep> {
  const tagsGiven = o.tags !== undefined || o.unsure !== undefined
  if (kind === 'skipped') {
    if (tagsGiven)
      throw new AppError('invalid_input', 'A skipped image decides no tags: drop --tags and --unsure.')
    return session.decide({ imageId, kind, adjudicate: o.adjudicate })
  }
  if ((kind !== undefined && kind !== 'accepted') || !tagsGiven || o.label !== undefined)
    throw new AppError(
      'invalid_input',
      `${p.path} is a tags project: decide an image with --tags a,b (the tags present; every other tag is absent, --tags "" for none) and --unsure c, or skip it with \`skipped\`.`
    )
  const present = findTags(p, o.tags, '--tags')
  const unsure = findTags(p, o.unsure, '--unsure')
  const both = present.find((id) => unsure.includes(id))
  if (both !== undefined)
    throw new AppError(
      'invalid_input',
      `The tag "${p.activeLabels().find((l) => l.id === both)!.name}" is both in --tags and in --unsure: give it once.`
    )
  return session.decide({ imageId, kind: 'accepted', tags: { present, unsure }, adjudicate: o.adjudicate })
}

export function registerReviewCommands(program: Command): void {
  const review = program
    .command('review')
    .description('review from scripts: next, decide, undo, redo, stats, disagreements, sample')
  review
    .command('next')
    .description(
      "the next image to review as JSON: its suggestions (a tags project: each tag's probability and state)"
    )
    .argument('<project>')
    .option('--order <order>', REVIEW_ORDERS.join(' | '), 'file')
    .option('--status <status>', REVIEW_STATUSES.join(' | '), 'unreviewed')
    .option('--label <name>', 'for --order by_label')
    .option('--from <imageId>', 'the image after this one')
    .action((file: string, o: { order: string; status: string; label?: string; from?: string }) =>
      withProject(file, async (p) => {
        if (!(REVIEW_ORDERS as readonly string[]).includes(o.order))
          throw new AppError('invalid_input', `--order: ${REVIEW_ORDERS.join(', ')}`)
        if (!(REVIEW_STATUSES as readonly string[]).includes(o.status))
          throw new AppError('invalid_input', `--status: ${REVIEW_STATUSES.join(', ')}`)
        const labelId = o.label ? p.labelByName(o.label)?.id : undefined
        if (o.label && labelId === undefined) throw new AppError('invalid_input', `No label "${o.label}".`)
        const from = o.from === undefined ? undefined : Number(o.from)
        const r = reviewSession(p, annotatorName())
        try {
          const q = { order: o.order as ReviewOrder, status: o.status as ReviewStatus, labelId }
          out(await r.session.next(q, from))
        } finally {
          await r.dispose()
        }
      })
    )
  review
    .command('decide')
    .description('record a decision on one image (a tags project: --tags, every other tag absent)')
    .argument('<project>')
    .argument('<imageId>')
    .addArgument(
      new Argument('[kind]', 'the decision (a tags project: --tags instead, or skipped)').choices(
        DECISION_KINDS
      )
    )
    .option('--rank <n>', 'for accepted: which suggestion (1-5)', intArg('--rank'), 1)
    .option('--label <name>', 'for corrected: the right label')
    .option(
      '--tags <tags>',
      'a tags project: the tags present, comma-separated (names or ids); every other tag is absent',
      collect
    )
    .option('--unsure <tags>', 'a tags project: the tags you cannot tell, comma-separated', collect)
    .option('--annotator <name>')
    .option('--adjudicate', "a reviewer's adjudicated label: it outranks every annotator's decision")
    .action((file: string, imageId: string, kind: string | undefined, o: DecideOpts) =>
      withProject(file, async (p) => {
        const r = reviewSession(p, annotatorName(o.annotator))
        try {
          if (p.kind === 'tags') {
            const step = await decideTags(p, r.session, Number(imageId), kind, o)
            // a tags image has no one current label: each tag's state says what was decided
            out({
              decisionId: step.decisionId,
              imageId: step.item.image.id,
              skipped: kind === 'skipped',
              tags: (step.item.tags ?? []).map((t) => ({
                labelId: t.labelId,
                label: t.label,
                state: t.state,
                prob: t.prob
              }))
            })
            return
          }
          if (o.tags !== undefined || o.unsure !== undefined)
            throw new AppError(
              'invalid_input',
              `--tags and --unsure are for tags projects, and ${p.path} has one label per image: give the decision (accepted, corrected --label NAME, ...), or turn it into a tags project with \`zebra project kind ${p.path} tags\`.`
            )
          if (kind === undefined)
            throw new AppError('invalid_input', `Give the decision: ${DECISION_KINDS.join(', ')}.`)
          const labelId = o.label ? p.labelByName(o.label)?.id : undefined
          if (o.label && labelId === undefined) throw new AppError('invalid_input', `No label "${o.label}".`)
          const step = await r.session.decide({
            imageId: Number(imageId),
            kind: kind as DecisionKind,
            rank: o.rank,
            labelId,
            adjudicate: o.adjudicate
          })
          out({ decisionId: step.decisionId, current: step.item.current })
        } finally {
          await r.dispose()
        }
      })
    )
  for (const name of ['undo', 'redo'] as const) {
    review
      .command(name)
      .description(`${name} the annotator's latest action (a tags project's bulk mark is one action)`)
      .argument('<project>')
      .option('--annotator <name>')
      .action((file: string, o: { annotator?: string }) =>
        withProject(file, async (p) => {
          const r = reviewSession(p, annotatorName(o.annotator))
          try {
            const step = await r.session.step(name)
            out({ imageIds: step.imageIds })
          } finally {
            await r.dispose()
          }
        })
      )
  }
  registerAdjudicationCommands(review)
  review
    .command('stats')
    .argument('<project>')
    .action((file: string) =>
      withProject(file, async (p) => out(reviewSession(p, annotatorName()).session.stats()))
    )
}
