// The compare report of a tags project (docs/tags.md): its decided images against the chosen
// template sets, tag by tag (eval/tag-compare.ts), and the few-shot heads' learning curve in mAP
// (adapt/tag-curve.ts) from the project's default set. Truth per (image, live tag): present 1,
// absent 0; unsure and undecided pairs count nowhere.
import { labelTextIn } from '../../../shared/prompt-languages'
import type { Label } from '../../../shared/contract'
import type { CompareReport } from '../../../shared/report'
import type { TagCurvePoint, TagLearningCurve } from '../../../shared/tag-report'
import { AppError } from '../../../shared/errors'
import { tagLearningCurve } from '../../adapt/tag-curve'
import {
  buildTagScorer,
  tagColdStart,
  type TagColdStart,
  type TagScorer,
  type TagSpec
} from '../../clip/tag-scores'
import { labelNames } from '../../clip/names'
import { embeddingBlobs } from '../../db/embeddings'
import { projectModelScoring } from '../../db/model-scoring'
import type { Project } from '../../db/project'
import { tagDecisionRows, TAG_STATE_CODES } from '../../db/tag-state'
import { fromBlob } from '../../db/vectors'
import { compareTagTemplates } from '../../eval/tag-compare'
import { seededPermutation } from '../../math/rng'
import { normalizeRows } from '../../math/rows'
import {
  embeddingModelId,
  projectTextEmbedder,
  templateSetsFor,
  type CompareProjectOptions,
  type EngineGetter
} from './project-data'
import { DEFAULT_TAG_TARGET, calibratedReading } from './tag-model'

/** Decided images of a tags project with an embedding of one model. */
export interface DecidedTags {
  modelId: string
  dim: number
  imageIds: number[]
  /** L2-normalised, n × dim */
  embeddings: Float32Array
  /** the live tags, the index space of `truth` */
  labels: Label[]
  /** n × tags: 1 present, 0 absent, -1 unsure or undecided */
  truth: Int8Array
}

/** Images with a present or absent decision on a live tag and an embedding of `modelId`, by id. */
export function loadDecidedTags(project: Project, modelId: string): DecidedTags {
  const labels = project.activeLabels()
  const tags = labels.length
  const index = new Map(labels.map((l, t) => [l.id, t]))
  const rows = new Map<number, Int8Array>()
  for (const [imageId, labelId, state] of tagDecisionRows(project.db)) {
    const t = index.get(labelId)
    const y = state === TAG_STATE_CODES.present ? 1 : state === TAG_STATE_CODES.absent ? 0 : -1
    if (t === undefined || y < 0) continue
    let row = rows.get(imageId)
    if (!row) rows.set(imageId, (row = new Int8Array(tags).fill(-1)))
    row[t] = y
  }
  const blobs = embeddingBlobs(project.db, [...rows.keys()], modelId)
  const imageIds = [...rows.keys()].filter((id) => blobs.has(id))
  const dim = imageIds.length ? blobs.get(imageIds[0])!.byteLength / 4 : 0
  const embeddings = new Float32Array(imageIds.length * dim)
  const truth = new Int8Array(imageIds.length * tags)
  imageIds.forEach((id, i) => {
    embeddings.set(fromBlob(blobs.get(id)!), i * dim)
    truth.set(rows.get(id)!, i * tags)
  })
  normalizeRows(embeddings, imageIds.length, dim)
  return { modelId, dim, imageIds, embeddings, labels, truth }
}

function requireDecided(d: DecidedTags): void {
  if (d.imageIds.length === 0)
    throw new AppError(
      'invalid_input',
      'No decided images to compare against: mark some tags present or absent (review, or the tag pass) first.'
    )
}

/** A tag's prompts as pre-labelling builds them (jobs/classifier.ts): names, synonyms, negatives. */
/** The tags' prompts' texts, in the language of a template set (null: the labels' own names). */
function tagSpecs(labels: Label[], language: string | null = null): TagSpec[] {
  return labels.map((l) => {
    const text = labelTextIn(l, language)
    const n = labelNames(text.name, text.descriptions)
    return { name: n.primary, synonyms: n.synonyms, descriptions: n.descriptions, negatives: l.negatives }
  })
}

/** The report's empty single-label part: a tags project's numbers are all in `tags`. */
function noSingleLabel(images: number, labels: string[]): Omit<CompareReport, 'timingMs' | 'tags'> {
  return {
    images,
    labels,
    templates: [],
    ensembles: [],
    detailEnsemble: null,
    perClass: [],
    confusions: [],
    confusionMatrix: [],
    cells: [],
    coverage: [],
    suggestedThreshold: null,
    thresholdWithheld: null,
    greedy: null
  }
}

/** The compare report of a tags project (see the top of this file). */
export async function compareTagsProject(
  project: Project,
  engine: EngineGetter,
  opts: CompareProjectOptions = {}
): Promise<CompareReport> {
  const t0 = performance.now()
  const modelId = embeddingModelId(project)
  const decided = loadDecidedTags(project, modelId)
  requireDecided(decided)
  const sets = templateSetsFor(project, opts)
  const cold = tagColdStart(projectModelScoring(project, modelId), project.settings().temperature)
  const { section, scorers } = await compareTagTemplates(
    {
      images: decided.embeddings,
      n: decided.imageIds.length,
      dim: decided.dim,
      truth: decided.truth,
      tags: tagSpecs(decided.labels),
      sets: sets.map((set) => ({ ...set, tags: tagSpecs(decided.labels, set.language ?? null) })),
      embedder: { embedTexts: projectTextEmbedder(project, modelId, engine) },
      negatives: cold.negatives
    },
    {
      scale: cold.scale,
      bias: cold.bias,
      target: DEFAULT_TAG_TARGET,
      calibrate: calibratedReading(cold.scale, cold.bias)
    }
  )
  // the heads start from the set the app scores with, when it was compared; else the best
  const active = project.activeTemplateSet().name
  let at = section.sets.findIndex((x) => x.name === active)
  if (at < 0) at = section.sets.findIndex((x) => x.name === section.best)
  const curve = at < 0 ? null : curveFrom(decided, scorers[at]!, section.sets[at]!.name, cold, opts.seed)
  return {
    ...noSingleLabel(section.images, section.tags),
    tags: { ...section, curve },
    timingMs: Math.round(performance.now() - t0)
  }
}

/**
 * Decided images the learning curve is drawn on at most. The curve refits every tag's head for each
 * pool size and shuffle (about 40 fits), each over the whole pool: 8000 decided images × 30 tags
 * took 18 s here, 2000 took 2.5 s. What it shows (how fast the heads learn from the first tens or
 * hundreds of decisions) is settled long before 2000, so larger projects draw it on a seeded
 * sample of that many.
 */
export const MAX_CURVE_IMAGES = 2000

/**
 * The heads' learning curve on `d` from `scorer`'s zero-shot scores read at the model's cold start
 * (empty: too few decided).
 */
export function tagCurvePoints(
  d: DecidedTags,
  scorer: TagScorer,
  cold: Pick<TagColdStart, 'scale' | 'bias'>,
  seed = 0
): TagCurvePoint[] {
  let { embeddings, truth } = d
  let n = d.imageIds.length
  const tags = d.labels.length
  if (n > MAX_CURVE_IMAGES) {
    const rows = Array.from(seededPermutation(n, seed).subarray(0, MAX_CURVE_IMAGES)).sort((a, b) => a - b)
    embeddings = new Float32Array(rows.length * d.dim)
    truth = new Int8Array(rows.length * tags)
    rows.forEach((r, k) => {
      embeddings.set(d.embeddings.subarray(r * d.dim, (r + 1) * d.dim), k * d.dim)
      truth.set(d.truth.subarray(r * tags, (r + 1) * tags), k * tags)
    })
    n = rows.length
  }
  return tagLearningCurve(
    {
      images: embeddings,
      n,
      dim: d.dim,
      present: truth,
      tags,
      pos: scorer.pos,
      neg: scorer.neg,
      scale: cold.scale,
      bias: cold.bias
    },
    { seed }
  )
}

function curveFrom(
  d: DecidedTags,
  scorer: TagScorer,
  basis: string,
  cold: Pick<TagColdStart, 'scale' | 'bias'>,
  seed = 0
): TagLearningCurve | null {
  const points = tagCurvePoints(d, scorer, cold, seed)
  return points.length ? { basis, points } : null
}

/** The learning curve alone (`zebra compare --learning-curve` on a tags project): the default set. */
export async function tagLearningCurveProject(
  project: Project,
  engine: EngineGetter,
  opts: { seed?: number } = {}
): Promise<TagLearningCurve | null> {
  const modelId = embeddingModelId(project)
  const decided = loadDecidedTags(project, modelId)
  requireDecided(decided)
  const set = project.activeTemplateSet()
  const embedder = { embedTexts: projectTextEmbedder(project, modelId, engine) }
  const cold = tagColdStart(projectModelScoring(project, modelId), project.settings().temperature)
  const scorer = await buildTagScorer(
    embedder,
    tagSpecs(decided.labels, set.language ?? null),
    set.templates,
    {
      negatives: cold.negatives
    }
  )
  return curveFrom(decided, scorer, set.name, cold, opts.seed)
}
