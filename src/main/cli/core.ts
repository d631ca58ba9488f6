// Core commands over the CLIP engine, one file each: tokenize, embed, classify, presets,
// models list|download|verify. Exit codes: 0 ok, 1 some work failed, 2 bad usage (see run.ts).
import type { Command } from 'commander'
import { registerClassify } from './classify'
import { registerEmbed } from './embed'
import { registerModels } from './models'
import { registerPresets } from './presets'
import { registerTokenize } from './tokenize'

export function registerCoreCommands(program: Command): void {
  registerTokenize(program)
  registerEmbed(program)
  registerClassify(program)
  registerPresets(program)
  registerModels(program)
}
