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
   * starts the job that makes the member's replica (their folders scanned, matched by content),
   * syncs it once and opens it; `to` the replica's file (default: <project>-<annotator>.zebra in
   * the projects folder). Its outcome: team.joinResult.
   */
  'team.join': z.object({
    url,
    annotator: memberName,
    password,
    images: z.array(z.string().trim().min(1).max(4096)).min(1, 'add at least one image folder').max(100),
    to: z.string().trim().min(1).max(4096).optional()
  }),
  /**
   * the outcome of a join job, once it ends: a cancelled join answers `cancelled` (no copy made),
   * a failed one its error
   */
  'team.joinResult': z.object({ jobId: z.string().min(1).max(100) }),
  /** `zebra team refresh` on the open replica: what the store gained since the member joined */
  'team.refresh': z.object({}),
  /**
   * the queue's settings; `url` the store (default: the open replica's), connected as its role
   * (the owner's URL for the owner's copy)
   */
  'team.settings': z.object({ url: url.optional(), password }),
  /** the owner changes them (a member is refused by name); a field left out stays as stored */
  'team.changeSettings': z.object({
    url: url.optional(),
    password,
    overlapK: z.number().int().min(1).max(100).optional(),
    overlapShare: z.number().min(0).max(1).optional(),
    leaseMinutes: z
      .number()
      .min(1)
      .max(7 * 24 * 60)
      .optional()
  }),
  /** the owner removes a member: CONNECT and the group go; their decisions stay in the log */
  'team.removeMember': z.object({ url, password, name: memberName }),
  /** forgets the kept password of `url` (default: the open replica's store) */
  'team.forgetPassword': z.object({ url: url.optional() }),
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
  /** taken from the store for images of the same content: nothing to embed or pre-label again */
  embeddings: number
  predictions: number
  /** predictions taken as stale: re-scored from the embeddings (no vision model needed) */
  stale: number
}

export interface RefreshOutcome {
  /** names of the labels added */
  labels: string[]
  templateSets: number
  /** the store's new images found in the member's folders */
  images: number
  /** the store's new images not found (folder/path), the first 200 */
  missing: string[]
  missingCount: number
  embeddings: number
  predictions: number
  /** decisions pulled (the ones skipped before for naming what the copy lacked) */
  pulled: number
  /** decisions still not placed (the store gained more meanwhile: refresh again) */
  skipped: number
}

export interface TeamSettingsView {
  /** the store, without password */
  url: string
  name: string
  owner: string
  /** the role this connection is; owner: may change the settings and the members */
  you: string
  isOwner: boolean
  overlapK: number
  overlapShare: number
  /** images handed to overlapK annotators, of all */
  overlapped: number
  images: number
  leaseMinutes: number
  /** the schema the owner's connection just brought up to date from, if it did */
  updatedFrom?: number
}

export interface PasswordStorage {
  persistent: boolean
  note: string
}

export interface TeamSetupOutputs {
  'team.share': ShareOutcome
  'team.addMember': { name: string; role: 'annotator' | 'reviewer' }
  'team.join': { jobId: string }
  'team.joinResult': JoinOutcome
  'team.refresh': RefreshOutcome
  'team.settings': TeamSettingsView
  'team.changeSettings': TeamSettingsView
  'team.removeMember': { name: string; dropped: boolean; decisionsKept: number }
  'team.forgetPassword': null
  'team.passwordStorage': PasswordStorage
  'team.setPassword': TeamStatus
}
