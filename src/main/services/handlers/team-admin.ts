// The Team tab's administration channels (core/team-admin.ts, the code `zebra team
// settings|remove|refresh` runs): the queue's settings (read by any member, changed by the owner),
// removing a member (the owner), refreshing a member's copy with what the store gained since they
// joined, and forgetting a kept password. Without a URL they act on the open replica's store, with
// the password the app keeps for it.
import type { Handlers, TeamSettingsView } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { teamLink } from '../../db/pg/replica'
import type { ServiceContext } from '../core/context'
import { secretKey, type SecretStore } from '../core/secret-store'
import { refreshTeamCopy, removeTeamMember, teamSettings, type TeamSettingsRead } from '../core/team-admin'
import type { TeamSync } from '../core/team-sync'
import { keepPassword, passwordFor } from '../core/team-passwords'

type AdminHandlers = Pick<
  Handlers,
  'team.refresh' | 'team.settings' | 'team.changeSettings' | 'team.removeMember' | 'team.forgetPassword'
>

const MISSING_SHOWN = 200

function view(s: TeamSettingsRead): TeamSettingsView {
  return {
    url: s.url,
    name: s.name,
    owner: s.owner,
    you: s.you,
    isOwner: s.isOwner,
    overlapK: s.overlapK,
    overlapShare: s.overlapShare,
    overlapped: s.overlapped,
    images: s.images,
    leaseMinutes: Math.round((s.leaseSeconds / 60) * 10) / 10,
    ...(s.updatedFrom !== undefined ? { updatedFrom: s.updatedFrom } : {})
  }
}

export function createTeamAdminHandlers(
  ctx: ServiceContext,
  sync: () => TeamSync | null,
  secrets: SecretStore
): AdminHandlers {
  /** The store's URL: the one typed, else the open replica's. */
  const storeUrl = (typed: string | undefined): string => {
    if (typed) return typed
    const link = ctx.projectOrNull() && teamLink(ctx.project().db)
    if (!link)
      throw new AppError(
        'invalid_input',
        'The open project is not a member’s copy of a team project: type the team project’s connection string.'
      )
    return link.url
  }
  return {
    'team.settings': async ({ url, password }) => {
      const u = storeUrl(url)
      const r = view(await teamSettings(u, await passwordFor(secrets, u, password)))
      await keepPassword(secrets, u, password)
      return r
    },
    'team.changeSettings': async ({ url, password, overlapK, overlapShare, leaseMinutes }) => {
      const u = storeUrl(url)
      const change = {
        ...(overlapK !== undefined ? { overlapK } : {}),
        ...(overlapShare !== undefined ? { overlapShare } : {}),
        ...(leaseMinutes !== undefined ? { leaseSeconds: Math.round(leaseMinutes * 60) } : {})
      }
      const r = view(await teamSettings(u, await passwordFor(secrets, u, password), change))
      await keepPassword(secrets, u, password)
      return r
    },
    'team.removeMember': async ({ url, password, name }) => {
      const r = await removeTeamMember(url, await passwordFor(secrets, url, password), name)
      await keepPassword(secrets, url, password)
      return r
    },
    'team.refresh': async () => {
      const p = ctx.project()
      const link = teamLink(p.db)
      if (!link || p.readOnly)
        throw new AppError(
          'invalid_input',
          link
            ? 'This copy of a team project is open read-only: it cannot take anything from the team.'
            : 'The open project is not a member’s copy of a team project: there is nothing to refresh.'
        )
      const r = await refreshTeamCopy(p, {
        password: await secrets.get(secretKey(link.url)),
        onFileError: () => undefined // unreadable files are counted by the scan, shown in the project
      })
      if (ctx.projectOrNull() === p) ctx.emit('project.changed', { reason: 'team' })
      sync()?.poke()
      return { ...r, missing: r.missing.slice(0, MISSING_SHOWN), missingCount: r.missing.length }
    },
    'team.forgetPassword': async ({ url }) => {
      await secrets.delete(secretKey(storeUrl(url)))
      return null
    }
  }
}
