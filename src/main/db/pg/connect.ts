// Connecting to a team's PostgreSQL server. The password comes from the connection string, from
// PGPASSWORD or from ~/.pgpass (node-postgres reads both when the string has none); it is never
// stored: the link a replica keeps is the string without it, and every message shows the string
// with the password masked. Each way a connection fails gets its own clear AppError.
import { Client } from 'pg'
import { AppError } from '../../../shared/errors'

/** Any postgres:// URL inside `text` with its password masked. */
export function redactUrl(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*):[^@\s]*@/gi, '$1:***@')
}

/** The connection string without its password, to keep (refuses what is not a postgres URL). */
export function urlWithoutPassword(url: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new AppError(
      'invalid_input',
      `Not a connection string: ${redactUrl(url)} (expected postgres://user@host/database).`
    )
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new AppError(
      'invalid_input',
      `Not a PostgreSQL connection string: ${redactUrl(url)} (expected postgres://…).`
    )
  }
  u.password = ''
  return u.toString()
}

/** The string with `user` as its role (when given), keeping everything else. */
export function withUser(url: string, user: string | undefined): string {
  if (!user) return url
  const u = new URL(url)
  u.username = encodeURIComponent(user)
  return u.toString()
}

function describe(url: string): { where: string; role: string } {
  const u = new URL(url)
  const db = decodeURIComponent(u.pathname.replace(/^\//, ''))
  const role = decodeURIComponent(u.username) || process.env.PGUSER || 'the default role'
  return { where: `${u.hostname || 'localhost'}:${u.port || '5432'}${db ? `/${db}` : ''}`, role }
}

/**
 * Opens a connection, or throws an AppError that says what went wrong and what to do.
 * `timeoutMs` also bounds every query (a background sync must notice a server gone silent, whose
 * TCP connection would otherwise hang for many minutes); commands leave it at none.
 */
export async function connectTeam(url: string, timeoutMs?: number, password?: string): Promise<Client> {
  urlWithoutPassword(url) // validates the form
  const { where, role } = describe(url)
  const client = new Client({
    connectionString: withPassword(url, password),
    connectionTimeoutMillis: timeoutMs ?? 15_000,
    ...(timeoutMs ? { query_timeout: timeoutMs, keepAlive: true } : {})
  })
  client.on('error', () => undefined) // a dropped connection fails the pending query instead
  try {
    await client.connect()
    return client
  } catch (err) {
    await client.end().catch(() => undefined)
    throw connectError(err, where, role, password !== undefined)
  }
}

/**
 * The string with `password` in it (when given and the string has none). node-postgres lets the
 * connection string's fields override its other options, so a password must travel inside it.
 */
function withPassword(url: string, password: string | undefined): string {
  if (password === undefined) return url
  const u = new URL(url)
  if (u.password) return url
  u.password = encodeURIComponent(password)
  return u.toString()
}

function connectError(err: unknown, where: string, role: string, typed: boolean): AppError {
  const e = err as { code?: string; message?: string }
  const message = redactUrl(e.message ?? String(err))
  switch (e.code) {
    case '28P01':
      // the server does not say which, so that nobody can probe for role names
      return new AppError(
        'unauthorized',
        typed
          ? `Wrong password for role "${role}" on ${where}, or no such role.`
          : `Wrong password for role "${role}" on ${where}, or no such role (the password comes from PGPASSWORD or ~/.pgpass).`
      )
    case '28000':
      return new AppError('unauthorized', `The server at ${where} refused role "${role}": ${message}.`)
    case '42501':
      return new AppError('unauthorized', `Role "${role}" is not a member of the team project at ${where}.`)
    case '3D000':
      return new AppError('not_found', `There is no database at ${where}: ${message}.`)
    case '57P03': // starting up, shutting down or in recovery: back in a moment, as after a restart
    case '57P01':
      return new AppError(
        'offline',
        `The PostgreSQL server at ${where} is not accepting connections now: ${message}.`
      )
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNRESET':
      return new AppError('offline', `Cannot reach the PostgreSQL server at ${where} (${e.code}).`)
  }
  if (/password must be a string|no password/i.test(message)) {
    return new AppError(
      'unauthorized',
      `The server at ${where} asks role "${role}" for a password: type it, or set PGPASSWORD or add it to ~/.pgpass.`
    )
  }
  if (/timeout/i.test(message))
    return new AppError('offline', `No answer from the PostgreSQL server at ${where}.`)
  return new AppError('internal', `Could not connect to ${where}: ${message}`)
}
