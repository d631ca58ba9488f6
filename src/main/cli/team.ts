// `zebra team init|add|join|sync|status|settings|refresh`: team projects on a PostgreSQL server (docs/team.md). Passwords
// come from PGPASSWORD or ~/.pgpass (or the URL, never kept); every message masks them.
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import type { Client } from 'pg'
import { AppError, toAppError } from '../../shared/errors'
import { connectTeam, redactUrl, urlWithoutPassword, withUser } from '../db/pg/connect'
import { publishProject } from '../db/pg/publish'
import { linkReplica, readTeamSnapshot, teamLink } from '../db/pg/replica'
import { takeVectors } from '../db/pg/replica-vectors'
import { addMember } from '../db/pg/roles'
import { syncReplica } from '../db/pg/sync'
import { Project } from '../db/project'
import { scanProject } from '../jobs/scan'
import { out, withProject } from './io'
import { annotatorName } from './project/common'
import { registerTeamRefresh } from './team-refresh'
import { registerTeamSettings } from './team-settings'
import { registerTeamStatus } from './team-status'

/** Runs `fn` on a connection that is closed afterwards; errors come back with the URL masked. */
async function withTeam<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = await connectTeam(url)
  try {
    return await fn(client)
  } catch (err) {
    const e = toAppError(err)
    throw new AppError(e.code, redactUrl(e.message), e.details)
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function join(url: string, o: { annotator: string; images: string[]; to?: string }): Promise<void> {
  const kept = urlWithoutPassword(withUser(url, o.annotator))
  await withTeam(withUser(url, o.annotator), async (client) => {
    const snap = await readTeamSnapshot(client, o.annotator)
    const file = resolve(o.to ?? `${snap.name}-${o.annotator}.zebra`)
    const p = Project.create(file, { roots: o.images, name: snap.name, kind: snap.kind })
    try {
      await scanProject(p, { onFileError: (f, why) => process.stderr.write(`unreadable: ${f}: ${why}\n`) })
      const linked = linkReplica(p.db, snap, { url: kept, annotator: o.annotator })
      const taken = await takeVectors(client, p.db)
      const sync = await syncReplica(client, p.db)
      out(`joined "${snap.name}" as ${o.annotator}: ${file}`)
      out(`images: ${linked.matched} found in your folders, ${linked.missing.length} missing`)
      for (const m of linked.missing.slice(0, 50)) out(`missing: ${m}`)
      if (linked.missing.length > 50) out(`missing: … and ${linked.missing.length - 50} more`)
      out(
        `from the team: ${taken.embeddings} embeddings, ${taken.predictions} predictions${taken.stale ? ` (${taken.stale} to re-score)` : ''}`
      )
      out(`decisions: ${sync.pulled} pulled from the team`)
      // the store takes a member's rows only under their own role name
      if (annotatorName() !== o.annotator) {
        out(
          `decide as "${o.annotator}" (--annotator ${o.annotator} or ZEBRA_ANNOTATOR=${o.annotator}): only their decisions are sent`
        )
      }
    } catch (err) {
      p.close()
      rmSync(file, { force: true }) // a half-made replica is worth nothing: make it again
      throw err
    } finally {
      p.close()
    }
  })
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
      await withProject(o.from, (p) =>
        withTeam(url, async (client) => {
          const r = await publishProject(p.db, client)
          out(
            `published "${p.name}" to ${urlWithoutPassword(url)}: ${r.labels} labels, ${r.templateSets} template sets, ${r.images} images, ${r.predictions} predictions, ${r.decisions} decisions, ${r.embeddings} embeddings`
          )
        })
      )
    })

  team
    .command('add <url> <name>')
    .description('add a member (a PostgreSQL login role; password from ZEBRA_MEMBER_PASSWORD)')
    .option('--reviewer', 'a reviewer, whose decisions adjudicate')
    .action(async (url: string, name: string, o: { reviewer?: boolean }) => {
      await withTeam(url, async (client) => {
        await addMember(
          client,
          name,
          o.reviewer ? 'reviewer' : 'annotator',
          process.env.ZEBRA_MEMBER_PASSWORD
        )
        out(`${name} is now a${o.reviewer ? ' reviewer' : 'n annotator'} of this team project`)
      })
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
        await withTeam(link.url, async (client) => {
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
