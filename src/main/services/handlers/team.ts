// The team.* channels: the open team replica's sync status, and a sync round on demand. The sync
// itself runs in the background (core/team-sync.ts); null answers a project that is no replica.
import type { Handlers } from '../../../shared/contract'
import type { TeamSync } from '../core/team-sync'

export type TeamHandlers = Pick<Handlers, 'team.status' | 'team.syncNow'>

export function createTeamHandlers(sync: () => TeamSync | null): TeamHandlers {
  return {
    'team.status': async () => sync()?.status() ?? null,
    'team.syncNow': async () => (await sync()?.syncNow()) ?? null
  }
}
