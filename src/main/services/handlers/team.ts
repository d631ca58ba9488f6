// The team.* channels: the open team replica's sync status and a sync round on demand (the sync
// itself runs in the background, core/team-sync.ts; null answers a project that is no replica),
// and making a team project from the app: sharing the open project, adding a member, joining
// (core/team-setup.ts, the code `zebra team init|add|join` runs); the join, a job, is in
// team-join.ts, administering the project in team-admin.ts. A password typed in the app goes
// to the password store (core/secret-store.ts) once it opened a connection, never elsewhere.
import type { Handlers } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { teamMembership } from '../../db/pg/member-role'
import type { ServiceContext } from '../core/context'
import { secretKey, type SecretStore } from '../core/secret-store'
import { addTeamMember, shareProject } from '../core/team-setup'
import type { TeamSync } from '../core/team-sync'
import { keepPassword, passwordFor } from '../core/team-passwords'

export type TeamHandlers = Pick<
  Handlers,
  | 'team.status'
  | 'team.syncNow'
  | 'team.passwordStorage'
  | 'team.setPassword'
  | 'team.share'
  | 'team.addMember'
>

export function createTeamHandlers(
  ctx: ServiceContext,
  sync: () => TeamSync | null,
  secrets: SecretStore
): TeamHandlers {
  const keep = (url: string, typed: string | undefined): Promise<void> => keepPassword(secrets, url, typed)
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
    }
  }
}
