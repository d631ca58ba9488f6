// zebra tokenize: CLIP token ids of texts.
import type { Command } from 'commander'
import { resolveModelArg } from '../clip/files'
import { loadModelFolder } from '../clip/model-folder'
import { loadTokenizer } from '../clip/tokenizer'
import { modelOption, type ModelOpts } from './options'

export function registerTokenize(program: Command): void {
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
