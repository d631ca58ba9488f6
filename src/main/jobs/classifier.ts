// The zero-shot text classifier of a project over the engine helper's math (clip/zeroshot.ts):
// one unit vector per active label, text embeddings cached in the project file per (model, prompt)
// so re-scoring after a label or template change never re-encodes a prompt it has seen.
import type { Label, TemplateSet } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { buildClassifier as buildZeroShot, classify, type Classifier } from '../clip/zeroshot'
import { labelNames } from '../clip/names'
import { getTextEmbeddings, putTextEmbeddings, type PredictionKey, type TopK } from '../db/predictions'
import type { Project } from '../db/project'

export interface TextClassifier {
  key: PredictionKey
  labelIds: number[]
  classifier: Classifier
  /** logit multiplier (CLIP's learned scale is 100) */
  temperature: number
  topK: number
}

export type EmbedTexts = (prompts: string[]) => Promise<Float32Array[]>

/** Text embeddings for prompts: from the project cache, the rest from the engine (then cached). */
export async function textEmbeddings(
  project: Project,
  modelId: string,
  prompts: string[],
  embed: EmbedTexts | null
): Promise<Map<string, Float32Array>> {
  const have = getTextEmbeddings(project.db, modelId, prompts)
  const missing = prompts.filter((p) => !have.has(p))
  if (missing.length > 0) {
    if (!embed)
      throw new AppError('no_model', 'Load the model first: some prompts have no cached text embedding.')
    const fresh = new Map<string, Float32Array>()
    const BATCH = 256
    for (let s = 0; s < missing.length; s += BATCH) {
      const part = missing.slice(s, s + BATCH)
      const vecs = await embed(part)
      part.forEach((p, i) => fresh.set(p, vecs[i]!))
    }
    putTextEmbeddings(project.db, modelId, fresh)
    for (const [k, v] of fresh) have.set(k, v)
  }
  return have
}

/** The project's zero-shot classifier (active labels and template set, cached text embeddings). */
export async function buildProjectClassifier(
  project: Project,
  modelId: string,
  embed: EmbedTexts | null,
  opts: { templateSet?: TemplateSet; labels?: Label[] } = {}
): Promise<TextClassifier> {
  const labels = opts.labels ?? project.activeLabels()
  if (labels.length === 0) throw new AppError('invalid_input', 'The project has no labels: add labels first.')
  const ts = opts.templateSet ?? project.activeTemplateSet()
  const classifier = await buildZeroShot(
    {
      embedTexts: async (prompts) => {
        const m = await textEmbeddings(project, modelId, prompts, embed)
        return prompts.map((p) => m.get(p)!)
      }
    },
    // "kite|kite (bird of prey)" and "aka: ..." descriptions: the primary name and its synonyms all
    // become prompts of one class (CLIP's class-name variants), never a literal "|"
    labels.map((l) => {
      const n = labelNames(l.name, l.descriptions)
      return { name: n.primary, synonyms: n.synonyms, descriptions: n.descriptions }
    }),
    ts.templates
  )
  const s = project.settings()
  return {
    key: { modelId, labelVersion: project.labelVersion, templateSetId: ts.id },
    labelIds: labels.map((l) => l.id),
    classifier,
    temperature: s.temperature,
    topK: Math.min(s.topK, labels.length)
  }
}

/** Top-k [labelId, prob] of each of n embeddings packed in `embeds` (n x dim, raw). */
export function scoreEmbeddings(c: TextClassifier, embeds: Float32Array): TopK[] {
  if (embeds.length === 0) return []
  const r = classify(embeds, c.classifier, { temperature: c.temperature, topK: c.topK })
  return r.top.map((row) => row.map((e) => [c.labelIds[e.index]!, e.prob] as [number, number]))
}
