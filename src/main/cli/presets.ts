// zebra presets: the CLIP paper label/template sets.
import type { Command } from 'commander'
import { listPresets } from '../clip/presets'

export function registerPresets(program: Command): void {
  program
    .command('presets')
    .description('list the CLIP paper label/template presets usable with classify --preset')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const all = listPresets()
      if (o.json) {
        process.stdout.write(`${JSON.stringify(all, null, 2)}\n`)
        return
      }
      for (const p of all)
        process.stdout.write(
          `${p.name.padEnd(30)} ${String(p.classes).padStart(5)} classes  ${p.templates} templates\n`
        )
    })
}
