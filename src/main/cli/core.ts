// Core commands over the CLIP engine: tokenize, embed, classify, models list|download|verify.
// Results go to stdout (JSON for scripts, a table for people); progress, per-file errors and
// notes go to stderr. Exit codes: 0 ok, 1 some work failed, 2 bad usage (see run.ts).
import { Command, Option } from 'commander'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { basename, join, relative, resolve, sep } from 'node:path'
import type { ExecutionProvider, Variant } from '../../shared/contract'
import { EXECUTION_PROVIDERS, VARIANTS } from '../../shared/contract'
import type { AppError } from '../../shared/errors'
import {
  DEFAULT_DOWNLOAD_VARIANT,
  DEFAULT_REPO,
  defaultModelDir,
  downloadModel,
  hubUrl,
  readManifest,
  verifyModel
} from '../clip/download'
import { DEFAULT_IMAGE_BATCH, loadEngine, type LoadedClipEngine } from '../clip/engine'
import { listImageFiles, resolveModelArg } from '../clip/files'
import { availableVariants, loadModelFolder } from '../clip/model-folder'
import { getPreset, listPresets } from '../clip/presets'
import { loadTokenizer } from '../clip/tokenizer'
import type { ImageEmbedResult } from '../clip/types'
import {
  DEFAULT_TEMPERATURE,
  DEFAULT_TOP_K,
  IMAGENET_7_TEMPLATES,
  buildClassifier,
  classify,
  hasPlaceholder,
  l2normalize,
  type LabelSpec
} from '../clip/zeroshot'
import { demoModelDir, modelsDir } from '../paths'
import { createProgress, type Progress } from './progress'
import { EXIT_CANCELLED, EXIT_FAILURE, UsageError, interruptible } from './run'

// ---------------------------------------------------------------------------------------------
// option parsing
// ---------------------------------------------------------------------------------------------

function parseVariant(v: string | undefined): Variant | undefined {
  if (v === undefined) return undefined
  if (!(VARIANTS as readonly string[]).includes(v))
    throw new UsageError(`--variant must be one of ${VARIANTS.join(', ')}`)
  return v as Variant
}

function parseEp(v: string | undefined): ExecutionProvider | undefined {
  if (v === undefined) return undefined
  if (!(EXECUTION_PROVIDERS as readonly string[]).includes(v)) {
    throw new UsageError(`--ep must be one of ${EXECUTION_PROVIDERS.join(', ')}`)
  }
  return v as ExecutionProvider
}

function parseIntOpt(v: string | undefined, name: string, min = 1): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer of at least ${min}`)
  return n
}

function parseNumberOpt(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number`)
  return n
}

function readTextFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new UsageError(`cannot read the ${what} ${file}: ${(err as Error).message}`)
  }
}

/** Lines without blanks and # comments. */
function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
}

/**
 * A labels file: one label a line, optionally with descriptions after a colon separated by
 * semicolons ("zebra: striped; has a mane"), # comments. --labels: comma separated names.
 */
export function parseLabelsFile(text: string): LabelSpec[] {
  return lines(text).map((l) => {
    const m = /^([^:]+):(.*)$/.exec(l)
    if (!m) return { name: l }
    const descriptions = m[2]
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
    return descriptions.length ? { name: m[1].trim(), descriptions } : { name: m[1].trim() }
  })
}

interface ModelOpts {
  model?: string
  variant?: string
  ep?: string
  threads?: string
}

const modelOption = (): Option =>
  new Option(
    '--model <dir>',
    `CLIP model folder (Hugging Face ONNX layout), a downloaded owner/name, or "demo" (default: the downloaded ${DEFAULT_REPO})`
  )
const variantOption = (): Option => new Option('--variant <variant>', 'onnx variant').choices(VARIANTS)
const epOption = (): Option =>
  new Option('--ep <provider>', 'execution provider (default auto; env ZEBRA_EP)').choices(
    EXECUTION_PROVIDERS
  )

async function openEngine(o: ModelOpts): Promise<LoadedClipEngine> {
  const engine = await loadEngine({
    modelDir: resolveModelArg(o.model),
    variant: parseVariant(o.variant),
    ep: parseEp(o.ep),
    threads: parseIntOpt(o.threads, '--threads')
  })
  if (engine.demo) {
    process.stderr.write(
      'zebra: demo model: a tiny CLIP that only knows coloured shapes; anything else gets guesses.\n'
    )
  }
  if (engine.providerNote && engine.requestedProvider !== 'auto') {
    process.stderr.write(`zebra: running on ${engine.provider} (${engine.providerNote})\n`)
  }
  return engine
}

/** paths under the working folder print relative, others absolute */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file)
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) ? rel : file
}

async function imageFiles(paths: string[]): Promise<string[]> {
  let files: string[]
  try {
    files = await listImageFiles(paths)
  } catch (err) {
    // a path that is not there is a mistake in the command line: exit code 2
    if ((err as AppError).code === 'not_found') throw new UsageError((err as Error).message)
    throw err
  }
  if (!files.length) throw new UsageError(`no image files in ${paths.join(', ')}`)
  return files
}

/** Embeds files batch by batch with a progress bar on stderr for runs longer than one batch. */
async function embedWithProgress(
  engine: LoadedClipEngine,
  files: string[],
  batch: number,
  label: string,
  onBatch: (results: ImageEmbedResult[]) => void
): Promise<number> {
  let failed = 0
  const bar: Progress | null = files.length > batch ? createProgress(label, files.length) : null
  // larger chunks than the model batch keep the engine's decode/infer pipelining busy
  const chunk = batch * 8
  // Ctrl+C: what was printed stays valid JSON lines; the rest is skipped, exit 130
  const intr = interruptible()
  try {
    for (let start = 0; start < files.length; start += chunk) {
      if (intr.signal.aborted) break
      const part = files.slice(start, start + chunk)
      let res: ImageEmbedResult[]
      try {
        res = await engine.embedImages(part, {
          batch,
          signal: intr.signal,
          onProgress: (d) => bar?.update(start + d)
        })
      } catch (err) {
        if ((err as AppError).code === 'cancelled') break
        throw err
      }
      for (const r of res) {
        if (r.error) {
          failed++
          // engine errors start with the file's base name; print the path instead
          const reason = r.error.startsWith(`${basename(r.file)}: `)
            ? r.error.slice(basename(r.file).length + 2)
            : r.error
          process.stderr.write(`zebra: ${displayPath(r.file)}: ${reason}\n`)
        }
      }
      onBatch(res)
    }
  } finally {
    bar?.stop()
    intr.dispose()
  }
  if (intr.signal.aborted) {
    process.stderr.write('zebra: cancelled\n')
    process.exitCode = EXIT_CANCELLED
  }
  return failed
}

function writeLine(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v)}\n`)
}

// ---------------------------------------------------------------------------------------------
// commands
// ---------------------------------------------------------------------------------------------

function registerTokenize(program: Command): void {
  program
    .command('tokenize')
    .description('print CLIP token ids of each text as JSON [{"text","ids"}]')
    .addOption(modelOption())
    .argument('<text...>', 'texts to tokenise')
    .action(async (texts: string[], o: ModelOpts) => {
      const folder = await loadModelFolder(resolveModelArg(o.model))
      const tok = await loadTokenizer(folder.tokenizer, folder.contextLength)
      process.stdout.write(`${JSON.stringify(texts.map((text) => ({ text, ids: tok.encode(text) })))}\n`)
    })
}

function registerEmbed(program: Command): void {
  program
    .command('embed')
    .description(
      'print image embeddings as JSON lines {"file","embedding"} (raw image_embeds unless --normalize)'
    )
    .addOption(modelOption())
    .addOption(variantOption())
    .addOption(epOption())
    .option('--normalize', 'L2-normalise the embeddings')
    .option('--batch <n>', `images per inference batch (default ${DEFAULT_IMAGE_BATCH})`)
    .option('--threads <n>', 'CPU threads (default: all cores)')
    .argument('<file-or-dir...>', 'images, or folders searched recursively for images')
    .action(async (paths: string[], o: ModelOpts & { normalize?: boolean; batch?: string }) => {
      const batch = parseIntOpt(o.batch, '--batch') ?? DEFAULT_IMAGE_BATCH
      const files = await imageFiles(paths)
      const engine = await openEngine(o)
      try {
        const failed = await embedWithProgress(engine, files, batch, 'embed', (res) => {
          for (const r of res) {
            if (!r.embedding) continue
            const e = o.normalize ? l2normalize(r.embedding) : r.embedding
            writeLine({ file: displayPath(r.file), embedding: Array.from(e) })
          }
        })
        if (failed && process.exitCode !== EXIT_CANCELLED) process.exitCode = EXIT_FAILURE
      } finally {
        await engine.dispose()
      }
    })
}

interface ClassifyOpts extends ModelOpts {
  labels?: string
  labelsFile?: string
  preset?: string
  templatesFile?: string
  template?: string[]
  top?: string
  temperature?: string
  format?: 'json' | 'table'
  batch?: string
}

function labelSet(o: ClassifyOpts): { labels: LabelSpec[]; templates: string[] } {
  const given = [o.labels, o.labelsFile, o.preset].filter((v) => v !== undefined).length
  if (given !== 1)
    throw new UsageError('give exactly one of --labels a,b,c, --labels-file FILE or --preset NAME')
  if (o.templatesFile && o.template?.length)
    throw new UsageError('give either --templates-file or --template, not both')
  let labels: LabelSpec[]
  let templates: string[] | undefined
  if (o.preset !== undefined) {
    const p = getPreset(o.preset)
    labels = p.labels
    templates = p.templates
  } else if (o.labelsFile !== undefined) {
    labels = parseLabelsFile(readTextFile(o.labelsFile, 'labels file'))
  } else {
    labels = (o.labels ?? '')
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((name) => ({ name }))
  }
  if (!labels.length) throw new UsageError('no labels given')
  if (o.templatesFile) templates = lines(readTextFile(o.templatesFile, 'templates file'))
  else if (o.template?.length) templates = o.template
  templates ??= [...IMAGENET_7_TEMPLATES]
  const bad = templates.find((t) => !hasPlaceholder(t))
  if (bad !== undefined) throw new UsageError(`template "${bad}" has no {} or {label} placeholder`)
  if (!templates.length) throw new UsageError('no templates given')
  return { labels, templates }
}

function formatTableRow(file: string, top: { label: string; prob: number }[], width: number): string {
  return `${file.padEnd(width)}  ${top.map((t) => `${t.label} ${(t.prob * 100).toFixed(1)}%`).join('  ')}`
}

function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('zero-shot classify images: per image the top labels with probabilities')
    .addOption(modelOption())
    .addOption(variantOption())
    .addOption(epOption())
    .option('--labels <a,b,c>', 'comma-separated labels')
    .option('--labels-file <file>', 'one label a line; "label: description; description" adds descriptions')
    .option('--preset <name>', 'labels and templates from the CLIP paper (see `zebra presets`)')
    .option('--templates-file <file>', 'one template a line, {} or {label} for the label')
    .option(
      '--template <template>',
      'a prompt template with {} or {label}; repeat for several (default: the 7 ImageNet templates the CLIP authors selected)',
      (t: string, acc: string[]) => [...acc, t],
      [] as string[]
    )
    .option('--top <k>', `how many labels to print per image (default ${DEFAULT_TOP_K})`)
    .option('--temperature <t>', `logit scale: t x cosine (default ${DEFAULT_TEMPERATURE})`)
    .addOption(
      new Option(
        '--format <format>',
        'json lines or a table (default: table on a terminal, json otherwise)'
      ).choices(['json', 'table'])
    )
    .option('--batch <n>', `images per inference batch (default ${DEFAULT_IMAGE_BATCH})`)
    .option('--threads <n>', 'CPU threads (default: all cores)')
    .argument('<file-or-dir...>', 'images, or folders searched recursively for images')
    .addHelpText(
      'after',
      '\nExamples:\n  zebra classify --model demo --labels cat,dog resources/sample-images\n' +
        '  zebra classify --preset CIFAR10 --format json photos/ > predictions.jsonl'
    )
    .action(async (paths: string[], o: ClassifyOpts) => {
      const { labels, templates } = labelSet(o)
      const topK = parseIntOpt(o.top, '--top') ?? DEFAULT_TOP_K
      const temperature = parseNumberOpt(o.temperature, '--temperature') ?? DEFAULT_TEMPERATURE
      const batch = parseIntOpt(o.batch, '--batch') ?? DEFAULT_IMAGE_BATCH
      const format = o.format ?? (process.stdout.isTTY ? 'table' : 'json')
      const files = await imageFiles(paths)
      const engine = await openEngine(o)
      try {
        const classifier = await buildClassifier(engine, labels, templates)
        const width = Math.min(60, Math.max(...files.map((f) => displayPath(f).length)))
        const failed = await embedWithProgress(engine, files, batch, 'classify', (res) => {
          const ok = res.filter((r) => r.embedding)
          if (!ok.length) return
          const { top } = classify(
            ok.map((r) => r.embedding as Float32Array),
            classifier,
            { temperature, topK }
          )
          ok.forEach((r, i) => {
            const entries = top[i].map((t) => ({ label: t.label, prob: t.prob }))
            if (format === 'json') writeLine({ file: displayPath(r.file), top: entries })
            else process.stdout.write(`${formatTableRow(displayPath(r.file), entries, width)}\n`)
          })
        })
        if (failed) {
          process.stderr.write(`zebra: ${failed} of ${files.length} images could not be read\n`)
          if (process.exitCode !== EXIT_CANCELLED) process.exitCode = EXIT_FAILURE
        }
      } finally {
        await engine.dispose()
      }
    })
}

function registerPresets(program: Command): void {
  program
    .command('presets')
    .description('list the CLIP paper label/template presets usable with classify --preset')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const all = listPresets()
      if (o.json) {
        process.stdout.write(`${JSON.stringify(all, null, 2)}\n`)
        return
      }
      for (const p of all)
        process.stdout.write(
          `${p.name.padEnd(30)} ${String(p.classes).padStart(5)} classes  ${p.templates} templates\n`
        )
    })
}

interface ModelRow {
  name: string
  dir: string
  variants: Variant[]
  downloaded: boolean
  demo: boolean
}

function localModels(): ModelRow[] {
  const rows: ModelRow[] = [
    {
      name: 'demo',
      dir: demoModelDir(),
      variants: availableVariants(demoModelDir()),
      downloaded: true,
      demo: true
    }
  ]
  const root = modelsDir()
  const seen = new Set<string>()
  if (existsSync(root)) {
    for (const d of readdirSync(root, { withFileTypes: true })) {
      if (!d.isDirectory()) continue
      const dir = join(root, d.name)
      if (!existsSync(join(dir, 'config.json'))) continue
      const name = d.name.replace('--', '/')
      seen.add(name)
      rows.push({ name, dir, variants: availableVariants(dir), downloaded: true, demo: false })
    }
  }
  if (!seen.has(DEFAULT_REPO)) {
    rows.push({ name: DEFAULT_REPO, dir: defaultModelDir(), variants: [], downloaded: false, demo: false })
  }
  return rows
}

function registerModels(program: Command): void {
  const models = program.command('models').description('list, download and verify CLIP models')

  models
    .command('list')
    .description('models in the models folder, the bundled demo model, and the default download')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const rows = localModels()
      if (o.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
        return
      }
      for (const r of rows) {
        const state = r.demo
          ? `bundled, only knows coloured shapes (${r.variants.join(', ')})`
          : r.downloaded
            ? r.variants.length
              ? r.variants.join(', ')
              : 'incomplete: run `zebra models verify`'
            : 'not downloaded: zebra models download'
        process.stdout.write(`${r.name.padEnd(34)} ${state}\n  ${r.dir}\n`)
      }
    })

  models
    .command('download')
    .description(`download a CLIP model from the Hugging Face Hub (resumable, checksum-verified)`)
    .argument('[name]', 'Hub repo owner/name', DEFAULT_REPO)
    .addOption(
      new Option('--variant <variant>', 'onnx variant: quantized (~150 MB for ViT-B/32) or fp32 (~600 MB)')
        .choices(VARIANTS)
        .default(DEFAULT_DOWNLOAD_VARIANT)
    )
    .option('--dir <dir>', 'target folder (default: the models folder, owner--name)')
    .option('--base-url <url>', 'Hub address (default: env ZEBRA_HUB_URL or https://huggingface.co)')
    .action(async (name: string, o: { variant: Variant; dir?: string; baseUrl?: string }) => {
      process.stderr.write(`zebra: downloading ${name} (${o.variant}) from ${hubUrl(o.baseUrl)}\n`)
      // a holder: the bar is created inside the progress callback
      const ui: { bar: Progress | null } = { bar: null }
      const ac = new AbortController()
      const onSig = (): void => ac.abort()
      process.once('SIGINT', onSig)
      try {
        const dir = await downloadModel({
          repo: name,
          variant: o.variant,
          baseUrl: o.baseUrl,
          dir: o.dir ? resolve(o.dir) : undefined,
          signal: ac.signal,
          onProgress: (p) => {
            if (p.overallTotalBytes === null) return
            ui.bar ??= createProgress('download MB', Math.ceil(p.overallTotalBytes / 1e6))
            ui.bar.update(Math.floor(p.overallBytes / 1e6))
          }
        })
        ui.bar?.stop()
        process.stdout.write(`${dir}\n`)
      } finally {
        ui.bar?.stop()
        process.off('SIGINT', onSig)
      }
    })

  models
    .command('verify')
    .description('re-check a model folder: sizes and sha256 from its manifest, configs, graphs')
    .argument(
      '[dir]',
      'model folder, downloaded owner/name, or "demo" (default: the downloaded default model)'
    )
    .option('--json', 'print JSON')
    .action(async (dir: string | undefined, o: { json?: boolean }) => {
      const target = resolveModelArg(dir)
      const manifest = await readManifest(target)
      const res = await verifyModel(target)
      if (o.json) process.stdout.write(`${JSON.stringify(res, null, 2)}\n`)
      else {
        if (!manifest) process.stderr.write('zebra: no download manifest here: checking structure only\n')
        for (const f of res.files)
          process.stdout.write(`${f.ok ? 'ok  ' : 'FAIL'} ${f.file}${f.reason ? `: ${f.reason}` : ''}\n`)
        process.stdout.write(
          res.ok ? `${target}: ok\n` : `${target}: damaged; run \`zebra models download\` again\n`
        )
      }
      if (!res.ok) process.exitCode = EXIT_FAILURE
    })
}

export function registerCoreCommands(program: Command): void {
  registerTokenize(program)
  registerEmbed(program)
  registerClassify(program)
  registerPresets(program)
  registerModels(program)
}
