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
import { localizeHelp } from './help-i18n'
import { i18n, setMainLanguage } from '../i18n'
import { dataDir } from '../paths'
import { loadSettings } from '../settings'

// the interface language (ZEBRA_LANG, else the app setting, else the OS) before any text is made
setMainLanguage(loadSettings(dataDir()).language)

const program = new Command('zebra')
  .description(i18n.t('cli:description'))
  .version(process.env.npm_package_version ?? '0.1.0', '-V, --version', i18n.t('cli:help.version'))
  .option('--verbose', i18n.t('cli:verbose'))
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

localizeHelp(program)
void runCli(program, process.argv)
