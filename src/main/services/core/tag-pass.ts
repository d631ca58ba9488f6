// One page of a tag pass (one tag's images by probability, highest first) and the tag's counts,
// as the app's tag pass and `zebra tags pass` show it: the same score index, the same TagModel,
// so both read the same probabilities.
import type { TagCalibrationView, TagPassFilter, TagPassPage } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import type { TagCalibration } from '../../adapt/tag-calibration'
import { imageInfo } from '../../db/images'
import type { Project } from '../../db/project'
import { tagPassPage, tagScoredCount } from '../../db/tag-scores'
import { tagStateCountsOf } from '../../db/tag-state'
import type { TagModel } from './tag-model'

interface TagPassQuery {
  labelId: number
  filter: TagPassFilter
  after?: { s: number; imageId: number } | null
  limit: number
  /** only images at or above this probability */
  minProb?: number
}

function calibrationView(cal: TagCalibration): TagCalibrationView {
  return cal.kind === 'calibrated'
    ? { kind: 'calibrated', a: cal.a, b: cal.b, present: cal.present, absent: cal.absent }
    : { kind: 'coldstart', present: cal.present, absent: cal.absent, needs: cal.needs }
}

export function tagPass(project: Project, model: TagModel, q: TagPassQuery): TagPassPage {
  const { labelId, filter, after, limit, minProb } = q
  if (!project.activeLabels().some((l) => l.id === labelId))
    throw new AppError('not_found', `No tag with id ${labelId} in this project (or it is archived).`)
  const minS = minProb === undefined ? null : model.scoreAt(project, labelId, minProb)
  const rows = tagPassPage(project.db, { labelId, filter, limit: limit + 1, after, minS })
  const page = rows.slice(0, limit)
  // one tag's counts (a range of image_tags_label), not a GROUP BY over every tag's decisions
  const counts = tagStateCountsOf(project.db, labelId)
  const last = page[page.length - 1]
  // the fits looked up once for the page, not once per item
  const probs = model.probs(
    project,
    labelId,
    page.map((r) => r.s)
  )
  return {
    labelId,
    items: page.map((r, i) => ({
      imageId: r.imageId,
      relPath: imageInfo(project.db, r.imageId).relPath,
      prob: probs[i]!,
      state: r.state
    })),
    after: rows.length > limit && last ? { s: last.s, imageId: last.imageId } : null,
    scored: tagScoredCount(project.db),
    ...counts,
    calibration: calibrationView(model.calibration(project, labelId)),
    checkAt: model.checkAt(project, labelId)
  }
}
