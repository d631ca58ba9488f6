// zebra classify --tags: every label is a tag of its own (docs/tags.md). Each image gets every
// tag's cold-start probability sigmoid(scale · s), s = cos(image, tag prompts) − cos(image,
// negative prompts): never a softmax across the tags, so they need not sum to 1 and adding a tag
// changes no other tag's probability.
import { AppError } from '../../shared/errors'
import { pct } from '../../shared/prob'
import type { LoadedClipEngine } from '../clip/engine'
import { buildTagScorer, coldStartProb, tagColdStart, tagScoreMatrix } from '../clip/tag-scores'
import type { LabelSpec } from '../clip/zeroshot'
import { normalizeRows } from '../math/rows'
import { displayPath, embedWithProgress, writeLine } from './engine-run'

export interface TagRunOptions {
  /** negative prompts for every tag (--negatives); absent: the default neutral prompts */
  negatives?: string[]
  /** the logit scale of the cold start (a sigmoid model uses its own scale and bias instead) */
  scale: number
  format: 'json' | 'table'
  batch: number
}

interface TagEntry {
  label: string
  prob: number
  score: number
}

/** --negatives a,b --negatives c: the prompts, commas or repeats; an empty list is a usage error */
export function negativePrompts(given: string[] | undefined): string[] | undefined {
  if (given === undefined) return undefined
  const prompts = given
    .flatMap((g) => g.split(','))
    .map((p) => p.trim())
    .filter(Boolean)
  if (!prompts.length) throw new AppError('invalid_input', '--negatives: no prompts given')
  return prompts
}

/** One decimal, and never a rounded 0% or 100%: a sigmoid puts many tags within 0.05% of either. */
function tagPct(p: number): string {
  const s = pct(p)
  if (s === '0.0%' && p > 0) return '<0.1%'
  if (s === '100.0%' && p < 1) return '>99.9%'
  return s
}

function tableRow(file: string, tags: TagEntry[], width: number): string {
  return `${file.padEnd(width)}  ${tags.map((t) => `${t.label} ${tagPct(t.prob)}`).join('  ')}`
}

/** Scores `files` against every tag and prints them; returns how many images could not be read. */
export async function classifyTags(
  engine: LoadedClipEngine,
  files: string[],
  labels: LabelSpec[],
  templates: string[],
  o: TagRunOptions
): Promise<number> {
  const cs = tagColdStart(engine.scoring, o.scale)
  if (!cs.negatives && o.negatives?.length)
    throw new AppError(
      'invalid_input',
      "--negatives does not apply to this model: a sigmoid model (SigLIP) scores each tag on its own, with the model's bias"
    )
  const scorer = await buildTagScorer(
    engine,
    labels.map((l) => ({ ...l, negatives: o.negatives })),
    templates,
    { negatives: cs.negatives }
  )
  const { dim, tags } = scorer
  const names = labels.map((l) => l.name)
  const width = Math.min(60, Math.max(...files.map((f) => displayPath(f).length)))
  return embedWithProgress(engine, files, o.batch, 'classify', (res) => {
    const ok = res.filter((r) => r.embedding)
    if (!ok.length) return
    const x = new Float32Array(ok.length * dim)
    ok.forEach((r, i) => x.set(r.embedding as Float32Array, i * dim))
    normalizeRows(x, ok.length, dim)
    const s = tagScoreMatrix(x, ok.length, dim, scorer.pos, scorer.neg, tags)
    ok.forEach((r, i) => {
      const entries = names
        .map((label, t) => {
          const score = s[i * tags + t]
          return { label, prob: coldStartProb(score, cs.scale, cs.bias), score }
        })
        .sort((a, b) => b.prob - a.prob || b.score - a.score)
      if (o.format === 'json') writeLine({ file: displayPath(r.file), tags: entries })
      else process.stdout.write(`${tableRow(displayPath(r.file), entries, width)}\n`)
    })
  })
}
