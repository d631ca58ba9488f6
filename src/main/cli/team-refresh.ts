// `zebra team refresh REPLICA`: brings into a replica what the team store gained after the member
// joined (labels, template sets, images with their embeddings and predictions) and pulls the
// decisions that were skipped for naming them. The member's folders are scanned first, so that the
// new images are found among their files; the ones not found are listed, as at join.
import type { Command } from 'commander'
import type { RefreshResult } from '../db/pg/refresh'
import { refreshTeamCopy } from '../services/core/team-admin'
import { out, withProject } from './io'

function report(file: string, r: RefreshResult): void {
  const labels = r.labels.length
    ? ` (${r.labels.slice(0, 10).join(', ')}${r.labels.length > 10 ? ', …' : ''})`
    : ''
  out(`refreshed ${file} from the team store`)
  out(`labels: ${r.labels.length} added${labels}; template sets: ${r.templateSets} added`)
  out(`images: ${r.images} new found in your folders, ${r.missing.length} missing`)
  for (const m of r.missing.slice(0, 50)) out(`missing: ${m}`)
  if (r.missing.length > 50) out(`missing: … and ${r.missing.length - 50} more`)
  out(`from the team: ${r.embeddings} embeddings, ${r.predictions} predictions`)
  out(`decisions: ${r.pulled} pulled${r.skipped ? `, ${r.skipped} still skipped (refresh again)` : ''}`)
}

export function registerTeamRefresh(team: Command): void {
  team
    .command('refresh <replica>')
    .description('take the labels, template sets and images the team added since you joined')
    .action((file: string) =>
      withProject(file, async (p) => {
        const r = await refreshTeamCopy(p, {
          onFileError: (f, why) => process.stderr.write(`unreadable: ${f}: ${why}\n`)
        })
        report(p.path, r)
      })
    )
}
