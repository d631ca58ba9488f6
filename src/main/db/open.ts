// Opening a project file: header and identity checks, pragmas, migrations.
import Database from 'better-sqlite3'
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readSync,
  statSync,
  statfsSync
} from 'node:fs'
import { dirname } from 'node:path'
import { AppError } from '../../shared/errors'
import { linkTrouble } from './paths'
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, type Migration } from './schema'

export type Db = Database.Database

export interface OpenDbOptions {
  /** create the file when it does not exist (default false: a missing file is not_found) */
  create?: boolean
  /** ms to wait for another process's write lock before failing with project_in_use */
  busyTimeoutMs?: number
  /** migrations to apply (tests pass a prefix); default: all */
  migrations?: readonly Migration[]
  /**
   * Called with every SQL statement the connection runs, values filled in (better-sqlite3's
   * `verbose`): the plan tests record the review loop's statements with it; a debugging aid.
   */
  trace?: (sql: string) => void
}

const SQLITE_HEADER = 'SQLite format 3\u0000'

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r')
  try {
    const buf = Buffer.alloc(16)
    const n = readSync(fd, buf, 0, 16, 0)
    return buf.subarray(0, n)
  } finally {
    closeSync(fd)
  }
}

/**
 * Pragmas every connection uses. WAL lets readers (the UI, a second process) run while one writer
 * commits; synchronous=FULL fsyncs the WAL on every commit so a decision is durable once the call
 * that made it returns (kill -9 or power loss loses nothing acknowledged). Commits are
 * per user action or per batch of images, so the fsync cost is a few ms per batch, not per row.
 */
function applyPragmas(db: Db, busyTimeoutMs = 5000): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`)
  const mode = db.pragma('journal_mode = WAL', { simple: true })
  if (db.name !== ':memory:' && String(mode).toLowerCase() !== 'wal') {
    throw new AppError('project_in_use', 'The project file could not be opened in shared (WAL) mode.')
  }
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('temp_store = MEMORY')
  db.pragma('cache_size = -32000')
}

/** Applies pending migrations in ONE transaction and stamps application_id and user_version. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  const target = migrations.length
  // Up to date: no write lock taken, so opening never waits for another process's writes.
  const seen = Number(db.pragma('user_version', { simple: true }))
  if (seen > SCHEMA_VERSION) throw newerError(seen)
  if (seen >= target) return seen
  const run = db.transaction(() => {
    // Re-read inside the write transaction: another process may have migrated meanwhile.
    const current = Number(db.pragma('user_version', { simple: true }))
    if (current > SCHEMA_VERSION) throw newerError(current)
    for (const m of migrations) {
      if (m.version <= current) continue
      db.exec(m.sql)
    }
    if (current < target) {
      db.pragma(`application_id = ${APPLICATION_ID}`)
      db.pragma(`user_version = ${target}`)
    }
    return Math.max(current, target)
  })
  return run.immediate()
}

function newerError(v: number): AppError {
  return new AppError(
    'project_newer',
    `This project was written by a newer Zebra (schema ${v}, this one knows ${SCHEMA_VERSION}). Update Zebra to open it.`,
    { version: v, supported: SCHEMA_VERSION }
  )
}

function corrupt(file: string, why: string): AppError {
  return new AppError(
    'project_corrupt',
    `${file} is not a Zebra project (${why}). Choose a .zebra file or create a new project.`,
    { file }
  )
}

/**
 * Identity of an existing file, read through a read-only connection so that a file that is not a
 * Zebra project is never written (no WAL switch, no migration). Throws project_corrupt/_newer.
 */
function checkIdentity(file: string, opts: OpenDbOptions): void {
  let probe: Db
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true })
  } catch (err) {
    throw mapOpenError(err, file)
  }
  try {
    probe.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`)
    const appId = Number(probe.pragma('application_id', { simple: true }))
    const version = Number(probe.pragma('user_version', { simple: true }))
    if (appId !== APPLICATION_ID) {
      const tables = probe
        .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'")
        .pluck()
        .get()
      throw corrupt(
        file,
        appId === 0 && version === 0 && tables === 0
          ? 'an empty SQLite file'
          : 'a SQLite file of another program'
      )
    }
    if (version > SCHEMA_VERSION) throw newerError(version)
  } catch (err) {
    throw mapOpenError(err, file)
  } finally {
    probe.close()
  }
}

/** true when this process may write the file (permissions; root may write anything) */
function writable(file: string): boolean {
  try {
    accessSync(file, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Opens a Zebra project database and brings it to the current schema. With `create`, a file that
 * does not exist (or is empty) is created; otherwise only an existing Zebra project is opened,
 * and anything else is refused before a byte is written. A file this process may not write opens
 * read-only (viewing and export; writes fail with a message saying why): db.readonly.
 */
export function openDatabase(file: string, opts: OpenDbOptions = {}): Db {
  const memory = file === ':memory:'
  let isNew = memory
  if (!memory) {
    if (existsSync(file)) {
      const st = statSync(file)
      if (st.isDirectory()) throw corrupt(file, 'it is a folder')
      if (st.size === 0) {
        if (!opts.create) throw corrupt(file, 'an empty file')
        isNew = true
      } else if (readHeader(file).toString('latin1') !== SQLITE_HEADER)
        throw corrupt(file, 'not a SQLite file')
    } else if (!opts.create) {
      const link = linkTrouble(file)
      if (link?.kind === 'loop')
        throw new AppError('not_found', `${file} is a symlink loop: it never reaches a project file.`, {
          file
        })
      if (link?.kind === 'dangling')
        throw new AppError(
          'not_found',
          `Project file not found: ${file} is a symbolic link to ${link.target}, which does not exist.`,
          { file }
        )
      throw new AppError('not_found', `Project file not found: ${file}`, { file })
    } else {
      isNew = true
    }
  }
  if (!isNew) checkIdentity(file, opts)
  const readonly = !isNew && !writable(file)
  let db: Db
  try {
    db = new Database(file, {
      fileMustExist: !isNew && !memory,
      readonly,
      verbose: opts.trace && ((sql?: unknown) => opts.trace!(String(sql)))
    })
  } catch (err) {
    throw mapOpenError(err, file)
  }
  try {
    if (readonly) {
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`)
      db.pragma('foreign_keys = ON')
      const version = Number(db.pragma('user_version', { simple: true }))
      if (version < (opts.migrations ?? MIGRATIONS).length) {
        throw new AppError(
          'unsupported',
          `${file} is read-only and was written by an older Zebra: it must be upgraded before it can be opened. Make it writable (or copy it) and open it again.`,
          { file }
        )
      }
      return db
    }
    applyPragmas(db, opts.busyTimeoutMs)
    migrate(db, opts.migrations)
    return db
  } catch (err) {
    db.close()
    throw mapOpenError(err, file)
  }
}

/** below this, SQLite cannot grow its shared-memory index or journal: treat an I/O error as a full disk */
const NEARLY_FULL_BYTES = 256 * 1024

/**
 * A write that failed because the disk is full, as 'disk_full': SQLite says SQLITE_FULL for its own
 * pages, but only a generic I/O error (SQLITE_IOERR_SHMSIZE, _WRITE, ...) when it cannot extend the
 * -shm or -wal file beside the project, so the free space of that folder decides. Anything else is
 * returned unchanged.
 */
export function diskFullError(err: unknown, file: string): unknown {
  if (err instanceof AppError) return err
  const code = (err as { code?: string } | undefined)?.code ?? ''
  const full =
    code === 'SQLITE_FULL' ||
    code === 'ENOSPC' ||
    ((code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') && nearlyFull(file))
  if (!full) return err
  return new AppError(
    'disk_full',
    `The disk is full (${dirname(file)}): free some space and try again. Nothing was lost.`,
    { file }
  )
}

function nearlyFull(file: string): boolean {
  try {
    const fs = statfsSync(dirname(file))
    return fs.bavail * fs.bsize < NEARLY_FULL_BYTES
  } catch {
    return false
  }
}

function mapOpenError(err: unknown, file: string): unknown {
  if (err instanceof AppError) return err
  const full = diskFullError(err, file)
  if (full !== err) return full
  const code = (err as { code?: string }).code
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return corrupt(file, 'damaged or not a database')
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError(
      'project_in_use',
      `The project ${file} is busy in another process (a long write). Try again shortly.`,
      { file }
    )
  }
  return err
}
