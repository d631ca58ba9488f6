// Reading what the compare and adaptation features need out of a project file: the reviewed
// images (ground truth = the current decision when it is accepted or corrected, which includes
// labels imported from CSV), cached image embeddings of one model, and text embeddings through the
// project's text-embedding cache. Shared by the services (app) and the `zebra compare` CLI.
import type { Label, LearningCurvePoint, TemplateSet } from '../../../shared/contract'
import type { CompareReport } from '../../../shared/report'
import { AppError } from '../../../shared/errors'
import { getPreset } from '../../clip/presets'
import type { ClipEngine } from '../../clip/types'
import { embeddingRows, reviewedEmbeddingRows, type EmbeddingRow } from '../../db/embeddings'
import { fromBlob } from '../../db/vectors'
import type { Project } from '../../db/project'
import { projectModelScoring } from '../../db/model-scoring'
import { buildProjectClassifier, textEmbeddings, type TextClassifier } from '../../jobs/classifier'
import { mainModelId } from '../../jobs/prelabel'
import { learningCurve } from '../../adapt/curve'
import { meanRow } from '../../adapt/adapter'
import { compareTemplates, type CompareTemplateSet } from '../../eval/compare'
import { normalizeRows } from '../../math/rows'
import { labelNames } from '../../clip/names'

/** Loads (or returns) the engine that can embed prompts for `modelId`; null when none can. */
export type EngineGetter = () => Promise<Pick<ClipEngine, 'modelId' | 'embedTexts'> | null>

export interface EmbeddingSet {
  modelId: string
  dim: number
  imageIds: number[]
  relPaths: string[]
  /** L2-normalised, n×dim */
  embeddings: Float32Array
}

export interface ReviewedSet extends EmbeddingSet {
  /** active labels, the index space of `truth` */
  labels: Label[]
  truth: Int32Array
}

/** The model whose image embeddings the project holds (most of); throws when there are none. */
export function embeddingModelId(project: Project): string {
  const id = mainModelId(project)
  if (!id) {
    throw new AppError(
      'invalid_input',
      'This project has no image embeddings yet: pre-label it first (Pre-label, or `zebra prelabel`).'
    )
  }
  return id
}

function pack(rows: EmbeddingRow[], modelId: string): EmbeddingSet {
  const dim = rows.length ? rows[0].vec.byteLength / 4 : 0
  const embeddings = new Float32Array(rows.length * dim)
  rows.forEach((r, i) => embeddings.set(fromBlob(r.vec), i * dim))
  normalizeRows(embeddings, rows.length, dim)
  return { modelId, dim, imageIds: rows.map((r) => r.id), relPaths: rows.map((r) => r.rel), embeddings }
}

/** Every ok image with an embedding of `modelId`, in id order. */
export function loadEmbeddings(project: Project, modelId: string): EmbeddingSet {
  return pack(embeddingRows(project.db, modelId), modelId)
}

/**
 * Reviewed images with an embedding of `modelId` whose current decision is accepted or corrected
 * to an active label, in id order.
 */
export function loadReviewed(project: Project, modelId: string): ReviewedSet {
  const labels = project.activeLabels()
  const index = new Map(labels.map((l, i) => [l.id, i]))
  const rows = reviewedEmbeddingRows(project.db, modelId).filter((r) => index.has(r.label))
  return { ...pack(rows, modelId), labels, truth: Int32Array.from(rows, (r) => index.get(r.label)!) }
}

/**
 * Text embeddings from the project's cache; prompts never seen are embedded by the engine (which
 * must be the model of the image embeddings) and cached.
 */
export function projectTextEmbedder(
  project: Project,
  modelId: string,
  engine: EngineGetter
): (prompts: string[]) => Promise<Float32Array[]> {
  return async (prompts) => {
    const m = await textEmbeddings(project, modelId, prompts, async (missing) => {
      const e = await engine()
      if (!e)
        throw new AppError('no_model', 'Load the model first: some prompts have no cached text embedding.')
      if (e.modelId !== modelId) {
        throw new AppError(
          'no_model',
          "The loaded model is not the one that embedded this project's images: load that model to evaluate new prompts.",
          { expected: modelId, loaded: e.modelId }
        )
      }
      return e.embedTexts(missing)
    })
    return prompts.map((p) => m.get(p)!)
  }
}

export interface CompareProjectOptions {
  /** template sets of the project to evaluate (default: all of them, or none when presets are given) */
  templateSetIds?: number[]
  /** CLIP-paper template presets to evaluate, by name */
  presets?: string[]
  /** extra template sets (CLI --templates-file) */
  extraSets?: CompareTemplateSet[]
  greedy?: boolean
  seed?: number
}

function requireReviewed(r: ReviewedSet): void {
  if (r.imageIds.length === 0) {
    throw new AppError(
      'invalid_input',
      'No reviewed images to compare against: accept or correct some suggestions (or import labels from CSV) first.'
    )
  }
}

/** The template sets a comparison evaluates: the project's (all or the chosen), presets, extra sets. */
export function templateSetsFor(project: Project, opts: CompareProjectOptions): CompareTemplateSet[] {
  const sets: CompareTemplateSet[] = []
  const own: TemplateSet[] = project.templateSets()
  const ids =
    opts.templateSetIds ?? (opts.presets?.length || opts.extraSets?.length ? [] : own.map((s) => s.id))
  for (const id of ids) {
    const s = project.templateSet(id)
    sets.push({ name: s.name, templates: s.templates, language: s.language ?? null })
  }
  for (const name of opts.presets ?? []) {
    const p = getPreset(name)
    sets.push({ name: `${p.name} (preset)`, templates: p.templates })
  }
  sets.push(...(opts.extraSets ?? []))
  if (sets.length === 0) throw new AppError('invalid_input', 'No template sets to compare.')
  return sets
}

/** The compare report of a project: its reviewed images against the chosen template sets. */
export async function compareProject(
  project: Project,
  engine: EngineGetter,
  opts: CompareProjectOptions = {}
): Promise<CompareReport> {
  const modelId = embeddingModelId(project)
  const reviewed = loadReviewed(project, modelId)
  requireReviewed(reviewed)
  const sets = templateSetsFor(project, opts)
  return compareTemplates(
    {
      images: reviewed.embeddings,
      dim: reviewed.dim,
      imageIds: reviewed.imageIds,
      truth: reviewed.truth,
      labels: reviewed.labels.map((l) => ({ name: l.name, descriptions: l.descriptions, names: l.names })),
      templateSets: sets,
      embedTexts: projectTextEmbedder(project, modelId, engine)
    },
    {
      greedy: opts.greedy ?? true,
      seed: opts.seed ?? 0,
      logitScale: project.settings().temperature,
      scoring: projectModelScoring(project, modelId)
    }
  )
}

/** The zero-shot text classifier of the project's active template set, for its embedding model. */
export async function projectTextClassifier(
  project: Project,
  modelId: string,
  engine: EngineGetter
): Promise<TextClassifier> {
  const embed = projectTextEmbedder(project, modelId, engine)
  return buildProjectClassifier(project, modelId, embed)
}

/** Learning curve of zero-shot vs adapted top-1 on held-out reviewed images. */
export async function learningCurveProject(
  project: Project,
  engine: EngineGetter,
  opts: { seed?: number } = {}
): Promise<LearningCurvePoint[]> {
  const modelId = embeddingModelId(project)
  const reviewed = loadReviewed(project, modelId)
  requireReviewed(reviewed)
  const cls = await projectTextClassifier(project, modelId, engine)
  const text = textWeightsFor(cls, reviewed.labels)
  const all = loadEmbeddings(project, modelId)
  return learningCurve(
    {
      images: reviewed.embeddings,
      labels: reviewed.truth,
      text,
      classes: reviewed.labels.length,
      dim: reviewed.dim,
      centre: meanRow(all.embeddings, all.imageIds.length, all.dim)
    },
    { seed: opts.seed ?? 0 }
  )
}

/** Classifier rows reordered to `labels` (normalised C×D). */
export function textWeightsFor(cls: TextClassifier, labels: Label[]): Float32Array {
  const d = cls.classifier.dim
  const pos = new Map(cls.labelIds.map((id, i) => [id, i]))
  const out = new Float32Array(labels.length * d)
  labels.forEach((l, k) => {
    const i = pos.get(l.id)
    if (i === undefined) throw new AppError('internal', `Label ${l.name} is missing from the classifier.`)
    out.set(cls.classifier.weights.subarray(i * d, (i + 1) * d), k * d)
  })
  return normalizeRows(out, labels.length, d)
}

/** Display name of a label under the synonyms convention (clip/names.ts). */
export function displayName(label: Pick<Label, 'name' | 'descriptions'>): string {
  return labelNames(label.name, label.descriptions).primary
}
