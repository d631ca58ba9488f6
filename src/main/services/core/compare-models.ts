// "Which model for this dataset": every model with cached image embeddings in the project, scored
// on the reviewed images they all embedded, with the project's labels and default template set
// (the classifier pre-labelling uses), its speed on this machine, and the corrections it would
// have saved against the current model. Shared by compare.models and `zebra compare --models`.
import { hostname } from 'node:os'
import type { ModelScore, ModelsReport } from '../../../shared/models-report'
import { AppError, toAppError } from '../../../shared/errors'
import { currentPredictionModel, embeddedModels } from '../../db/embeddings'
import { modelSpeeds, otherSpeedHosts } from '../../db/model-runs'
import { projectModelScoring } from '../../db/model-scoring'
import { modelInfo } from '../../db/predictions'
import type { Project } from '../../db/project'
import { evaluateModel } from '../../eval/models'
import { buildProjectClassifier, type TextClassifier } from '../../jobs/classifier'
import { measureSampleSpeed } from '../../jobs/model-speed'
import { modelsDir } from '../../paths'
import type { ModelEngines } from './model-engines'
import { displayName, loadReviewed, textWeightsFor, type ReviewedSet } from './project-data'

export interface CompareModelsOptions {
  /** time models never measured on this machine on a few images, when their folder is here (default true) */
  measure?: boolean
}

interface Candidate {
  score: ModelScore
  reviewed: ReviewedSet
  cls: TextClassifier | null
}

export function folderProblem(
  name: string,
  variant: string,
  dir: string | null
): { problem: string; neededFolder: string | null } {
  return {
    problem:
      `${name} (${variant}) has image embeddings here, but some label prompts have no text embedding of it and ` +
      `its model folder ${dir ? `(${dir}) ` : ''}was not found. Put that folder back, or the model into ${modelsDir()}, to score it.`,
    neededFolder: dir
  }
}

/** A model's row before it is scored: who it is, and no figures yet. */
export function blankModelScore(
  project: Project,
  modelId: string,
  embedded: number,
  current: string | null,
  reviewed: number
): ModelScore {
  const info = modelInfo(project.db, modelId)
  return {
    modelId,
    name: info?.name ?? modelId.slice(0, 8),
    variant: info?.variant ?? '?',
    dir: info && info.dir !== '-' ? info.dir : null,
    current: modelId === current,
    embedded,
    reviewed,
    top1: null,
    top5: null,
    corrections: null,
    savedCorrections: null,
    suggestedThreshold: null,
    thresholdWithheld: null,
    speed: null,
    speedNote: null,
    problem: null,
    neededFolder: null
  }
}

async function candidate(
  project: Project,
  modelId: string,
  embedded: number,
  current: string | null,
  engines: ModelEngines
): Promise<Candidate> {
  const reviewed = loadReviewed(project, modelId)
  const score = blankModelScore(project, modelId, embedded, current, reviewed.imageIds.length)
  const { name, variant, dir } = score
  let cls: TextClassifier | null = null
  try {
    cls = await buildProjectClassifier(project, modelId, async (prompts) => {
      const e = await engines.get(modelId)
      if (!e) throw new AppError('no_model', 'no folder')
      return e.embedTexts(prompts)
    })
  } catch (err) {
    if (toAppError(err).code !== 'no_model') throw err
    Object.assign(score, folderProblem(name, variant, dir))
  }
  if (cls && reviewed.imageIds.length === 0)
    score.problem = 'None of the reviewed images has an embedding of this model.'
  return { score, reviewed, cls: score.problem ? null : cls }
}

/** rows of `set` for `ids` (ids all present), packed n×dim */
function rowsFor(set: ReviewedSet, ids: number[]): Float32Array {
  const pos = new Map(set.imageIds.map((id, i) => [id, i]))
  const out = new Float32Array(ids.length * set.dim)
  ids.forEach((id, k) => {
    const i = pos.get(id)!
    out.set(set.embeddings.subarray(i * set.dim, (i + 1) * set.dim), k * set.dim)
  })
  return out
}

/**
 * Pre-labelling runs of fewer images than this are dominated by start-up (sessions, workers): a
 * timed sample (the same images and code for every model) says more, when one can be taken.
 */
const MIN_PRELABEL_IMAGES = 200

export async function speedOf(
  project: Project,
  s: ModelScore,
  engines: ModelEngines,
  measure: boolean
): Promise<void> {
  const host = hostname()
  const pick = (): ModelScore['speed'] => {
    const r = modelSpeeds(project.db, s.modelId, host)
    return r.prelabel && r.prelabel.images >= MIN_PRELABEL_IMAGES ? r.prelabel : (r.sample ?? r.prelabel)
  }
  s.speed = pick()
  const settled = s.speed && (s.speed.source === 'sample' || s.speed.images >= MIN_PRELABEL_IMAGES)
  if (!settled && measure && (await engines.available(s.modelId))) {
    const e = await engines.get(s.modelId)
    if (e) await measureSampleSpeed(project, e)
    s.speed = pick()
  }
  if (!s.speed) {
    const elsewhere = otherSpeedHosts(project.db, s.modelId, host)
    s.speedNote = elsewhere.length
      ? `measured on ${elsewhere.join(', ')} only, not on this machine`
      : `never measured here${measure ? ': its model folder is not here to time it' : ''}`
  }
}

export async function compareModelsProject(
  project: Project,
  engines: ModelEngines,
  opts: CompareModelsOptions = {}
): Promise<ModelsReport> {
  const t0 = performance.now()
  const models = embeddedModels(project.db)
  if (models.length === 0) {
    throw new AppError(
      'invalid_input',
      'This project has no image embeddings yet: pre-label it or import embeddings first.'
    )
  }
  const current = currentPredictionModel(project.db) ?? models[0]!.modelId
  const cands: Candidate[] = []
  for (const m of models) cands.push(await candidate(project, m.modelId, m.count, current, engines))
  const scored = cands.filter((c) => c.cls)
  if (cands.every((c) => c.reviewed.imageIds.length === 0)) {
    throw new AppError(
      'invalid_input',
      'No reviewed images to compare models on: accept or correct some suggestions (or import labels from CSV) first.'
    )
  }
  // like with like: every scored model on the same reviewed images
  let common = scored[0]?.reviewed.imageIds ?? []
  for (const c of scored.slice(1)) {
    const has = new Set(c.reviewed.imageIds)
    common = common.filter((id) => has.has(id))
  }
  const labels = project.activeLabels()
  let note: string | null = null
  if (scored.length > 1 && scored.some((c) => c.reviewed.imageIds.length > common.length)) {
    note = `Scored on the ${common.length} reviewed images every model has an embedding of.`
  }
  if (scored.length > 0 && common.length === 0) {
    note =
      'The models were embedded on different images: no reviewed image has an embedding of every model. Pre-label the same images with each to compare them.'
  }
  const temperature = project.settings().temperature
  if (common.length > 0) {
    const first = scored[0]!.reviewed
    const pos = new Map(first.imageIds.map((id, i) => [id, i]))
    const truth = Int32Array.from(common, (id) => first.truth[pos.get(id)!]!)
    for (const c of scored) {
      const r = await evaluateModel({
        images: rowsFor(c.reviewed, common),
        n: common.length,
        dim: c.reviewed.dim,
        classes: textWeightsFor(c.cls!, labels),
        c: labels.length,
        truth,
        temperature,
        scoring: projectModelScoring(project, c.score.modelId)
      })
      Object.assign(c.score, r)
    }
  }
  const base = cands.find((c) => c.score.current)?.score.corrections ?? null
  for (const c of cands) {
    if (base !== null && c.score.corrections !== null) c.score.savedCorrections = base - c.score.corrections
    await speedOf(project, c.score, engines, opts.measure ?? true)
  }
  const rows = cands.map((c) => c.score)
  rows.sort((a, b) => Number(b.current) - Number(a.current) || (b.top1 ?? -1) - (a.top1 ?? -1))
  return {
    images: common.length,
    labels: labels.map(displayName),
    templateSet: project.activeTemplateSet().name,
    currentModelId: current,
    models: rows,
    note,
    timingMs: Math.round(performance.now() - t0)
  }
}
