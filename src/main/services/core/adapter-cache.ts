// What the review rooms share to produce adapted suggestions and the 'diverse' order: the image
// embeddings of a project kept in memory, the few-shot adapter kept fresh in the background, and
// scoring with it. The math lives in src/main/adapt.
import { toAppError } from '../../../shared/errors'
import { adaptedScores, fitAdapter, meanRow, type PrototypeAdapter } from '../../adapt/adapter'
import { diverseOrder } from '../../adapt/order'
import { adapterStamp, embeddingSignature } from '../../db/embeddings'
import type { TopK } from '../../db/predictions'
import type { Project } from '../../db/project'
import { topK } from '../../math/rank'
import { normalizeRows } from '../../math/rows'
import { log } from '../../log'
import type { ZeroShotScoring } from '../../clip/model-family'
import { scoringProbs } from '../../clip/scoring-probs'
import {
  embeddingModelId,
  loadEmbeddings,
  loadReviewed,
  projectTextClassifier,
  textWeightsFor,
  type EmbeddingSet,
  type EngineGetter
} from './project-data'

/**
 * Image embeddings of a project kept in memory between calls; reloaded when the project, model
 * or the set of embedded images changes (count and largest id).
 */
export class EmbeddingCache {
  /**
   * One process-wide cache, the default of every function here, so callers that do not keep their
   * own never re-read every embedding of a large project per call (100k × 512-d is 200 MB).
   */
  static readonly shared = new EmbeddingCache()

  private key = ''
  private value: EmbeddingSet | null = null
  private rowOf = new Map<number, number>()
  private meanOf: Float32Array | null = null

  get(project: Project, modelId: string): { set: EmbeddingSet; rowOf: Map<number, number> } {
    const sig = embeddingSignature(project.db, modelId)
    const key = `${project.path}\0${modelId}\0${sig.n}\0${sig.m}`
    if (key !== this.key || !this.value) {
      this.value = loadEmbeddings(project, modelId)
      this.rowOf = new Map(this.value.imageIds.map((id, i) => [id, i]))
      this.meanOf = null
      this.key = key
    }
    return { set: this.value, rowOf: this.rowOf }
  }

  /** Mean of all normalised image embeddings (the adapter's centring vector). */
  mean(project: Project, modelId: string): Float32Array {
    const { set } = this.get(project, modelId)
    this.meanOf ??= meanRow(set.embeddings, set.imageIds.length, set.dim)
    return this.meanOf
  }
}

/**
 * Keeps a project's adapter fresh without refitting on every decision: refits at once when labels,
 * templates, settings or the embedded images change (the old adapter would be wrong), and after
 * `every` new decisions in the background — callers get the current adapter meanwhile, so review
 * never waits for a refit.
 */
export class AdapterCache {
  private adapter: ProjectAdapter | null = null
  private structural = ''
  private fittedAt = 0
  private pending: Promise<void> | null = null

  constructor(
    readonly embeddings = EmbeddingCache.shared,
    readonly every = 10,
    /**
     * Refit interval grows with the log: a fit costs ~2 s at 10k reviewed images and runs on the
     * main thread, so big projects refit every 5% of their decisions instead of every 10.
     */
    readonly growth = 0.05
  ) {}

  private stamp(project: Project): { structural: string; decisions: number } {
    const r = adapterStamp(project.db)
    const structural = `${project.path}\0${project.labelVersion}\0${project.activeTemplateSetId()}\0${r.e}\0${JSON.stringify(project.settings())}`
    return { structural, decisions: r.d }
  }

  private async refit(
    project: Project,
    engine: EngineGetter,
    structural: string,
    decisions: number
  ): Promise<void> {
    try {
      this.adapter = await fitProjectAdapter(project, engine, this.embeddings)
    } catch (err) {
      // nothing to fit yet (no embeddings, no model for uncached prompts) is the usual case and
      // leaves the zero-shot suggestions; anything else is a fault worth a line in the log
      const code = toAppError(err).code
      if (code !== 'invalid_input' && code !== 'no_model') log('warn', 'the adapter could not be fitted', err)
      this.adapter = null
    }
    this.structural = structural
    this.fittedAt = decisions
  }

  /** The adapter to score with now (null when none can be fitted, e.g. no embeddings). */
  async get(project: Project, engine: EngineGetter): Promise<ProjectAdapter | null> {
    const { structural, decisions } = this.stamp(project)
    if (structural !== this.structural) {
      await this.refit(project, engine, structural, decisions)
    } else if (
      decisions - this.fittedAt >= Math.max(this.every, Math.floor(this.fittedAt * this.growth)) &&
      !this.pending
    ) {
      this.pending = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.refit(project, engine, structural, decisions))
        .finally(() => {
          this.pending = null
        })
    }
    return this.adapter
  }

  /** Waits for a background refit, if one is running (tests, shutdown). */
  async settled(): Promise<void> {
    await this.pending
  }
}

/** The adapter of a project: reviewed prototypes blended with the active zero-shot classifier. */
export interface ProjectAdapter {
  modelId: string
  /** label ids in the adapter's class order */
  labelIds: number[]
  labelNames: string[]
  /** normalised zero-shot class weights, C×D */
  text: Float32Array
  adapter: PrototypeAdapter
  temperature: number
  topK: number
  /** the model's scoring: SigLIP's own sigmoid replaces the softmax, zero-shot and adapted alike */
  scoring?: ZeroShotScoring
}

/**
 * Fits the adapter on the project's reviewed images. Pass the EmbeddingCache you keep so the
 * centring mean (over all images) is not re-read from the file on every fit.
 */
export async function fitProjectAdapter(
  project: Project,
  engine: EngineGetter,
  cache?: EmbeddingCache
): Promise<ProjectAdapter> {
  const modelId = embeddingModelId(project)
  const reviewed = loadReviewed(project, modelId)
  const cls = await projectTextClassifier(project, modelId, engine)
  const text = textWeightsFor(cls, reviewed.labels)
  const centre = (cache ?? EmbeddingCache.shared).mean(project, modelId)
  const adapter = fitAdapter({
    reviewed: reviewed.embeddings,
    labels: reviewed.truth,
    text,
    classes: reviewed.labels.length,
    dim: centre.length,
    centre
  })
  return {
    modelId,
    labelIds: reviewed.labels.map((l) => l.id),
    labelNames: reviewed.labels.map((l) => l.name),
    text,
    adapter,
    temperature: cls.temperature,
    topK: cls.topK,
    ...(cls.scoring ? { scoring: cls.scoring } : {})
  }
}

/**
 * Top-k [labelId, prob] per image for n raw or normalised embeddings (n×D), with the source of the
 * scores: 'adapted' when the blend uses reviewed examples (λ > 0), else 'zeroshot'.
 */
export function scoreAdapted(
  pa: ProjectAdapter,
  embeddings: Float32Array,
  n: number
): { top: TopK[]; source: 'adapted' | 'zeroshot' } {
  const c = pa.labelIds.length
  const x = normalizeRows(Float32Array.from(embeddings.subarray(0, n * pa.adapter.dim)), n, pa.adapter.dim)
  const scores = adaptedScores(pa.adapter, pa.text, x, n)
  const adapted = pa.adapter.lambda > 0
  // a sigmoid model keeps its own sigmoid on the blended cosine too (adapt/adapter.ts)
  const probs = scoringProbs(scores, c, pa.scoring, adapted ? pa.adapter.logitScale : pa.temperature)
  const top: TopK[] = []
  for (let i = 0; i < n; i++) {
    const row = probs.subarray(i * c, (i + 1) * c)
    top.push(topK(row, pa.topK).map((k) => [pa.labelIds[k], row[k]] as [number, number]))
  }
  return { top, source: adapted ? 'adapted' : 'zeroshot' }
}

/** Image ids in a diverse order (k-center over embeddings); `among` restricts the images. */
export function diverseOrderIds(
  project: Project,
  cache: EmbeddingCache,
  among?: number[],
  limit = 500
): number[] {
  const modelId = embeddingModelId(project)
  const { set, rowOf } = cache.get(project, modelId)
  const rows = (among ?? set.imageIds).map((id) => rowOf.get(id)).filter((r): r is number => r !== undefined)
  const d = set.dim
  const sub = new Float32Array(rows.length * d)
  rows.forEach((r, i) => sub.set(set.embeddings.subarray(r * d, (r + 1) * d), i * d))
  return diverseOrder(sub, rows.length, d, limit).map((i) => set.imageIds[rows[i]])
}
