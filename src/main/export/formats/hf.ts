// Hugging Face imagefolder: split/file, with split/metadata.jsonl beside the images of each split
// (the `datasets` loader only reads a metadata file in the images' folder or above it within the
// split, huggingface/datasets#6442; JSON Lines keeps numbers and nulls typed, where CSV would make
// an empty probability a string). No split: everything goes to train/.
import { writeFile } from 'node:fs/promises'
import { join, posix } from 'node:path'
import { fromPosixRel } from '../../db/paths'
import { placeRows, writeSources } from './place'
import type { FormatInput, FormatOutput } from './types'

export async function writeHf(input: FormatInput): Promise<FormatOutput> {
  const { placed, notCopied } = await placeRows(input, (_r, split) => split ?? 'train')
  const bySplit = new Map<string, string[]>()
  for (const p of placed) {
    const dir = posix.dirname(p.file)
    const r = p.row
    let lines = bySplit.get(dir)
    if (!lines) bySplit.set(dir, (lines = []))
    lines.push(
      JSON.stringify({
        file_name: posix.basename(p.file),
        label: r.label,
        decision: r.decision,
        suggested_label: r.suggestedLabel,
        suggested_prob: r.suggestedProb,
        model: r.model,
        variant: r.variant,
        template_set: r.templateSet,
        source_path: r.relPath
      }) + '\n'
    )
  }
  const files: string[] = []
  for (const [dir, lines] of bySplit) {
    const f = join(input.outDir, fromPosixRel(dir), 'metadata.jsonl')
    await writeFile(f, lines.join(''))
    files.push(f)
  }
  files.push(await writeSources(input, placed))
  return { files, notCopied }
}
