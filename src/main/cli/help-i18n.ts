// The CLI's help in the interface language: each command's summary from the cli catalogue
// (cli:commands.<name>, a subcommand as <parent>_<name>), and commander's own titles and help
// option. A command without a catalogue entry keeps the English summary it was registered with,
// so a new command is never left without help.
import type { Command } from 'commander'
import { i18n } from '../i18n'

/** A cli catalogue text in the current language, English when the language lacks it, else null. */
function cliText(key: string): string | null {
  const found = (lng: string): unknown => i18n.getResource(lng, 'cli', key)
  const text = found(i18n.language) ?? found('en')
  return typeof text === 'string' ? text : null
}

/** The catalogue key of a command's summary: its path below `zebra`, joined with '_'. */
function commandKey(path: string[]): string {
  return `commands.${path.join('_')}`
}

export function localizeHelp(program: Command): void {
  const titles: Record<string, string> = {
    'Usage:': i18n.t('cli:help.usage'),
    'Options:': i18n.t('cli:help.options'),
    'Commands:': i18n.t('cli:help.commands'),
    'Arguments:': i18n.t('cli:help.arguments'),
    'Global Options:': i18n.t('cli:help.globalOptions')
  }
  const walk = (cmd: Command, path: string[]): void => {
    cmd.configureHelp({ styleTitle: (title: string) => titles[title] ?? title })
    cmd.helpOption('-h, --help', i18n.t('cli:help.helpOption'))
    for (const sub of cmd.commands) {
      const p = [...path, sub.name()]
      const summary = cliText(commandKey(p))
      if (summary) sub.description(summary)
      walk(sub, p)
    }
  }
  program.helpCommand('help [command]', i18n.t('cli:help.helpCommand'))
  walk(program, [])
}
