// zebra tokenize: token ids of texts (CLIP's BPE, or the SentencePiece tokenizer of an Immich-layout
// folder such as M-CLIP's).
import type { Command } from 'commander'
import { resolveModelArg } from '../clip/files'
import { isImmichLayout, loadImmichTextual } from '../clip/immich-folder'
import { loadModelFolder } from '../clip/model-folder'
import { loadSpmTokenizer } from '../clip/spm-tokenizer'
import { loadTokenizer } from '../clip/tokenizer'
import { modelOption, type ModelOpts } from './options'

export function registerTokenize(program: Command): void {
  program
    .command('tokenize')
    .description('print the model\'s token ids of each text as JSON [{"text","ids"}]')
    .addOption(modelOption())
    .argument('<text...>', 'texts to tokenise')
    .action(async (texts: string[], o: ModelOpts) => {
      const dir = resolveModelArg(o.model)
      // Immich's layout (M-CLIP): the SentencePiece tokenizer of textual/
      const tok = isImmichLayout(dir)
        ? await loadImmichTextual(dir).then((t) => loadSpmTokenizer(t.dir, t.contextLength))
        : await loadModelFolder(dir).then((f) => loadTokenizer(f.tokenizer, f.contextLength))
      process.stdout.write(`${JSON.stringify(texts.map((text) => ({ text, ids: tok.encode(text) })))}\n`)
    })
}
