// The contract of a team replica's background sync (docs/team.md): whether the store is reachable,
// how many of the member's decisions wait to be sent, the member's leases, and everyone's counts.
import { z } from 'zod'

export interface TeamStatus {
  /** the member's role on the store (decisions are sent under this name only) */
  annotator: string
  /** whether that role is a reviewer of the team project; null until the store was first reached */
  role: 'annotator' | 'reviewer' | null
  /** the store's connection string, without password */
  url: string
  /** the last sync round reached the store */
  online: boolean
  /** the member's decisions written locally and not yet acknowledged by the store */
  waiting: number
  /** when a round last completed (ISO), null before the first */
  lastSyncAt: string | null
  /** why the last round failed (the message of the AppError), absent when it did not */
  error?: string
  /** leased images the member has not decided yet */
  leased: number
  /** images decided per annotator, from the local log (everyone's after a pull) */
  counts: { annotator: string; decided: number }[]
}

export const teamSchemas = {
  /** the open replica's sync status; null when the open project is not a team replica */
  'team.status': z.object({}),
  /** runs a sync round now and answers the status after it */
  'team.syncNow': z.object({})
} as const

export interface TeamOutputs {
  'team.status': TeamStatus | null
  'team.syncNow': TeamStatus | null
}
