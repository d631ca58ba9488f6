// The one error type that crosses every boundary (IPC, HTTP bridge, CLI exit messages). Senders
// put AppError.toJSON() in an Envelope; receivers rebuild it with unwrap(). No other error class
// exists in main, preload or renderer. This file imports nothing, so the sandboxed preload may use
// it too.
const ERROR_CODES = [
  'invalid_input', // the request failed validation
  'not_found', // a file, image, label or project that is not there
  'no_project', // the call needs an open project
  'no_model', // the call needs a loaded model
  'model_invalid', // a broken or incomplete model folder
  'project_in_use', // another process holds the project for writing
  'project_corrupt', // not a SQLite file, or not a Zebra project
  'project_newer', // written by a newer Zebra (user_version above ours)
  'image_unreadable', // an image that cannot be decoded
  'outside_roots', // a path outside the project's image roots
  'target_not_empty', // export into a non-empty folder without force
  'disk_full', // ENOSPC / SQLITE_FULL
  'offline', // a download without network
  'download_failed', // HTTP or checksum failure
  'cancelled', // a job the user cancelled
  'busy', // a job of that kind is already running
  'unauthorized', // bridge request without the token, or from a foreign frame
  'unsupported', // not available in this transport or platform
  'internal' // anything unexpected; logged with its stack
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface AppErrorShape {
  code: ErrorCode
  message: string
  details?: unknown
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }
  toJSON(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

/** Result envelope used by both transports so errors arrive as data, not exceptions. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }

/**
 * The receiving half of every transport: the value, or the one AppError rebuilt with its code,
 * message and details. Anything that is not an envelope is a transport failure (`internal`).
 */
export function unwrap<T>(env: unknown): T {
  if (typeof env === 'object' && env !== null && 'ok' in env) {
    const e = env as Envelope<T>
    if (e.ok === true) return e.value
    if (e.ok === false && isAppErrorShape(e.error)) {
      throw new AppError(e.error.code, e.error.message, e.error.details)
    }
  }
  throw new AppError('internal', 'Unexpected answer from the main process (not a result envelope)')
}

function isAppErrorShape(v: unknown): v is AppErrorShape {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as AppErrorShape).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((v as AppErrorShape).code) &&
    typeof (v as AppErrorShape).message === 'string'
  )
}

/**
 * Maps anything thrown to an AppError. Known system errors get their own code; the rest become
 * `internal` (callers log the original with its stack before sending the shape on).
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (isAppErrorShape(err)) return new AppError(err.code, err.message, err.details)
  const e = err as { code?: string; message?: string } | undefined
  const code = e?.code
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') {
    return new AppError('disk_full', 'The disk is full: free some space and try again. Nothing was lost.')
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError('project_in_use', 'The project file is busy in another process. Try again shortly.')
  }
  if (code === 'SQLITE_READONLY' || (code ?? '').startsWith('SQLITE_READONLY_')) {
    return new AppError(
      'unsupported',
      'The project file is read-only here (permissions or a read-only disk): you can view and export it, but decisions and edits are disabled. Make the file writable, or copy it, to decide.'
    )
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new AppError('project_corrupt', 'The project file is damaged or is not a Zebra project.')
  }
  if (code === 'ENOENT') {
    return new AppError('not_found', e?.message ?? 'File not found')
  }
  return new AppError('internal', e?.message ?? String(err))
}
