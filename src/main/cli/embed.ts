// zebra embed: image embeddings as JSON lines, or a clip-retrieval folder (import-embeddings reads it).
import type { Command } from 'commander'
import { writeClipRetrievalFolder } from '../clip/clip-retrieval'
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
    .option(
      '--clip-retrieval <dir>',
      "write L2-normalised embeddings in clip-retrieval's layout to <dir> (img_emb/img_emb_0.npy, metadata/metadata_0.parquet) instead of JSON lines"
    )
    .option('--batch <n>', `images per inference batch (default ${DEFAULT_IMAGE_BATCH})`, intArg('--batch'))
    .option('--threads <n>', 'CPU threads (default: all cores)', intArg('--threads'))
    .argument('<file-or-dir...>', 'images, or folders searched recursively for images')
    .action(
      async (
        paths: string[],
        o: ModelOpts & { normalize?: boolean; batch?: number; clipRetrieval?: string }
      ) => {
        const batch = o.batch ?? DEFAULT_IMAGE_BATCH
        const files = await imageFiles(paths)
        const engine = await openEngine(o)
        try {
          const kept: { file: string; embedding: Float32Array }[] = []
          const failed = await embedWithProgress(engine, files, batch, 'embed', (res) => {
            for (const r of res) {
              if (!r.embedding) continue
              if (o.clipRetrieval) {
                kept.push({ file: displayPath(r.file), embedding: l2normalize(r.embedding) })
                continue
              }
              const e = o.normalize ? l2normalize(r.embedding) : r.embedding
              writeLine({ file: displayPath(r.file), embedding: Array.from(e) })
            }
          })
          if (o.clipRetrieval && process.exitCode !== EXIT_CANCELLED) {
            const m = new Float32Array(kept.length * engine.embedDim)
            kept.forEach((k, i) => m.set(k.embedding, i * engine.embedDim))
            await writeClipRetrievalFolder(
              o.clipRetrieval,
              kept.map((k) => k.file),
              m,
              engine.embedDim
            )
            process.stderr.write(`wrote ${kept.length} embeddings to ${o.clipRetrieval}\n`)
          }
          if (failed && process.exitCode !== EXIT_CANCELLED) process.exitCode = EXIT_FAILURE
        } finally {
          await engine.dispose()
        }
      }
    )
}
