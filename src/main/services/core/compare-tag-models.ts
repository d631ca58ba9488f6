// "Which model for this dataset" in a tags project: every model with cached image embeddings,
// scored tag by tag (eval/tag-compare.ts) with the project's tags and default template set on the
// decided images they all embedded, with the few-shot heads' learning curve of each and its speed
// on this machine. The single-label columns (top-1, corrections, threshold) stay null.
import type { ModelScore, ModelsReport } from '../../../shared/models-report'
import { AppError, toAppError } from '../../../shared/errors'
import type { TagScorer } from '../../clip/tag-scores'
import { tagColdStart, tagScoreMatrix } from '../../clip/tag-scores'
import { currentPredictionModel, embeddedModels } from '../../db/embeddings'
import { projectModelScoring } from '../../db/model-scoring'
import type { Project } from '../../db/project'
import { tagSetScore } from '../../eval/tag-compare'
import { buildProjectClassifier } from '../../jobs/classifier'
import { blankModelScore, folderProblem, speedOf, type CompareModelsOptions } from './compare-models'
import type { ModelEngines } from './model-engines'
import { displayName } from './project-data'
import { DEFAULT_TAG_TARGET, calibratedReading } from './tag-model'
import { loadDecidedTags, tagCurvePoints, type DecidedTags } from './tag-compare'

interface Candidate {
  score: ModelScore
  decided: DecidedTags
  scorer: TagScorer | null
}

async function candidate(
  project: Project,
  modelId: string,
  embedded: number,
  current: string | null,
  engines: ModelEngines
): Promise<Candidate> {
  const decided = loadDecidedTags(project, modelId)
  const score: ModelScore = {
    ...blankModelScore(project, modelId, embedded, current, decided.imageIds.length),
    tags: null
  }
  const { name, variant, dir } = score
  let scorer: TagScorer | null = null
  try {
    const cls = await buildProjectClassifier(project, modelId, async (prompts) => {
      const e = await engines.get(modelId)
      if (!e) throw new AppError('no_model', 'no folder')
      return e.embedTexts(prompts)
    })
    scorer = cls.tags ?? null
  } catch (err) {
    if (toAppError(err).code !== 'no_model') throw err
    Object.assign(score, folderProblem(name, variant, dir))
  }
  if (scorer && decided.imageIds.length === 0)
    score.problem = 'None of the decided images has an embedding of this model.'
  return { score, decided, scorer: score.problem ? null : scorer }
}

/** `d` narrowed to the images `ids` (all present), in that order. */
function subset(d: DecidedTags, ids: number[]): DecidedTags {
  const pos = new Map(d.imageIds.map((id, i) => [id, i]))
  const tags = d.labels.length
  const embeddings = new Float32Array(ids.length * d.dim)
  const truth = new Int8Array(ids.length * tags)
  ids.forEach((id, k) => {
    const i = pos.get(id)!
    embeddings.set(d.embeddings.subarray(i * d.dim, (i + 1) * d.dim), k * d.dim)
    truth.set(d.truth.subarray(i * tags, (i + 1) * tags), k * tags)
  })
  return { ...d, imageIds: ids, embeddings, truth }
}

export async function compareTagModelsProject(
  project: Project,
  engines: ModelEngines,
  opts: CompareModelsOptions = {}
): Promise<ModelsReport> {
  const t0 = performance.now()
  const models = embeddedModels(project.db)
  if (models.length === 0)
    throw new AppError(
      'invalid_input',
      'This project has no image embeddings yet: pre-label it or import embeddings first.'
    )
  const current = currentPredictionModel(project.db) ?? models[0]!.modelId
  const cands: Candidate[] = []
  for (const m of models) cands.push(await candidate(project, m.modelId, m.count, current, engines))
  if (cands.every((c) => c.decided.imageIds.length === 0))
    throw new AppError(
      'invalid_input',
      'No decided images to compare models on: mark some tags present or absent (review, or the tag pass) first.'
    )
  const scored = cands.filter((c) => c.scorer)
  // like with like: every scored model on the same decided images
  let common = scored[0]?.decided.imageIds ?? []
  for (const c of scored.slice(1)) {
    const has = new Set(c.decided.imageIds)
    common = common.filter((id) => has.has(id))
  }
  let note: string | null = null
  if (scored.length > 1 && scored.some((c) => c.decided.imageIds.length > common.length))
    note = `Scored on the ${common.length} decided images every model has an embedding of.`
  if (scored.length > 0 && common.length === 0)
    note =
      'The models were embedded on different images: no decided image has an embedding of every model. Pre-label the same images with each to compare them.'
  const temperature = project.settings().temperature
  const set = project.activeTemplateSet()
  const labels = project.activeLabels().map(displayName)
  if (common.length > 0) {
    for (const c of scored) {
      const d = subset(c.decided, common)
      const t = c.scorer!
      const n = common.length
      // each model read at its own cold start: a sigmoid model's scale and bias, CLIP's temperature
      const cold = tagColdStart(projectModelScoring(project, c.score.modelId), temperature)
      const s = tagScoreMatrix(d.embeddings, n, d.dim, t.pos, t.neg, t.tags)
      const score = tagSetScore({ name: c.score.name, templates: set.templates }, s, d.truth, labels, {
        scale: cold.scale,
        bias: cold.bias,
        target: DEFAULT_TAG_TARGET,
        calibrate: calibratedReading(cold.scale, cold.bias)
      })
      const curve = tagCurvePoints(d, t, cold)
      c.score.tags = { ...score, curve: curve.length ? curve : null }
    }
  }
  for (const c of cands) await speedOf(project, c.score, engines, opts.measure ?? true)
  const rows = cands.map((c) => c.score)
  const mAP = (m: ModelScore): number => m.tags?.mAP ?? -1
  rows.sort((a, b) => Number(b.current) - Number(a.current) || mAP(b) - mAP(a))
  return {
    images: common.length,
    labels,
    templateSet: set.name,
    currentModelId: current,
    models: rows,
    note,
    timingMs: Math.round(performance.now() - t0),
    // the current model's scale: CLIP's temperature, or a sigmoid model's own
    tags: {
      target: DEFAULT_TAG_TARGET,
      scale: tagColdStart(projectModelScoring(project, current), temperature).scale
    }
  }
}
