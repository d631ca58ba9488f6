// `zebra import-embeddings`: image embeddings computed elsewhere (clip-retrieval's output layout)
// become the project's embeddings of a model, with suggestions computed from them, as if the
// project had been pre-labelled here. A refused import (layout, dimension, another model's vectors,
// no text encoder for the labels, no path in the project) writes nothing and exits non-zero.
import type { Command } from 'commander'
import type { ImportEmbeddingsResult } from '../../shared/models-report'
import { importEmbeddingsWith, resolveNamedModel } from '../services/core/import-embeddings'
import { outJsonOr, withProject } from './io'
import { epOption, variantOption, type ModelOpts } from './options'
import { createProgress, type Progress } from './progress'
import { EXIT_CANCELLED, interruptible } from './project/common'

function importSummary(r: ImportEmbeddingsResult): string {
  const lines = [
    `${r.matched} imported, ${r.unmatched} unmatched, ${r.refused} refused (of ${r.rows} rows in ${r.parts} part${r.parts === 1 ? '' : 's'})`,
    `model ${r.modelName} (${r.variant}, ${r.dim}-d, id ${r.modelId}); checked: ${r.verified}`
  ]
  for (const u of r.unmatchedExamples) lines.push(`unmatched: ${u}`)
  for (const f of r.refusedExamples) lines.push(`refused: ${f.path}: ${f.reason}`)
  return lines.join('\n')
}

export function registerImportEmbeddings(program: Command): void {
  program
    .command('import-embeddings')
    .description(
      'import image embeddings made elsewhere (clip-retrieval layout: img_emb/img_emb_N.npy + metadata/metadata_N.parquet with image_path) and score them'
    )
    .argument('<project>', 'project file (.zebra)')
    .requiredOption('--embeddings <dir>', 'the folder holding img_emb/ and metadata/')
    .requiredOption(
      '--model <model-id-or-folder>',
      "the model that made them: its folder, 'demo', owner/name, or a model id"
    )
    .addOption(variantOption())
    .addOption(epOption())
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: ModelOpts & { embeddings: string; model: string; json?: boolean }) => {
      await withProject(file, async (project) => {
        const intr = interruptible()
        let bar = null as Progress | null
        try {
          const named = await resolveNamedModel(project, o.model, o.variant)
          const r = await importEmbeddingsWith(
            project,
            o.embeddings,
            named,
            null,
            o.ep ?? project.settings().ep,
            {
              signal: intr.signal,
              onProgress: (done, total) => {
                if (total > 4096) (bar ??= createProgress('import-embeddings', total)).update(done)
              }
            }
          )
          bar?.stop()
          outJsonOr(r, o.json, () => importSummary(r))
        } catch (err) {
          bar?.stop()
          if (intr.signal.aborted) process.exitCode = EXIT_CANCELLED
          throw err
        } finally {
          intr.dispose()
        }
      })
    })
}
