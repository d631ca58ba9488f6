// `zebra compare`: the template comparison report (and the adaptation learning curve) of a
// project, from its reviewed images and cached embeddings. JSON output is CompareReport
// (src/shared/report.ts), documented in docs/compare-schema.md.
import type { Command } from 'commander'
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, extname } from 'node:path'
import type { CompareReport, LearningCurvePoint } from '../../shared/report'
import { AppError } from '../../shared/errors'
import { pct } from '../../shared/prob'
import { promptLanguage } from '../../shared/prompt-languages'
import { bestByLanguage } from '../../shared/report-languages'
import { loadEngine, type LoadedClipEngine } from '../clip/engine'
import type { Variant } from '../../shared/contract'
import { modelInfo } from '../db/predictions'
import { Project } from '../db/project'
import type { CompareTemplateSet } from '../eval/compare'
import {
  compareProject,
  embeddingModelId,
  learningCurveProject,
  type EngineGetter
} from '../services/core/project-data'
import { compareTagsProject, tagLearningCurveProject } from '../services/core/tag-compare'
import { compareModelsText } from './compare-models'
import { tagCurveMarkdown, tagsReportMarkdown } from './compare-tags'
import { engineFor } from './project/common'

/** A templates file: one template per line ('#' comments and blank lines ignored), or a JSON array. */
function readTemplatesFile(file: string): CompareTemplateSet {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new AppError('invalid_input', `cannot read templates file ${file}`)
  }
  let templates: string[]
  const trimmed = text.trim()
  if (trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed) as unknown
    if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === 'string'))
      throw new AppError('invalid_input', `${file}: a JSON templates file must be an array of strings`)
    templates = parsed
  } else {
    templates = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !l.startsWith('#'))
  }
  if (templates.length === 0) throw new AppError('invalid_input', `${file} has no templates`)
  return { name: basename(file, extname(file)), templates }
}

const esc = (s: string): string => s.replace(/\|/g, '\\|')

/** Each language's best ensemble, when the sets are written in more than one. */
function languagesMarkdown(r: CompareReport): string[] {
  const by = bestByLanguage(r.ensembles)
  if (by.length < 2) return []
  return [
    '',
    '## Languages',
    '',
    "Each language's best template set on these reviewed images, best first.",
    '',
    '| language | best set | top-1 | top-5 | mean per class |',
    '| --- | --- | --- | --- | --- |',
    ...by.map(
      (x) =>
        `| ${x.language ? (promptLanguage(x.language)?.english ?? x.language) + ` (${x.language})` : "the labels' own"} | ${esc(x.best.name)} | ${pct(x.best.top1)} | ${pct(x.best.top5)} | ${pct(x.best.meanPerClass)} |`
    )
  ]
}

function reportMarkdown(r: CompareReport): string {
  const lines: string[] = []
  lines.push(`# Template comparison`, '', `${r.images} reviewed images, ${r.labels.length} labels.`, '')
  lines.push(
    '## Templates by top-1',
    '',
    '| # | template | top-1 | top-5 | mean per class |',
    '| --- | --- | --- | --- | --- |'
  )
  ;[...r.templates]
    .sort((a, b) => b.top1 - a.top1)
    .forEach((t, i) =>
      lines.push(
        `| ${i + 1} | \`${esc(t.template)}\`${t.language ? ` (${t.language})` : ''} | ${pct(t.top1)} | ${pct(t.top5)} | ${pct(t.meanPerClass)} |`
      )
    )
  lines.push(
    '',
    '## Ensembles',
    '',
    '| ensemble | templates | top-1 | top-5 | mean per class | ECE |',
    '| --- | --- | --- | --- | --- | --- |'
  )
  for (const e of r.ensembles) {
    lines.push(
      `| ${esc(e.name)} | ${e.templates.length} | ${pct(e.top1)} | ${pct(e.top5)} | ${pct(e.meanPerClass)} | ${e.ece.toFixed(3)} |`
    )
  }
  lines.push(...languagesMarkdown(r))
  const best = r.templates.reduce<CompareReport['templates'][number] | null>(
    (b, t) => (!b || t.top1 > b.top1 ? t : b),
    null
  )
  const detail = r.ensembles.find((e) => e.name === r.detailEnsemble)
  if (best && detail) {
    lines.push(
      '',
      `Best single template: \`${esc(best.template)}\` ${pct(best.top1)}; ensemble "${esc(detail.name)}" ${pct(detail.top1)}.`
    )
  }
  if (r.greedy) {
    const g = r.greedy
    lines.push(
      '',
      '## Greedy selection',
      '',
      `${g.templates.length} templates; train top-1 ${pct(g.trainTop1)}, held-out ${pct(g.heldOutTop1)} ` +
        `(all templates on held-out: ${pct(g.baselineHeldOutTop1)}).`,
      ''
    )
    g.steps.forEach((s, i) =>
      lines.push(`${i + 1}. \`${esc(s.added)}\` → train ${pct(s.trainTop1)}, held-out ${pct(s.heldOutTop1)}`)
    )
  }
  lines.push(
    '',
    `## Per class (${esc(r.detailEnsemble ?? 'best ensemble')})`,
    '',
    '| label | support | precision | recall |',
    '| --- | --- | --- | --- |'
  )
  for (const c of r.perClass)
    lines.push(`| ${esc(c.label)} | ${c.support} | ${pct(c.precision)} | ${pct(c.recall)} |`)
  if (r.confusions.length) {
    lines.push(
      '',
      '## Largest confusions',
      '',
      '| true | predicted | count | example image ids |',
      '| --- | --- | --- | --- |'
    )
    for (const c of r.confusions)
      lines.push(
        `| ${esc(c.trueLabel)} | ${esc(c.predicted)} | ${c.count} | ${c.exampleImageIds.join(', ')} |`
      )
  }
  lines.push('', '## Auto-accept threshold', '')
  const s = r.suggestedThreshold
  lines.push(
    r.thresholdWithheld
      ? r.thresholdWithheld.message
      : s
        ? `Accepting suggestions with probability ≥ ${s.threshold.toFixed(2)} covers ${pct(s.coverage)} of images at ${pct(s.precision)} precision (target ${pct(s.target)}).`
        : 'No threshold reaches the target precision on these images.'
  )
  return `${lines.join('\n')}\n`
}

function curveMarkdown(points: LearningCurvePoint[]): string {
  const lines = [
    '# Learning curve (held-out reviewed images)',
    '',
    '| reviewed n | zero-shot top-1 | adapted top-1 |',
    '| --- | --- | --- |'
  ]
  for (const p of points) lines.push(`| ${p.n} | ${pct(p.zeroshot_top1)} | ${pct(p.adapted_top1)} |`)
  return `${lines.join('\n')}\n`
}

/** A tags project's report (or its learning curve alone), as JSON or markdown. */
async function tagsCompareText(
  project: Project,
  getEngine: EngineGetter,
  o: CompareCliOptions,
  extraSets: CompareTemplateSet[],
  seed: number
): Promise<string> {
  const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`
  if (o.learningCurve) {
    const curve = await tagLearningCurveProject(project, getEngine, { seed })
    return o.format === 'json' ? json(curve) : tagCurveMarkdown(curve)
  }
  const given = extraSets.length > 0 || (o.preset?.length ?? 0) > 0
  const active = project.activeTemplateSetId()
  const report = await compareTagsProject(project, getEngine, {
    templateSetIds: given ? (active === null ? [] : [active]) : undefined,
    presets: o.preset,
    extraSets,
    seed
  })
  return o.format === 'json' ? json(report) : tagsReportMarkdown({ ...report, tags: report.tags! })
}

/** The template presets of the languages asked for, as sets written in them. */
function languageSets(codes: string[]): CompareTemplateSet[] {
  return codes
    .flatMap((c) => c.split(','))
    .filter((c) => c.trim())
    .map((c) => {
      const l = promptLanguage(c.trim())
      if (!l)
        throw new AppError(
          'invalid_input',
          `No template preset for "${c}" (zebra templates languages lists them).`
        )
      return { name: `${l.english} (preset)`, templates: [...l.templates], language: l.code }
    })
}

interface CompareCliOptions {
  templatesFile?: string[]
  preset?: string[]
  languages?: string[]
  format: string
  out?: string
  learningCurve?: boolean
  greedy: boolean
  seed?: string
  model?: string
  models?: boolean
  measure: boolean
}

export function registerCompareCommands(program: Command): void {
  program
    .command('compare')
    .description(
      'compare prompt templates on the reviewed images (accuracy report), or print the adaptation learning curve'
    )
    .argument('<project>', 'project file (.zebra)')
    .option(
      '--templates-file <file...>',
      'template set(s) to evaluate: one template per line with {} for the label'
    )
    .option('--preset <name...>', 'CLIP paper template preset(s) to evaluate (e.g. ImageNet, CIFAR100)')
    .option(
      '--languages <codes...>',
      "each language's template preset, filled with the labels' names in it (zebra labels translate)"
    )
    .option('--format <format>', 'json | markdown', 'markdown')
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--learning-curve', 'print zero-shot vs adapted top-1 on held-out reviewed images as n grows')
    .option('--no-greedy', 'skip greedy template selection')
    .option('--seed <n>', 'seed of the held-out split', '0')
    .option(
      '--model <dir>',
      "model to embed new prompts with (default: the model of the project's embeddings)"
    )
    .option(
      '--models',
      'score every model with embeddings here side by side (top-1, top-5, threshold, speed)'
    )
    .option('--no-measure', 'with --models: do not time models never measured on this machine')
    .action(async (file: string, o: CompareCliOptions) => {
      if (o.format !== 'json' && o.format !== 'markdown')
        throw new AppError('invalid_input', '--format must be json or markdown')
      const seed = Number(o.seed ?? 0)
      if (!Number.isInteger(seed)) throw new AppError('invalid_input', '--seed must be an integer')
      const extraSets = [
        ...(o.templatesFile ?? []).map(readTemplatesFile),
        ...languageSets(o.languages ?? [])
      ]
      const project = Project.open(file)
      let engine: LoadedClipEngine | null = null
      // Loaded only if some prompt has no cached text embedding.
      const getEngine: EngineGetter = async () => {
        if (engine) return engine
        const info = modelInfo(project.db, embeddingModelId(project))
        if (!o.model && info && info.dir !== '-') {
          engine = await loadEngine({
            modelDir: info.dir,
            variant: info.variant as Variant,
            ep: project.settings().ep
          })
        } else {
          engine = await engineFor(project, { model: o.model })
        }
        return engine
      }
      try {
        let text: string
        if (o.models) {
          text = await compareModelsText(project, o.format, o.measure)
        } else if (project.kind === 'tags') {
          text = await tagsCompareText(project, getEngine, o, extraSets, seed)
        } else if (o.learningCurve) {
          const points = await learningCurveProject(project, getEngine, { seed })
          text = o.format === 'json' ? `${JSON.stringify(points, null, 2)}\n` : curveMarkdown(points)
        } else {
          const given = extraSets.length > 0 || (o.preset?.length ?? 0) > 0
          const active = project.activeTemplateSetId()
          const report = await compareProject(project, getEngine, {
            // With candidate sets given, the project's default set is kept as the baseline.
            templateSetIds: given ? (active === null ? [] : [active]) : undefined,
            presets: o.preset,
            extraSets,
            greedy: o.greedy,
            seed
          })
          text = o.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportMarkdown(report)
        }
        if (o.out) {
          writeFileSync(o.out, text)
          process.stderr.write(`wrote ${o.out}\n`)
        } else process.stdout.write(text)
      } catch (err) {
        if (err instanceof SyntaxError)
          throw new AppError('invalid_input', `Bad templates file: ${err.message}`)
        throw err
      } finally {
        project.close()
        if (engine) await (engine as LoadedClipEngine).dispose()
      }
    })
}
