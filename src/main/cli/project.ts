// Project commands: init, scan, prelabel, rescore, status, accept, export (review: review-cmd.ts,
// import-labels: import-cmd.ts, a tags project's commands: tags.ts).
// Output for scripts on stdout (--json where offered); progress and messages on stderr.
import type { Command } from 'commander'
import { readFileSync } from 'node:fs'
import type { ExportFormat } from '../../shared/contract'
import { DECISION_KINDS, EXPORT_FORMATS, invokeSchemas } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { describeNotTaken } from '../../shared/not-taken'
import { scriptWarning } from '../../shared/scripts'
import { defaultExportDir } from '../db/project'
import { createProjectFromSpec, parseLabelList } from '../db/setup'
import { exportProject, formatExportSummary, type LinkMode } from '../export/export'
import { parseSplitArg } from '../export/split'
import { TagModel } from '../services/core/tag-model'
import { readLastScan } from '../jobs/last-scan'
import { prelabel, rescore, mainModelId } from '../jobs/prelabel'
import { scanProject, scanSummary } from '../jobs/scan'
import { dataDir } from '../paths'
import { touchRecent } from '../settings'
import { out, withProject } from './io'
import { createProgress, type Progress } from './progress'
import { EXIT_CANCELLED, annotatorName, engineFor, interruptible, reviewSession } from './project/common'
import { scanFirstIfEmpty } from './project/scan-first'
import { collect, epOption, intArg, probArg, variantOption, type ModelOpts } from './options'
import { validInput } from './validate'

function lazyProgress(label: string): {
  update(done: number, total: number, rate?: number, etaS?: number | null): void
  stop(): void
} {
  let bar: Progress | null = null
  return {
    update(done, total, rate, etaS) {
      if (!bar) bar = createProgress(label, total)
      bar.update(done, rate === undefined ? undefined : { rate, etaS })
    },
    stop() {
      bar?.stop()
    }
  }
}

export function registerProjectCommands(program: Command): void {
  program
    .command('init')
    .description('create a project file over image folders')
    .argument('<project>', 'project file to create (e.g. birds.zebra)')
    .requiredOption('--images <dir...>', 'image folder(s)')
    .option(
      '--labels <labels...>',
      'labels, comma-separated or repeated ("name: description" adds a description)'
    )
    .option('--labels-file <file>', 'labels, one per line')
    .option('--preset <name>', 'labels from a CLIP paper dataset (CIFAR100, ImageNet, ...)')
    .option('--templates <templates...>', 'prompt templates with {} for the label')
    .option('--template-preset <name>', 'templates of a CLIP paper dataset (default: the 7 ImageNet ones)')
    .option('--name <name>', 'project name')
    .option('--tags', 'a tags project: any number of the labels per image (none included), decided per tag')
    .option('--scan', 'scan the folders right away')
    .action(async (file: string, o: Record<string, string | string[] | boolean | undefined>) => {
      const labels = [
        ...parseLabelList(((o.labels as string[] | undefined) ?? []).join('\n')),
        ...(o.labelsFile ? parseLabelList(readFileSync(o.labelsFile as string, 'utf8')) : [])
      ]
      const spec = validInput(invokeSchemas['project.create'], {
        path: file,
        name: o.name as string | undefined,
        roots: o.images as string[],
        labels,
        labelPreset: o.preset as string | undefined,
        templates: o.templates as string[] | undefined,
        templatePreset: o.templatePreset as string | undefined,
        kind: o.tags ? 'tags' : undefined
      })
      const p = createProjectFromSpec(file, spec)
      try {
        touchRecent(dataDir(), p.path, p.name)
        process.stderr.write(
          `Created ${p.kind === 'tags' ? 'tags project ' : ''}${p.path}: ${p.roots().length} folder(s), ${p.labels().length} ${p.kind === 'tags' ? 'tags' : 'labels'}, templates "${p.activeTemplateSet().name}"\n`
        )
        for (const w of [
          scriptWarning(p.labels().map((l) => l.name)),
          scriptWarning(p.activeTemplateSet().templates, 'template')
        ])
          if (w) process.stderr.write(`zebra: warning: ${w}\n`)
        if (o.scan) {
          const r = await scanProject(p)
          out(r)
          const notTaken = describeNotTaken(r.notTaken)
          if (notTaken) process.stderr.write(`zebra: ${notTaken}\n`)
        }
      } finally {
        p.close()
      }
    })

  program
    .command('scan')
    .description('find new, changed, moved and missing images')
    .argument('<project>')
    .option('--json', 'print the result as JSON')
    .action((file: string, o: { json?: boolean }) =>
      withProject(file, async (p) => {
        const bar = lazyProgress('scan')
        const r = await scanProject(p, {
          onProgress: (d, t) => bar.update(d, t),
          onFileError: (f, why) => process.stderr.write(`unreadable: ${f}: ${why}\n`)
        })
        bar.stop()
        out(o.json ? r : scanSummary(r))
        // folders it could not read: the scan did not do all its work
        if (r.unreadableFolders.length) process.exitCode = 1
      })
    )

  program
    .command('prelabel')
    .description('embed and score every image not yet pre-labelled (resumable; Ctrl+C stops cleanly)')
    .argument('<project>')
    .option('--model <dir>', "CLIP ONNX model folder, or 'demo'")
    .addOption(variantOption())
    .addOption(epOption())
    .option('--batch <n>', 'images per inference batch', intArg('--batch'))
    .option('--json', 'print the result as JSON')
    .action((file: string, o: ModelOpts & { batch?: number; json?: boolean }) =>
      withProject(file, async (p) => {
        const batch = o.batch
        await scanFirstIfEmpty(p, (line) => process.stderr.write(`${line}\n`))
        const engine = await engineFor(p, o)
        const intr = interruptible()
        const bar = lazyProgress('prelabel')
        try {
          process.stderr.write(`model ${engine.modelDir} (${engine.variant}, ${engine.provider})\n`)
          const r = await prelabel(p, engine, {
            batch,
            signal: intr.signal,
            onProgress: (s) => bar.update(s.done, s.total, s.rate, s.etaS),
            onFileError: (f, why) => process.stderr.write(`\nunreadable: ${f}: ${why}\n`),
            onWarning: (m) => process.stderr.write(`\nzebra: ${m}\n`)
          })
          bar.stop()
          if (o.json) out(r)
          else
            out(
              `${r.processed} pre-labelled, ${r.failed} unreadable, ${r.rescored} re-scored${r.cancelled ? ' (cancelled: rerun to resume)' : ''}`
            )
          if (r.cancelled) process.exitCode = EXIT_CANCELLED
        } finally {
          intr.dispose()
          await engine.dispose()
        }
      })
    )

  program
    .command('rescore')
    .description('recompute suggestions from cached embeddings after a label or template change')
    .argument('<project>')
    .option('--model <dir>', "model folder or 'demo' (only needed for prompts never encoded)")
    .option('--all', 're-score every image (after a temperature or top-k change)')
    .action((file: string, o: { model?: string; all?: boolean }) =>
      withProject(file, async (p) => {
        const engine = o.model || p.settings().modelPath || p.isSample ? await engineFor(p, o) : null
        try {
          const modelId = engine?.modelId ?? mainModelId(p)
          if (!modelId) throw new AppError('invalid_input', 'Nothing to re-score: run prelabel first.')
          const r = await rescore(p, modelId, engine, { all: o.all })
          out(`${r.rescored} re-scored`)
        } finally {
          await engine?.dispose()
        }
      })
    )

  program
    .command('status')
    .description('counts: images, pre-labelled, reviewed (by kind), unreadable')
    .argument('<project>')
    .option(
      '--json',
      "print { images, prelabeled, reviewed, unreadable, missing, byKind, notTaken } (notTaken: the last scan's)"
    )
    .action((file: string, o: { json?: boolean }) =>
      withProject(file, async (p) => {
        const c = p.counts()
        const notTaken = readLastScan(p.db)?.notTaken ?? null
        if (o.json) {
          out({ ...c, notTaken })
          return
        }
        const passed = notTaken && describeNotTaken(notTaken)
        out(
          [
            `${p.name} (${p.path})`,
            `images:      ${c.images}`,
            `prelabeled:  ${c.prelabeled}`,
            `reviewed:    ${c.reviewed} (${DECISION_KINDS.map((k) => `${k} ${c.byKind[k]}`).join(', ')})`,
            `unreadable:  ${c.unreadable}`,
            `missing:     ${c.missing}`,
            ...(passed ? [`last scan ${passed}`] : []),
            ...(p.readOnly
              ? ['read-only:   the file is not writable here; view and export only, decisions are disabled']
              : [])
          ].join('\n')
        )
      })
    )

  program
    .command('accept')
    .description('accept the top-1 of every unreviewed image with probability >= P (one undoable step)')
    .argument('<project>')
    .requiredOption('--min-prob <p>', 'minimum top-1 probability', probArg('--min-prob'))
    .option('--label <name>', 'only images whose top-1 is this label')
    .option('--annotator <name>')
    .action((file: string, o: { minProb: number; label?: string; annotator?: string }) =>
      withProject(file, async (p) => {
        const min = o.minProb
        let labelId: number | undefined
        if (o.label) {
          const l = p.labelByName(o.label)
          if (!l) throw new AppError('invalid_input', `No label "${o.label}" in this project.`)
          labelId = l.id
        }
        const n = reviewSession(p, annotatorName(o.annotator)).session.acceptAbove(min, labelId)
        out(`${n} accepted`)
      })
    )

  program
    .command('export')
    .description(
      'export the reviewed labels (csv, jsonl, ImageFolder, Hugging Face, Label Studio, CVAT, FiftyOne, YOLO, COCO; a tags project: csv, jsonl, hf, labelstudio, fiftyone-json, coco-labels)'
    )
    .argument('<project>')
    .requiredOption('--format <format>', EXPORT_FORMATS.join(' | '))
    .option('--out <dir>', 'target folder (default: beside the project file)')
    .option('--split <spec>', 'e.g. train=0.8,val=0.1,test=0.1 (stratified by label)')
    .option('--seed <n>', 'seed of the split', '0')
    .option('--link <mode>', 'copy | hardlink | symlink (formats that copy images)', 'copy')
    .option('--include <kinds>', 'decisions exported: accepted,corrected (default: both)', collect)
    .option('--force', 'write into a non-empty folder')
    .option('--csv-raw', "CSV cells as stored: don't escape text starting with = + - @ (formulas)")
    .option('--include-missing', 'also export images missing at the last scan, with their recorded labels')
    .option('--include-partial', 'tags project: also images with some tags still undecided')
    .option('--json', 'print the result as JSON')
    .action(
      (
        file: string,
        o: {
          includeMissing?: boolean
          includePartial?: boolean
          format: string
          out?: string
          split?: string
          seed: string
          link: string
          include?: string[]
          force?: boolean
          csvRaw?: boolean
          json?: boolean
        }
      ) =>
        withProject(file, async (p) => {
          if (!(EXPORT_FORMATS as readonly string[]).includes(o.format))
            throw new AppError('invalid_input', `--format: one of ${EXPORT_FORMATS.join(', ')}`)
          if (!['copy', 'hardlink', 'symlink'].includes(o.link))
            throw new AppError('invalid_input', '--link: copy, hardlink or symlink')
          const include = (o.include ?? ['accepted,corrected'])
            .flatMap((k) => k.split(','))
            .map((s) => s.trim())
            .filter(Boolean)
          if (include.length === 0 || include.some((k) => k !== 'accepted' && k !== 'corrected')) {
            throw new AppError('invalid_input', '--include: accepted and/or corrected, comma-separated')
          }
          const seed = Number(o.seed)
          if (!Number.isInteger(seed)) throw new AppError('invalid_input', '--seed must be an integer')
          const r = await exportProject(p, {
            format: o.format as ExportFormat,
            outDir: o.out ?? defaultExportDir(p.path, o.format),
            split: o.split ? parseSplitArg(o.split) : undefined,
            seed,
            link: o.link as LinkMode,
            include: include as ('accepted' | 'corrected')[],
            force: o.force,
            csvRaw: o.csvRaw,
            includeMissing: o.includeMissing,
            includePartial: o.includePartial,
            // a tags project: the probabilities the review and the app's export give
            tagProb: p.kind === 'tags' ? tagProbOf(p) : undefined
          })
          out(o.json ? r : formatExportSummary(r))
          // files it could not copy: a partial export, not a success
          if (r.leftOut.notCopied) process.exitCode = 1
        })
    )
}

/** A tags project's probabilities as the review service reads them (calibrated once fitted). */
function tagProbOf(p: Parameters<TagModel['prob']>[0]): (labelId: number, s: number) => number {
  const model = new TagModel()
  return (labelId, s) => model.prob(p, labelId, s)
}
