// zebra models list | download | verify.
import { Option, type Command } from 'commander'
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { VARIANTS, type Variant } from '../../shared/contract'
import {
  DEFAULT_DOWNLOAD_VARIANT,
  DEFAULT_REPO,
  defaultModelDir,
  downloadModel,
  hubUrl,
  readManifest,
  verifyModel
} from '../clip/download'
import { resolveModelArg } from '../clip/files'
import { availableVariants } from '../clip/model-folder'
import { demoModelDir, modelsDir } from '../paths'
import { createProgress, type Progress } from './progress'
import { EXIT_FAILURE } from './run'

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

export function registerModels(program: Command): void {
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
