// The contract of making a team project from the app (docs/team.md): the owner shares the open
// project to an empty PostgreSQL database and adds members; a member opens a team project, which
// makes their replica and opens it. The same code runs `zebra team init|add|join`. A password sent
// here is used for the connection and kept only by the app's password store (never in a project
// file, the settings or a log); left empty, PGPASSWORD or ~/.pgpass answer as for the CLI.
import { z } from 'zod'
import type { ProjectSummary } from './domain'
import type { TeamStatus } from './team'

const url = z.string().trim().min(1, 'type the connection string (postgres://user@host/database)').max(2000)
const password = z.string().max(1000).optional()
const memberName = z.string().trim().min(1).max(63)

const member = z.object({
  name: memberName,
  /** the member's own password, sent once to the server (which keeps only its hash) */
  password: password,
  reviewer: z.boolean().default(false)
})

export const teamSetupSchemas = {
  /** publishes the open project to the empty database at `url` (as its owner), with members */
  'team.share': z.object({ url, password, members: z.array(member).max(200).default([]) }),
  /** adds one member to the team project at `url` (as its owner), like `zebra team add` */
  'team.addMember': z.object({ url, password, member }),
  /**
   * makes the member's replica (their folders scanned, matched by content), syncs it once and
   * opens it; `to` the replica's file (default: <project>-<annotator>.zebra in the projects folder)
   */
  'team.join': z.object({
    url,
    annotator: memberName,
    password,
    images: z.array(z.string().trim().min(1).max(4096)).min(1, 'add at least one image folder').max(100),
    to: z.string().trim().min(1).max(4096).optional()
  }),
  /** where a typed password is kept: across restarts (sealed by the system) or this session only */
  'team.passwordStorage': z.object({}),
  /**
   * the open replica's member password, changed (kept as any typed password), then a sync round
   * with it; answers the status after that round
   */
  'team.setPassword': z.object({ password: z.string().min(1, 'type the password').max(1000) })
} as const

export interface ShareOutcome {
  /** the store, without password */
  url: string
  name: string
  labels: number
  templateSets: number
  images: number
  predictions: number
  decisions: number
  members: { name: string; role: 'annotator' | 'reviewer' }[]
}

export interface JoinOutcome {
  /** the replica, open now */
  project: ProjectSummary
  matched: number
  /** the team's images not found in the member's folders (folder/path), the first 200 */
  missing: string[]
  missingCount: number
  /** others' decisions brought in by the first sync */
  pulled: number
  role: 'annotator' | 'reviewer' | null
}

export interface PasswordStorage {
  persistent: boolean
  note: string
}

export interface TeamSetupOutputs {
  'team.share': ShareOutcome
  'team.addMember': { name: string; role: 'annotator' | 'reviewer' }
  'team.join': JoinOutcome
  'team.passwordStorage': PasswordStorage
  'team.setPassword': TeamStatus
}
