// zebra classify: zero-shot top labels per image, as JSON lines or a table; with --tags, every
// label's own probability (classify-tags.ts).
import { AppError } from '../../shared/errors'
import { Option, type Command } from 'commander'
import { pct } from '../../shared/prob'
import { DEFAULT_IMAGE_BATCH } from '../clip/engine'
import { getPreset } from '../clip/presets'
import {
  DEFAULT_TEMPERATURE,
  DEFAULT_TOP_K,
  IMAGENET_7_TEMPLATES,
  buildClassifier,
  classify,
  hasPlaceholder,
  type LabelSpec
} from '../clip/zeroshot'
import { classifyTags, negativePrompts } from './classify-tags'
import { displayPath, embedWithProgress, imageFiles, openEngine, writeLine } from './engine-run'
import { lines, parseLabelsFile, readTextFile } from './labels'
import {
  collect,
  epOption,
  intArg,
  modelOption,
  positiveNumberArg,
  variantOption,
  type ModelOpts
} from './options'
import { EXIT_CANCELLED, EXIT_FAILURE } from './run'

interface ClassifyOpts extends ModelOpts {
  labels?: string[]
  labelsFile?: string
  preset?: string
  templatesFile?: string
  template?: string[]
  top?: number
  temperature?: number
  format?: 'json' | 'table'
  batch?: number
  tags?: boolean
  negatives?: string[]
}

function labelSet(o: ClassifyOpts): { labels: LabelSpec[]; templates: string[] } {
  const given = [o.labels, o.labelsFile, o.preset].filter((v) => v !== undefined).length
  if (given !== 1)
    throw new AppError(
      'invalid_input',
      'give exactly one of --labels a,b,c, --labels-file FILE or --preset NAME'
    )
  if (o.templatesFile && o.template?.length)
    throw new AppError('invalid_input', 'give either --templates-file or --template, not both')
  let labels: LabelSpec[]
  let templates: string[] | undefined
  if (o.preset !== undefined) {
    const p = getPreset(o.preset)
    labels = p.labels
    templates = p.templates
  } else if (o.labelsFile !== undefined) {
    labels = parseLabelsFile(readTextFile(o.labelsFile, 'labels file'))
  } else {
    labels = (o.labels ?? [])
      .flatMap((l) => l.split(','))
      .map((l) => l.trim())
      .filter(Boolean)
      .map((name) => ({ name }))
  }
  if (!labels.length) throw new AppError('invalid_input', 'no labels given')
  if (o.templatesFile) templates = lines(readTextFile(o.templatesFile, 'templates file'))
  else if (o.template?.length) templates = o.template
  templates ??= [...IMAGENET_7_TEMPLATES]
  const bad = templates.find((t) => !hasPlaceholder(t))
  if (bad !== undefined)
    throw new AppError('invalid_input', `template "${bad}" has no {} or {label} placeholder`)
  if (!templates.length) throw new AppError('invalid_input', 'no templates given')
  return { labels, templates }
}

function formatTableRow(file: string, top: { label: string; prob: number }[], width: number): string {
  return `${file.padEnd(width)}  ${top.map((t) => `${t.label} ${pct(t.prob)}`).join('  ')}`
}

/** Unreadable images are said on stderr and make the run exit 1 (unless it was cancelled). */
function reportFailed(failed: number, total: number): void {
  if (!failed) return
  process.stderr.write(`zebra: ${failed} of ${total} images could not be read\n`)
  if (process.exitCode !== EXIT_CANCELLED) process.exitCode = EXIT_FAILURE
}

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('zero-shot classify images: per image the top labels with probabilities')
    .addOption(modelOption())
    .addOption(variantOption())
    .addOption(epOption())
    .option('--labels <a,b,c>', 'comma-separated labels; repeat to add more', collect)
    .option('--labels-file <file>', 'one label a line; "label: description; description" adds descriptions')
    .option('--preset <name>', 'labels and templates from the CLIP paper (see `zebra presets`)')
    .option('--templates-file <file>', 'one template a line, {} or {label} for the label')
    .option(
      '--template <template>',
      'a prompt template with {} or {label}; repeat for several (default: the 7 ImageNet templates the CLIP authors selected)',
      collect
    )
    .option(
      '--tags',
      'the labels are tags: every tag gets its own probability (tag vs neutral prompts), not a share of a softmax; prints every tag'
    )
    .option(
      '--negatives <a,b>',
      'with --tags: prompts every tag is measured against, instead of the neutral defaults; repeat to add more',
      collect
    )
    .option('--top <k>', `how many labels to print per image (default ${DEFAULT_TOP_K})`, intArg('--top'))
    .option(
      '--temperature <t>',
      `logit scale: t x cosine; with --tags the cold start's sigmoid(t x score) (default ${DEFAULT_TEMPERATURE})`,
      positiveNumberArg('--temperature')
    )
    .addOption(
      new Option(
        '--format <format>',
        'json lines or a table (default: table on a terminal, json otherwise)'
      ).choices(['json', 'table'])
    )
    .option('--batch <n>', `images per inference batch (default ${DEFAULT_IMAGE_BATCH})`, intArg('--batch'))
    .option('--threads <n>', 'CPU threads (default: all cores)', intArg('--threads'))
    .argument('<file-or-dir...>', 'images, or folders searched recursively for images')
    .addHelpText(
      'after',
      '\nExamples:\n  zebra classify --model demo --labels cat,dog resources/sample-images\n' +
        '  zebra classify --preset CIFAR10 --format json photos/ > predictions.jsonl\n' +
        '  zebra classify --model demo --tags --labels "red circle,blue square" resources/sample-images'
    )
    .action(async (paths: string[], o: ClassifyOpts) => {
      const { labels, templates } = labelSet(o)
      if (o.tags && o.top !== undefined)
        throw new AppError('invalid_input', '--top does not apply with --tags: every tag is printed')
      if (!o.tags && o.negatives !== undefined)
        throw new AppError('invalid_input', '--negatives needs --tags')
      const negatives = negativePrompts(o.negatives)
      const topK = o.top ?? DEFAULT_TOP_K
      const temperature = o.temperature ?? DEFAULT_TEMPERATURE
      const batch = o.batch ?? DEFAULT_IMAGE_BATCH
      const format = o.format ?? (process.stdout.isTTY ? 'table' : 'json')
      const files = await imageFiles(paths)
      const engine = await openEngine(o)
      try {
        if (o.tags) {
          const failed = await classifyTags(engine, files, labels, templates, {
            negatives,
            scale: temperature,
            format,
            batch
          })
          reportFailed(failed, files.length)
          return
        }
        const classifier = await buildClassifier(engine, labels, templates)
        const width = Math.min(60, Math.max(...files.map((f) => displayPath(f).length)))
        const failed = await embedWithProgress(engine, files, batch, 'classify', (res) => {
          const ok = res.filter((r) => r.embedding)
          if (!ok.length) return
          const { top } = classify(
            ok.map((r) => r.embedding as Float32Array),
            classifier,
            // a sigmoid model (SigLIP) reads its own scale and bias; --temperature is CLIP's
            { temperature, topK, scoring: engine.scoring }
          )
          ok.forEach((r, i) => {
            const entries = top[i].map((t) => ({ label: t.label, prob: t.prob }))
            if (format === 'json') writeLine({ file: displayPath(r.file), top: entries })
            else process.stdout.write(`${formatTableRow(displayPath(r.file), entries, width)}\n`)
          })
        })
        reportFailed(failed, files.length)
      } finally {
        await engine.dispose()
      }
    })
}
