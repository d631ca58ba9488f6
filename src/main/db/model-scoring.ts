// Which scoring the models of a project use, for work that reads its stored scores without a loaded
// engine: the folder the project recorded for a model says (clip/model-scoring.ts). A tags
// project's cold start, the prior of every tag's calibration, is read here by the tag model, the
// export and the jobs alike.
import { folderScoring } from '../clip/model-scoring'
import type { ZeroShotScoring } from '../clip/model-family'
import { tagColdStart, type TagColdStart } from '../clip/tag-scores'
import { currentPredictionModel } from './embeddings'
import { modelDirs, modelInfo } from './predictions'
import type { Project } from './project'

/**
 * How the model behind `modelId` turns scores into probabilities, read from the folder the project
 * recorded for it (SigLIP's sigmoid needs its scale and bias even when only stored embeddings are
 * rescored); softmax for a model the project does not know.
 */
export function projectModelScoring(project: Project, modelId: string): ZeroShotScoring {
  const info = modelInfo(project.db, modelId)
  return info ? folderScoring(info.dir) : { kind: 'softmax' }
}

/**
 * A tags project's cold start for the model its scores are from (the current predictions'): the
 * prior every tag's calibration starts from and is held toward (docs/tags.md, docs/siglip.md).
 */
export function projectTagColdStart(project: Project): TagColdStart {
  // the models table has a row per model ever used: when they agree (the usual one model), no
  // need to count predictions to find the current one
  const all = modelDirs(project.db).map((m) => folderScoring(m.dir))
  const same = all.every((s) => JSON.stringify(s) === JSON.stringify(all[0]))
  let scoring: ZeroShotScoring = all[0] ?? { kind: 'softmax' }
  if (!same) {
    const current = currentPredictionModel(project.db)
    scoring = current ? projectModelScoring(project, current) : scoring
  }
  return tagColdStart(scoring, project.settings().temperature)
}
