// Entry point of the `zebra` command line. Each area registers its own subcommands.
import { Command } from 'commander'
import { registerAgreementCommand } from './agreement'
import { registerCoreCommands } from './core'
import { registerProjectCommands } from './project'
import { registerProjectKindCommand } from './project-kind'
import { registerReviewCommands } from './review-cmd'
import { registerTagCommands } from './tags'
import { registerCompareCommands } from './compare'
import { registerReachCommands } from './reach'
import { registerFolderCommands } from './folders'
import { registerLabelCommands } from './labels-cmd'
import { registerTemplateCommands } from './templates-cmd'
import { registerImportCommand } from './import-cmd'
import { registerImportEmbeddings } from './import-embeddings'
import { registerMergeCommand } from './merge'
import { registerTeamCommands } from './team'
import { registerSampleCommand } from './sample'
import { runCli } from './run'

const program = new Command('zebra')
  .description('Zebra: zero-shot CLIP pre-labeling and review for image datasets')
  .version(process.env.npm_package_version ?? '0.1.0')
  .option('--verbose', 'show what GPU providers print while starting, and why one was not used')
  .hook('preAction', (cmd) => {
    // read by clip/session.ts (no quiet WebGPU probe) and cli/run.ts (provider line)
    if (cmd.opts().verbose) process.env.ZEBRA_VERBOSE = '1'
  })

registerCoreCommands(program)
registerProjectCommands(program)
registerReviewCommands(program)
registerProjectKindCommand(program)
registerTagCommands(program)
registerCompareCommands(program)
registerReachCommands(program)
registerFolderCommands(program)
registerLabelCommands(program)
registerTemplateCommands(program)
registerImportCommand(program)
registerImportEmbeddings(program)
registerAgreementCommand(program)
registerMergeCommand(program)
registerTeamCommands(program)
registerSampleCommand(program)

void runCli(program, process.argv)
