// `zebra team init|add|remove|join|sync|status|settings|refresh`: team projects on a PostgreSQL server (docs/team.md). Passwords
// come from PGPASSWORD or ~/.pgpass (or the URL, never kept); every message masks them.
import type { Command } from 'commander'
import { AppError, toAppError } from '../../shared/errors'
import { teamLink } from '../db/pg/replica'
import { syncReplica } from '../db/pg/sync'
import { removeTeamMember } from '../services/core/team-admin'
import { addTeamMember, joinTeam, shareProject, withTeam, type JoinResult } from '../services/core/team-setup'
import { out, withProject } from './io'
import { createProgress, type Progress } from './progress'
import { annotatorName, EXIT_CANCELLED, interruptible } from './project/common'
import { registerTeamRefresh } from './team-refresh'
import { registerTeamSettings } from './team-settings'
import { registerTeamStatus } from './team-status'

/** The join, its folder scan with a progress bar as `zebra scan` has; Ctrl+C cancels cleanly. */
async function joinWithBar(
  url: string,
  o: { annotator: string; images: string[]; to?: string }
): Promise<JoinResult | null> {
  const bar: { current: Progress | null } = { current: null }
  const stop = interruptible()
  try {
    return await joinTeam(url, {
      ...o,
      signal: stop.signal,
      onProgress: (d, t) => {
        bar.current ??= createProgress('scan', t)
        bar.current.update(d)
      },
      onFileError: (f, why) => process.stderr.write(`unreadable: ${f}: ${why}\n`)
    })
  } catch (err) {
    if (toAppError(err).code !== 'cancelled') throw err
    bar.current?.stop()
    bar.current = null
    process.stderr.write(`zebra: ${toAppError(err).message}\n`)
    process.exitCode = EXIT_CANCELLED
    return null
  } finally {
    bar.current?.stop()
    stop.dispose()
  }
}

async function join(url: string, o: { annotator: string; images: string[]; to?: string }): Promise<void> {
  const r = await joinWithBar(url, o)
  if (!r) return
  out(`joined "${r.name}" as ${o.annotator}${r.role === 'reviewer' ? ' (a reviewer)' : ''}: ${r.file}`)
  out(`images: ${r.matched} found in your folders, ${r.missing.length} missing`)
  for (const m of r.missing.slice(0, 50)) out(`missing: ${m}`)
  if (r.missing.length > 50) out(`missing: … and ${r.missing.length - 50} more`)
  out(
    `from the team: ${r.embeddings} embeddings, ${r.predictions} predictions${r.stale ? ` (${r.stale} to re-score)` : ''}`
  )
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
          `published "${r.name}" to ${r.url}: ${r.labels} labels, ${r.templateSets} template sets, ${r.images} images, ${r.predictions} predictions, ${r.decisions} decisions, ${r.embeddings} embeddings`
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
    .command('remove <url> <name>')
    .description('remove a member (connect as the owner); their decisions stay in the log')
    .action(async (url: string, name: string) => {
      const r = await removeTeamMember(url, undefined, name)
      out(
        `${name} is no longer a member of this team project (${r.decisionsKept} of their decisions stay in the log)${r.dropped ? '; their role was dropped' : '; their role is kept (it owns something or belongs to another team project on this server) but cannot connect to this one'}`
      )
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
            `sent ${r.added} new of ${r.sent}${notShared}; pulled ${r.pulled}${r.skipped ? `, ${r.skipped} skipped (on labels or images added since you joined: \`zebra team refresh ${file}\` takes them)` : ''}`
          )
        })
      })
    })

  registerTeamStatus(team)
  registerTeamSettings(team)
  registerTeamRefresh(team)
}
