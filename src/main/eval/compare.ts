// The template comparison report: every template alone, every template set as a CLIP prompt
// ensemble (with and without label descriptions, with and without label-name synonyms), a greedy
// template selection checked on held-out images, and the detailed metrics (per class, confusions,
// calibration, auto-accept coverage) of the best ensemble.
//
// Cost: one matrix product images × all distinct prompts (onnxruntime for large sizes, see
// math/gemm.ts); every ensemble and greedy step is then column sums of that matrix (ensemble.ts).
// Deterministic: the same inputs and options give the same report, except `timingMs`.
import type { CompareReport, EnsembleScore, TemplateScore } from '../../shared/report'
import { scoreMatrix } from '../math/gemm'
import { argmaxRows } from '../math/rank'
import { seededSplit } from '../math/rng'
import { normalizeRows } from '../math/rows'
import type { ZeroShotScoring } from '../clip/model-family'
import { topConfidence } from '../clip/scoring-probs'
import { CLIP_LOGIT_SCALE } from '../math/softmax'
import { ensembleScores } from './ensemble'
import { greedySelect } from './greedy'
import {
  basicScores,
  confusionCells,
  confusionMatrix,
  coverageCurve,
  expectedCalibrationError,
  largestConfusions,
  perClassScores
} from './metrics'
import { expandPrompts, fillTemplate } from '../clip/zeroshot'
import { labelNames, type LabelNames } from '../clip/names'
import { labelTextIn } from '../../shared/prompt-languages'
import { GREEDY_ENSEMBLE } from '../../shared/report'
import type { LabelTranslation } from '../../shared/contract'
import { thresholdVerdict } from './threshold'

interface CompareLabel {
  /** display name; "name|synonym|…" also gives synonyms (clip/names.ts) */
  name: string
  descriptions?: string[]
  synonyms?: string[]
  /** the label in other languages (Label.names), for sets written in them */
  names?: Record<string, LabelTranslation>
}

export interface CompareTemplateSet {
  name: string
  templates: string[]
  /** the language its templates are written in: filled with the labels' names in it */
  language?: string | null
}

export interface CompareInput {
  /** L2-normalised image embeddings, n×dim, row i belongs to imageIds[i] */
  images: Float32Array
  dim: number
  imageIds: ArrayLike<number>
  /** ground-truth label index (into `labels`) per image */
  truth: ArrayLike<number>
  labels: CompareLabel[]
  templateSets: CompareTemplateSet[]
  /** raw or normalised text embeddings, one per prompt (normalised here) */
  embedTexts(prompts: string[]): Promise<Float32Array[]>
}

export interface CompareOptions {
  /** run greedy template selection over the union of the sets' templates (default true) */
  greedy?: boolean
  /** seed of the train/held-out split (default 0) */
  seed?: number
  /** share of reviewed images held out from greedy selection (default 0.3) */
  heldOutFraction?: number
  /** precision the suggested auto-accept threshold must reach (default 0.95) */
  targetPrecision?: number
  /** softmax(logitScale · cosine) gives probabilities (default CLIP's 100) */
  logitScale?: number
  /** the model's scoring: a sigmoid model's sigmoid(scale · cosine + bias) replaces the softmax */
  scoring?: ZeroShotScoring
  /** how many largest confusions to list (default 10) */
  confusionLimit?: number
}

/** Distinct prompt texts → row numbers, in first-seen order (deterministic). */
class PromptTable {
  readonly texts: string[] = []
  private readonly index = new Map<string, number>()
  row(text: string): number {
    let r = this.index.get(text)
    if (r === undefined) {
      r = this.texts.length
      this.texts.push(text)
      this.index.set(text, r)
    }
    return r
  }
}

export async function compareTemplates(
  input: CompareInput,
  options: CompareOptions = {}
): Promise<CompareReport> {
  const t0 = performance.now()
  const { dim, labels } = input
  const n = input.truth.length
  const c = labels.length
  const logitScale = options.logitScale ?? CLIP_LOGIT_SCALE
  const target = options.targetPrecision ?? 0.95
  if (c === 0) throw new RangeError('compareTemplates: no labels')
  if (input.images.length < n * dim) throw new RangeError('compareTemplates: fewer embeddings than images')
  for (let i = 0; i < n; i++) {
    if (!(input.truth[i] >= 0 && input.truth[i] < c))
      throw new RangeError(`compareTemplates: bad label of image ${i}`)
  }

  // 1. Distinct templates (first-seen order across the sets) and every prompt they need. A
  // template is one per language it is filled in: the same words in a set of another language
  // take that language's label names, so it is another template to rank.
  const templates: { text: string; language: string | null }[] = []
  const tIndex = new Map<string, number>()
  const templateKey = (text: string, language: string | null | undefined): string =>
    `${language ?? ''}\u0000${text}`
  for (const set of input.templateSets)
    for (const t of set.templates) {
      const k = templateKey(t, set.language)
      if (!tIndex.has(k)) {
        tIndex.set(k, templates.length)
        templates.push({ text: t, language: set.language ?? null })
      }
    }
  if (templates.length === 0) throw new RangeError('compareTemplates: no templates')
  const namesIn = new Map<string, LabelNames[]>()
  const namesOf = (language: string | null): LabelNames[] => {
    let got = namesIn.get(language ?? '')
    if (!got) {
      got = labels.map((l) => {
        const text = labelTextIn({ ...l, descriptions: l.descriptions ?? [] }, language)
        // synonyms given beside the name are in the label's own language
        const own = text.name === l.name
        return labelNames(text.name, text.descriptions, own ? (l.synonyms ?? []) : [])
      })
      namesIn.set(language ?? '', got)
    }
    return got
  }
  const names = namesOf(null)
  const table = new PromptTable()
  const primaryRows = templates.map((t) =>
    namesOf(t.language).map((nm) => table.row(fillTemplate(t.text, nm.primary)))
  )
  const synonymRows = templates.map((t) =>
    namesOf(t.language).map((nm) => nm.synonyms.map((s) => table.row(fillTemplate(t.text, s))))
  )
  // Description prompts do not depend on the template (clip/zeroshot.ts DESCRIPTION_TEMPLATES),
  // only on the language of the names they describe.
  const descRowsIn = new Map<string, number[][]>()
  const descRowsOf = (language: string | null): number[][] => {
    let got = descRowsIn.get(language ?? '')
    if (!got) {
      got = namesOf(language).map((nm) =>
        expandPrompts(nm.primary, [], nm.descriptions).map((x) => table.row(x))
      )
      descRowsIn.set(language ?? '', got)
    }
    return got
  }
  const setLanguages = [...new Set(input.templateSets.map((x) => x.language ?? null))]
  for (const language of setLanguages) descRowsOf(language)
  const hasSynonyms = setLanguages.some((lang) => namesOf(lang).some((nm) => nm.synonyms.length > 0))
  const hasDescriptions = setLanguages.some((lang) => namesOf(lang).some((nm) => nm.descriptions.length > 0))

  // 2. Prompt embeddings (normalised) and the one image × prompt product.
  const p = table.texts.length
  const raw = await input.embedTexts(table.texts)
  const e = new Float32Array(p * dim)
  raw.forEach((v, r) => e.set(v.subarray(0, dim), r * dim))
  normalizeRows(e, p, dim)
  const s = n > 0 ? await scoreMatrix(input.images, n, dim, e, p) : new Float32Array(0)

  // 3. Each template alone.
  const templateScores: TemplateScore[] = templates.map((template, ti) => {
    const scores = ensembleScores(
      s,
      n,
      p,
      e,
      dim,
      primaryRows[ti].map((r) => [r])
    )
    return {
      template: template.text,
      ...(template.language ? { language: template.language } : {}),
      ...basicScores(scores, n, c, input.truth)
    }
  })

  // 4. Ensembles (a set is the indices of its templates).
  const rowsFor = (set: number[], withDesc: boolean, withSyn: boolean): number[][] =>
    names.map((_, k) => {
      // A Set: the same prompt twice weighs once, as in clip/zeroshot.ts buildClassifier.
      const rows = new Set<number>()
      const languages = new Set<string | null>()
      for (const ti of set) {
        rows.add(primaryRows[ti][k])
        if (withSyn) for (const r of synonymRows[ti][k]) rows.add(r)
        languages.add(templates[ti].language)
      }
      if (withDesc) for (const lang of languages) for (const r of descRowsOf(lang)[k]) rows.add(r)
      return [...rows]
    })
  interface Evaluated {
    score: EnsembleScore
    scores: Float32Array
  }
  const evaluate = (
    name: string,
    set: number[],
    withDesc: boolean,
    withSyn: boolean,
    language: string | null = null
  ): Evaluated => {
    const scores = ensembleScores(s, n, p, e, dim, rowsFor(set, withDesc, withSyn))
    const basic = basicScores(scores, n, c, input.truth)
    const pred = argmaxRows(scores, n, c)
    const conf = topConfidence(scores, n, c, options.scoring, logitScale)
    const correct = Array.from(pred, (k, i) => k === input.truth[i])
    return {
      scores,
      score: {
        name,
        templates: set.map((ti) => templates[ti].text),
        descriptions: withDesc,
        synonyms: withSyn,
        ...(language ? { language } : {}),
        ...basic,
        ece: expectedCalibrationError(conf, correct, 10)
      }
    }
  }
  const evaluated: Evaluated[] = []
  for (const set of input.templateSets) {
    const uniq = [...new Set(set.templates.map((t) => tIndex.get(templateKey(t, set.language))!))]
    if (uniq.length === 0) continue
    const lang = set.language ?? null
    evaluated.push(evaluate(set.name, uniq, false, false, lang))
    if (hasDescriptions) evaluated.push(evaluate(`${set.name} + descriptions`, uniq, true, false, lang))
    if (hasSynonyms) evaluated.push(evaluate(`${set.name} + synonyms`, uniq, false, true, lang))
  }

  // 5. Greedy selection over all distinct templates, on a seeded stratified split.
  let greedy: CompareReport['greedy'] = null
  if ((options.greedy ?? true) && n >= 2) {
    const split = seededSplit(n, options.heldOutFraction ?? 0.3, options.seed ?? 0, input.truth)
    const res = greedySelect({ s, n, p, e, d: dim, templateRows: primaryRows, truth: input.truth, ...split })
    const chosen = res.selected
    const every = templates.map((_, ti) => ti)
    const all = basicTop1On(
      ensembleScores(s, n, p, e, dim, rowsFor(every, false, false)),
      c,
      input.truth,
      split.heldOut
    )
    const last = res.steps[res.steps.length - 1]
    greedy = {
      templates: chosen.map((ti) => templates[ti].text),
      trainTop1: last?.trainTop1 ?? 0,
      heldOutTop1: last?.heldOutTop1 ?? 0,
      baselineHeldOutTop1: all,
      steps: res.steps.map((st) => ({
        added: templates[st.added].text,
        trainTop1: st.trainTop1,
        heldOutTop1: st.heldOutTop1
      })),
      trainImages: split.train.length,
      heldOutImages: split.heldOut.length,
      seed: options.seed ?? 0
    }
    if (chosen.length > 0) evaluated.push(evaluate(GREEDY_ENSEMBLE, chosen, false, false))
  }

  // 6. Details of the best ensemble chosen without looking at greedy's fit (ties: listed first).
  const candidates = evaluated.filter((x) => x.score.name !== GREEDY_ENSEMBLE)
  const detail = candidates.reduce<Evaluated | null>(
    (b, x) => (!b || x.score.top1 > b.score.top1 ? x : b),
    null
  )
  const detailScores =
    detail?.scores ??
    ensembleScores(
      s,
      n,
      p,
      e,
      dim,
      rowsFor(
        templates.map((_, ti) => ti),
        false,
        false
      )
    )
  const pred = argmaxRows(detailScores, n, c)
  const conf = topConfidence(detailScores, n, c, options.scoring, logitScale)
  const correct = Array.from(pred, (k, i) => k === input.truth[i])
  const labelNamesList = names.map((nm) => nm.primary)
  const matrix = confusionMatrix(pred, input.truth, c)
  const coverage = coverageCurve(conf, correct)

  return {
    images: n,
    labels: labelNamesList,
    templates: templateScores,
    ensembles: evaluated.map((x) => x.score),
    detailEnsemble: detail?.score.name ?? null,
    perClass: perClassScores(matrix, labelNamesList),
    confusions: largestConfusions(
      pred,
      input.truth,
      conf,
      input.imageIds,
      labelNamesList,
      options.confusionLimit ?? 10
    ),
    confusionMatrix: matrix,
    cells: confusionCells(pred, input.truth, conf, input.imageIds, c),
    coverage,
    ...thresholdVerdict(input.truth, coverage, target),
    greedy,
    timingMs: Math.round(performance.now() - t0)
  }
}

/** Name of the ensemble entry made of the greedy selection. */
export { GREEDY_ENSEMBLE }

function basicTop1On(
  scores: Float32Array,
  c: number,
  truth: ArrayLike<number>,
  rows: readonly number[]
): number {
  if (rows.length === 0) return 0
  const pred = argmaxRows(scores, truth.length, c)
  let hit = 0
  for (const i of rows) if (pred[i] === truth[i]) hit++
  return hit / rows.length
}
