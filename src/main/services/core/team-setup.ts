// Making a team project: the owner publishes a project file to an empty PostgreSQL database and
// adds members; a member makes a replica with their own copies of the images. One implementation
// for both transports: `zebra team init|add|join` (cli/team.ts) and the app's dialogs
// (handlers/team-setup.ts). A password typed in the app is passed in; without one node-postgres
// reads PGPASSWORD or ~/.pgpass. Every message masks passwords; a failure writes nothing.
import { rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Client } from 'pg'
import { AppError, toAppError } from '../../../shared/errors'
import { connectTeam, redactUrl, urlWithoutPassword, withUser } from '../../db/pg/connect'
import { recordMemberRole, serverMemberRole } from '../../db/pg/member-role'
import { publishProject, type PublishResult } from '../../db/pg/publish'
import { linkReplica, readTeamSnapshot } from '../../db/pg/replica'
import { takeVectors } from '../../db/pg/replica-vectors'
import { addMember, checkMemberName, type MemberRole } from '../../db/pg/roles'
import { syncReplica } from '../../db/pg/sync'
import { Project } from '../../db/project'
import { scanProject } from '../../jobs/scan'

/** Runs `fn` on a connection that is closed afterwards; errors come back with the URL masked. */
export async function withTeam<T>(
  url: string,
  password: string | undefined,
  fn: (c: Client) => Promise<T>
): Promise<T> {
  const client = await connectTeam(url, undefined, password)
  try {
    return await fn(client)
  } catch (err) {
    const e = toAppError(err)
    throw new AppError(e.code, redactUrl(e.message), e.details)
  } finally {
    await client.end().catch(() => undefined)
  }
}

export interface NewMember {
  name: string
  role: MemberRole
  /** sent once to the server, which keeps only its hash; none: the role logs in another way */
  password?: string
}

/** Refuses bad or repeated member names before anything is sent. */
function checkMembers(members: readonly NewMember[]): void {
  const seen = new Set<string>()
  for (const m of members) {
    checkMemberName(m.name)
    if (seen.has(m.name)) throw new AppError('invalid_input', `"${m.name}" is listed twice.`)
    seen.add(m.name)
  }
}

export interface ShareResult extends PublishResult {
  /** the store's connection string, without password */
  url: string
  name: string
  members: { name: string; role: MemberRole }[]
}

/**
 * Publishes `project` to the empty database at `url` (connecting as its owner) and adds
 * `members`, all in one transaction: a wrong password, an unreachable server, a database that is
 * not empty or a member that cannot be added leaves the server as it was.
 */
export async function shareProject(
  project: Project,
  url: string,
  password: string | undefined,
  members: readonly NewMember[] = []
): Promise<ShareResult> {
  const kept = urlWithoutPassword(url)
  checkMembers(members)
  const r = await withTeam(url, password, (client) =>
    publishProject(project.db, client, async () => {
      for (const m of members) await addMember(client, m.name, m.role, m.password)
    })
  )
  return {
    ...r,
    url: kept,
    name: project.name,
    members: members.map((m) => ({ name: m.name, role: m.role }))
  }
}

/** Adds one member to the team project at `url` (connecting as its owner), as `zebra team add`. */
export async function addTeamMember(url: string, password: string | undefined, m: NewMember): Promise<void> {
  urlWithoutPassword(url)
  checkMembers([m])
  await withTeam(url, password, (client) => addMember(client, m.name, m.role, m.password))
}

export interface JoinOptions {
  annotator: string
  /** the member's folders holding the images (matched by content) */
  images: string[]
  /** the replica to create (default: <project>-<annotator>.zebra in `dir`) */
  to?: string
  /** where the default replica goes (default: the working folder) */
  dir?: string
  password?: string
  signal?: AbortSignal
  /** the folder scan's progress (files done of total); the rest of the join is short */
  onProgress?: (done: number, total: number) => void
  onFileError?: (file: string, why: string) => void
}

export interface JoinResult {
  file: string
  name: string
  matched: number
  /** the store's images with no copy in the member's folders (folder/path) */
  missing: string[]
  pulled: number
  role: MemberRole | null
  /** taken from the store for images of the same content: nothing to embed or pre-label again */
  embeddings: number
  predictions: number
  /** predictions taken as stale (to re-score from the embeddings) */
  stale: number
}

function joinCancelled(file: string): AppError {
  return new AppError('cancelled', `Join cancelled: no copy was made (${file} was removed).`)
}

/**
 * Connects as the member and leaves: a wrong password, an unreachable server or a missing database
 * is refused at once, before a join's long scan starts (the app runs the join as a job).
 */
export async function checkJoin(url: string, annotator: string, password: string | undefined): Promise<void> {
  urlWithoutPassword(withUser(url, annotator))
  await withTeam(withUser(url, annotator), password, async () => undefined)
}

/**
 * Makes a member's replica of the team project at `url`: a new project file over the member's
 * folders, scanned, linked to the store (the URL kept without password) and synced once. A
 * failure after the file was created removes it (a half-made replica is worth nothing).
 */
export async function joinTeam(url: string, o: JoinOptions): Promise<JoinResult> {
  if (o.images.length === 0) throw new AppError('invalid_input', 'Add at least one image folder.')
  const kept = urlWithoutPassword(withUser(url, o.annotator))
  return withTeam(withUser(url, o.annotator), o.password, async (client) => {
    const snap = await readTeamSnapshot(client, o.annotator)
    const file = resolve(
      o.to ?? join(o.dir ?? '.', `${snap.name.replace(/[/\\:]/g, '-')}-${o.annotator}.zebra`)
    )
    const p = Project.create(file, { roots: o.images, name: snap.name, kind: snap.kind })
    try {
      await scanProject(p, { signal: o.signal, onProgress: o.onProgress, onFileError: o.onFileError })
      // a scan cut short saw only some files: linking now would make a replica that looks whole
      if (o.signal?.aborted) throw joinCancelled(file)
      const linked = linkReplica(p.db, snap, { url: kept, annotator: o.annotator })
      const vectors = await takeVectors(client, p.db)
      const role = await serverMemberRole(client)
      if (role) recordMemberRole(p.db, role)
      const sync = await syncReplica(client, p.db)
      // cancelled while taking the store's snapshot: the same clean state as during the scan
      if (o.signal?.aborted) throw joinCancelled(file)
      p.close()
      return {
        file,
        name: snap.name,
        ...linked,
        pulled: sync.pulled,
        role,
        embeddings: vectors.embeddings,
        predictions: vectors.predictions,
        stale: vectors.stale
      }
    } catch (err) {
      p.close()
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
      throw o.signal?.aborted ? joinCancelled(file) : err
    }
  })
}
