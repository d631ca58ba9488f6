// `zebra team init|add|join|sync|status`: team projects on a PostgreSQL server (docs/team.md). Passwords
// come from PGPASSWORD or ~/.pgpass (or the URL, never kept); every message masks them.
import type { Command } from 'commander'
import { AppError } from '../../shared/errors'
import { teamLink } from '../db/pg/replica'
import { syncReplica } from '../db/pg/sync'
import { addTeamMember, joinTeam, shareProject, withTeam } from '../services/core/team-setup'
import { out, withProject } from './io'
import { annotatorName } from './project/common'
import { registerTeamStatus } from './team-status'

async function join(url: string, o: { annotator: string; images: string[]; to?: string }): Promise<void> {
  const r = await joinTeam(url, {
    ...o,
    onFileError: (f, why) => process.stderr.write(`unreadable: ${f}: ${why}\n`)
  })
  out(`joined "${r.name}" as ${o.annotator}${r.role === 'reviewer' ? ' (a reviewer)' : ''}: ${r.file}`)
  out(`images: ${r.matched} found in your folders, ${r.missing.length} missing`)
  for (const m of r.missing.slice(0, 50)) out(`missing: ${m}`)
  if (r.missing.length > 50) out(`missing: … and ${r.missing.length - 50} more`)
  out(`decisions: ${r.pulled} pulled from the team`)
  // the store takes a member's rows only under their own role name
  if (annotatorName() !== o.annotator) {
    out(
      `decide as "${o.annotator}" (--annotator ${o.annotator} or ZEBRA_ANNOTATOR=${o.annotator}): only their decisions are sent`
    )
  }
}

export function registerTeamCommands(program: Command): void {
  const team = program
    .command('team')
    .description('team projects on a PostgreSQL server (passwords from PGPASSWORD or ~/.pgpass)')

  team
    .command('init <url>')
    .description('publish a project to an empty PostgreSQL database (connect as its owner)')
    .requiredOption('--from <project>', 'the project file to publish')
    .action(async (url: string, o: { from: string }) => {
      await withProject(o.from, async (p) => {
        const r = await shareProject(p, url, undefined)
        out(
          `published "${r.name}" to ${r.url}: ${r.labels} labels, ${r.templateSets} template sets, ${r.images} images, ${r.predictions} predictions, ${r.decisions} decisions`
        )
      })
    })

  team
    .command('add <url> <name>')
    .description('add a member (a PostgreSQL login role; password from ZEBRA_MEMBER_PASSWORD)')
    .option('--reviewer', 'a reviewer, whose decisions adjudicate')
    .action(async (url: string, name: string, o: { reviewer?: boolean }) => {
      await addTeamMember(url, undefined, {
        name,
        role: o.reviewer ? 'reviewer' : 'annotator',
        password: process.env.ZEBRA_MEMBER_PASSWORD
      })
      out(`${name} is now a${o.reviewer ? ' reviewer' : 'n annotator'} of this team project`)
    })

  team
    .command('join <url>')
    .description('make a local replica of a team project, with your copies of its images')
    .requiredOption('--annotator <name>', 'your role on the server')
    .requiredOption('--images <dirs...>', 'your folders holding the images (matched by content)')
    .option('--to <file>', 'the replica to create (default: <project>-<annotator>.zebra)')
    .action(join)

  team
    .command('sync <project>')
    .description("send your decisions and fetch everyone else's")
    .action(async (file: string) => {
      await withProject(file, async (p) => {
        const link = teamLink(p.db)
        if (!link)
          throw new AppError(
            'invalid_input',
            `${p.path} is not a team replica: make one with \`zebra team join\`.`
          )
        await withTeam(link.url, undefined, async (client) => {
          const r = await syncReplica(client, p.db)
          const notShared = r.notShared
            ? `, ${r.notShared} not shared (another annotator's or on images the team lacks)`
            : ''
          out(
            `sent ${r.added} new of ${r.sent}${notShared}; pulled ${r.pulled}${r.skipped ? `, ${r.skipped} skipped` : ''}`
          )
        })
      })
    })

  registerTeamStatus(team)
}
