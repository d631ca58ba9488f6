// zebra embed: image embeddings as JSON lines.
import type { Command } from 'commander'
import { DEFAULT_IMAGE_BATCH } from '../clip/engine'
import { l2normalize } from '../clip/zeroshot'
import { displayPath, embedWithProgress, imageFiles, openEngine, writeLine } from './engine-run'
import { epOption, intArg, modelOption, variantOption, type ModelOpts } from './options'
import { EXIT_CANCELLED, EXIT_FAILURE } from './run'

export function registerEmbed(program: Command): void {
  program
    .command('embed')
    .description(
      'print image embeddings as JSON lines {"file","embedding"} (raw image_embeds unless --normalize)'
    )
    .addOption(modelOption())
    .addOption(variantOption())
    .addOption(epOption())
    .option('--normalize', 'L2-normalise the embeddings')
    .option('--batch <n>', `images per inference batch (default ${DEFAULT_IMAGE_BATCH})`, intArg('--batch'))
    .option('--threads <n>', 'CPU threads (default: all cores)', intArg('--threads'))
    .argument('<file-or-dir...>', 'images, or folders searched recursively for images')
    .action(async (paths: string[], o: ModelOpts & { normalize?: boolean; batch?: number }) => {
      const batch = o.batch ?? DEFAULT_IMAGE_BATCH
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
