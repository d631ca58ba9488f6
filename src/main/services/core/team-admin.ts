// A team project's administration after it was made, one implementation for both transports:
// the queue's settings (any member reads them, the owner changes them: `zebra team settings` and
// Settings → Team), removing a member (the owner: `zebra team remove`, Settings → Team) and
// refreshing a member's copy with what the store gained since they joined (`zebra team refresh`,
// Settings → Team). A password typed in the app is passed in; without one node-postgres reads
// PGPASSWORD or ~/.pgpass. Every message masks passwords.
import { AppError, toAppError } from '../../../shared/errors'
import { connectTeam, redactUrl, urlWithoutPassword } from '../../db/pg/connect'
import { PG_SCHEMA_VERSION } from '../../db/pg/migrations'
import { refreshReplica, type RefreshResult } from '../../db/pg/refresh'
import { teamLink } from '../../db/pg/replica'
import { removeMember, type RemovedMember } from '../../db/pg/roles'
import {
  changeSettings,
  prepareStore,
  readSettings,
  whoAmI,
  type SettingsChange,
  type TeamSettings
} from '../../db/pg/settings'
import type { Project } from '../../db/project'
import { scanProject } from '../../jobs/scan'
import { withTeam } from './team-setup'

export interface TeamSettingsRead extends TeamSettings {
  /** the store, without password */
  url: string
  /** the role connected */
  you: string
  isOwner: boolean
  /** the schema version the owner's connection brought up to date from, when it did */
  updatedFrom?: number
}

/**
 * Reads the queue's settings, and with `change` the owner changes them first (a member is refused
 * by name, nothing written). The owner's connection also brings an older store's schema up to date.
 */
export async function teamSettings(
  url: string,
  password: string | undefined,
  change?: SettingsChange | null
): Promise<TeamSettingsRead> {
  const kept = urlWithoutPassword(url)
  return withTeam(url, password, async (client) => {
    const store = await prepareStore(client)
    const s = change ? await changeSettings(client, change) : await readSettings(client)
    return {
      ...s,
      url: kept,
      you: store.me,
      isOwner: store.isOwner,
      ...(store.from < PG_SCHEMA_VERSION ? { updatedFrom: store.from } : {})
    }
  })
}

/** Removes member `name` from the team project at `url` (connecting as its owner). */
export async function removeTeamMember(
  url: string,
  password: string | undefined,
  name: string
): Promise<RemovedMember> {
  urlWithoutPassword(url)
  return withTeam(url, password, async (client) => {
    const who = await whoAmI(client)
    if (!who.isOwner)
      throw new AppError(
        'unauthorized',
        `Only the owner of this team project (role "${who.owner}") removes members; you are connected as "${who.me}".`,
        { owner: who.owner, role: who.me }
      )
    return removeMember(client, name)
  })
}

export interface RefreshOptions {
  password?: string
  signal?: AbortSignal
  onFileError?: (file: string, why: string) => void
}

/**
 * Brings into the replica `p` what its store gained since the member joined: the member's folders
 * are scanned first (a file copied since is found by its content), then labels, template sets and
 * images with their embeddings and predictions are taken, and the log pulled again from its start.
 */
export async function refreshTeamCopy(p: Project, o: RefreshOptions = {}): Promise<RefreshResult> {
  const link = teamLink(p.db)
  if (!link)
    throw new AppError('invalid_input', `${p.path} is not a team replica: make one with \`zebra team join\`.`)
  const client = await connectTeam(link.url, undefined, o.password)
  try {
    await scanProject(p, { signal: o.signal, onFileError: o.onFileError })
    if (o.signal?.aborted)
      throw new AppError('cancelled', 'Refresh cancelled: nothing was taken from the team.')
    return await refreshReplica(client, p.db)
  } catch (err) {
    const e = toAppError(err)
    throw new AppError(e.code, redactUrl(e.message), e.details)
  } finally {
    await client.end().catch(() => undefined)
  }
}
