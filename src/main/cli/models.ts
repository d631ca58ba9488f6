// zebra models list | download | verify. The listing is in models-catalog.ts.
import { Option, type Command } from 'commander'
import { resolve } from 'node:path'
import { VARIANTS, type Variant } from '../../shared/contract'
import { variantWarning } from '../../shared/catalog'
import { AppError } from '../../shared/errors'
import { CATALOG, chooseVariant, findCatalogEntry } from '../clip/catalog'
import {
  DEFAULT_DOWNLOAD_VARIANT,
  DEFAULT_REPO,
  downloadModel,
  hubUrl,
  readManifest,
  verifyModel
} from '../clip/download'
import { resolveModelArg } from '../clip/files'
import { formatModelRows, modelRows } from './models-catalog'
import { createProgress, type Progress } from './progress'
import { EXIT_FAILURE } from './run'

export function registerModels(program: Command): void {
  const models = program.command('models').description('list, download and verify CLIP models')

  models
    .command('list')
    .description(
      'the model catalog (sizes, CPU speed, ImageNet accuracy, licence) with what is downloaded, the bundled demo model, other model folders'
    )
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const rows = modelRows()
      if (o.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`)
      else process.stdout.write(formatModelRows(rows))
    })

  models
    .command('download')
    .description(`download a CLIP model from the Hugging Face Hub (resumable, checksum-verified)`)
    .argument('[name]', 'Hub repo owner/name (default: --model, else ViT-B/32)')
    .option('--model <id>', `a catalog model: ${CATALOG.map((c) => c.id).join(', ')}`)
    .addOption(
      new Option(
        '--variant <variant>',
        "onnx variant (default: the catalog's, quantized for CLIP, fp32 for MobileCLIP); sizes: zebra models list"
      ).choices(VARIANTS)
    )
    .option('--dir <dir>', 'target folder (default: the models folder, owner--name)')
    .option('--base-url <url>', 'Hub address (default: env ZEBRA_HUB_URL or https://huggingface.co)')
    .action(
      async (
        nameArg: string | undefined,
        o: { model?: string; variant?: Variant; dir?: string; baseUrl?: string }
      ) => {
        if (nameArg && o.model) throw new AppError('invalid_input', 'Give a Hub name or --model, not both.')
        const entry = o.model
          ? findCatalogEntry(o.model)
          : CATALOG.find((c) => c.repo.toLowerCase() === (nameArg ?? DEFAULT_REPO).toLowerCase())
        const name = entry?.repo ?? (nameArg as string)
        const variant = entry ? chooseVariant(entry, o.variant) : (o.variant ?? DEFAULT_DOWNLOAD_VARIANT)
        const warning = entry && variantWarning(entry, variant)
        if (warning) process.stderr.write(`zebra: warning: ${warning}\n`)
        process.stderr.write(`zebra: downloading ${name} (${variant}) from ${hubUrl(o.baseUrl)}\n`)
        // a holder: the bar is created inside the progress callback
        const ui: { bar: Progress | null } = { bar: null }
        const ac = new AbortController()
        const onSig = (): void => ac.abort()
        process.once('SIGINT', onSig)
        try {
          const dir = await downloadModel({
            repo: name,
            variant,
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
      }
    )

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
