// The tags.* channels of a tags project (docs/tags.md): the per-tag summary (which score each tag
// is on, on how many decisions, its threshold), the tag pass (one tag's images by probability)
// and its bulk mark, and a tag's negative prompts. Probabilities come from the review service's
// tag model, so the tag pass, the review screen and `zebra tags` read the same numbers.
import type { Handlers } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { Project } from '../../db/project'
import { markTag } from '../../db/tag-marks'
import type { ServiceContext } from '../core/context'
import type { ReviewSession } from '../core/review-session'
import { tagPass } from '../core/tag-pass'

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
    'tags.pass': async (q) => tagPass(tagsProject(ctx), model, q),
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
