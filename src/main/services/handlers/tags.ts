// The tags.* channels of a tags project (docs/tags.md): the per-tag summary (which score each tag
// is on, on how many decisions, its threshold), the tag pass (one tag's images by probability)
// and its bulk mark, and a tag's negative prompts. Probabilities come from the review service's
// tag model, so the tag pass, the review screen and `zebra tags` read the same numbers.
import type { Handlers, TagPassPage } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { imageInfo } from '../../db/images'
import type { Project } from '../../db/project'
import { markTag } from '../../db/tag-marks'
import { tagPassPage, tagScoredCount } from '../../db/tag-scores'
import { tagStateCounts } from '../../db/tag-state'
import type { ServiceContext } from '../core/context'
import type { ReviewSession } from '../core/review-session'

export type TagHandlers = Pick<Handlers, Extract<keyof Handlers, `tags.${string}`>>

function tagsProject(ctx: ServiceContext): Project {
  const project = ctx.project()
  if (project.kind !== 'tags')
    throw new AppError(
      'invalid_input',
      'This project has one label per image. Turn it into a tags project (Project settings, or `zebra project kind tags`) to decide tags.'
    )
  return project
}

export function createTagHandlers(ctx: ServiceContext, session: ReviewSession): TagHandlers {
  const model = session.tags
  return {
    'tags.summary': async ({ target }) => model.summary(tagsProject(ctx), target),
    'tags.pass': async ({ labelId, filter, after, limit, minProb }) => {
      const project = tagsProject(ctx)
      const tag = project.activeLabels().find((l) => l.id === labelId)
      if (!tag)
        throw new AppError('not_found', `No tag with id ${labelId} in this project (or it is archived).`)
      const minS = minProb === undefined ? null : model.scoreAt(project, labelId, minProb)
      const rows = tagPassPage(project.db, { labelId, filter, limit: limit + 1, after, minS })
      const page = rows.slice(0, limit)
      const counts = tagStateCounts(project.db).get(labelId) ?? { present: 0, absent: 0, unsure: 0 }
      const cal = model.calibration(project, labelId)
      const last = page[page.length - 1]
      const out: TagPassPage = {
        labelId,
        items: page.map((r) => ({
          imageId: r.imageId,
          relPath: imageInfo(project.db, r.imageId).relPath,
          prob: model.prob(project, labelId, r.s),
          state: r.state
        })),
        after: rows.length > limit && last ? { s: last.s, imageId: last.imageId } : null,
        scored: tagScoredCount(project.db),
        ...counts,
        calibration:
          cal.kind === 'calibrated'
            ? { kind: 'calibrated', a: cal.a, b: cal.b, present: cal.present, absent: cal.absent }
            : { kind: 'coldstart', present: cal.present, absent: cal.absent, needs: cal.needs },
        checkAt: model.checkAt(project, labelId)
      }
      return out
    },
    'tags.mark': async ({ labelId, state, imageIds, minProb, filter, origin }) => {
      const project = tagsProject(ctx)
      const which =
        imageIds !== undefined
          ? { imageIds }
          : { minS: model.scoreAt(project, labelId, minProb ?? 0), filter }
      const count = markTag(project.db, labelId, state, which, ctx.annotator())
      if (count > 0) ctx.emit('project.changed', { reason: 'decision', origin })
      return { count }
    },
    'tags.setNegatives': async ({ labelId, negatives }) => {
      const project = tagsProject(ctx)
      project.updateLabel(labelId, { negatives })
      await ctx.rescoreIfEmbedded(project)
      ctx.emit('project.changed', { reason: 'labels' })
      return model.summary(project)
    }
  }
}
