// The team.* channels: the open team replica's sync status and a sync round on demand (the sync
// itself runs in the background, core/team-sync.ts; null answers a project that is no replica),
// and making a team project from the app: sharing the open project, adding a member, joining
// (core/team-setup.ts, the code `zebra team init|add|join` runs). A password typed in the app goes
// to the password store (core/secret-store.ts) once it opened a connection, never elsewhere.
import { isAbsolute, join } from 'node:path'
import type { Handlers } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { withUser } from '../../db/pg/connect'
import { teamMembership } from '../../db/pg/member-role'
import { Project } from '../../db/project'
import type { ServiceContext } from '../core/context'
import { secretKey, type SecretStore } from '../core/secret-store'
import { addTeamMember, joinTeam, shareProject } from '../core/team-setup'
import type { TeamSync } from '../core/team-sync'

export type TeamHandlers = Pick<Handlers, Extract<keyof Handlers, `team.${string}`>>

/** How many missing images a join answers by name (the count is always whole). */
const MISSING_SHOWN = 200

/** The typed password, else the one the store keeps for this connection (else none: PGPASSWORD). */
async function passwordFor(secrets: SecretStore, url: string, typed: string | undefined) {
  if (typed) return typed
  return secrets.get(secretKey(url))
}

export function createTeamHandlers(
  ctx: ServiceContext,
  sync: () => TeamSync | null,
  secrets: SecretStore
): TeamHandlers {
  /** Keeps a typed password that just opened a connection (so later ones need not ask). */
  const keep = async (url: string, typed: string | undefined): Promise<void> => {
    if (typed) await secrets.set(secretKey(url), typed)
  }
  return {
    'team.status': async () => sync()?.status() ?? null,
    'team.syncNow': async () => (await sync()?.syncNow()) ?? null,
    'team.passwordStorage': async () => ({ persistent: secrets.persistent, note: secrets.note }),
    'team.setPassword': async ({ password }) => {
      const s = sync()
      const open = ctx.projectOrNull()
      if (!s)
        throw new AppError(
          'invalid_input',
          open && teamMembership(open.db)
            ? 'This copy of a team project is open read-only: it does not sync.'
            : 'The open project is not a team project: there is no password to change.'
        )
      await secrets.set(secretKey(s.status().url), password)
      return s.reconnect()
    },
    'team.share': async ({ url, password, members }) => {
      const p = ctx.project()
      if (teamMembership(p.db))
        throw new AppError(
          'invalid_input',
          'This project is a member’s copy of a team project already: share the project it came from.'
        )
      const r = await shareProject(
        p,
        url,
        await passwordFor(secrets, url, password),
        members.map((m) => ({
          name: m.name,
          role: m.reviewer ? 'reviewer' : 'annotator',
          password: m.password || undefined
        }))
      )
      await keep(url, password)
      return r
    },
    'team.addMember': async ({ url, password, member }) => {
      const role = member.reviewer ? 'reviewer' : 'annotator'
      await addTeamMember(url, await passwordFor(secrets, url, password), {
        name: member.name,
        role,
        password: member.password || undefined
      })
      await keep(url, password)
      return { name: member.name, role }
    },
    'team.join': async ({ url, annotator, password, images, to }) => {
      const memberUrl = withUser(url, annotator)
      const projects = join(ctx.dataDir, 'projects')
      const r = await joinTeam(url, {
        annotator,
        images,
        password: await passwordFor(secrets, memberUrl, password),
        // a bare file name goes to the projects folder, never to wherever the app was started
        to: to && !isAbsolute(to) ? join(projects, to) : to,
        dir: projects,
        onFileError: () => undefined // unreadable files are counted by the scan, shown in the project
      })
      // before opening: the background sync's first round asks the store for it
      await keep(memberUrl, password)
      const project = await ctx.openProject(Project.open(r.file))
      return {
        project,
        matched: r.matched,
        missing: r.missing.slice(0, MISSING_SHOWN),
        missingCount: r.missing.length,
        pulled: r.pulled,
        role: r.role
      }
    }
  }
}
