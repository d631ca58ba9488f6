// Team passwords typed into the app, kept per (host, port, database, role) and never in a project
// file, the settings or a log. Two kinds: one kept for this session only (browser mode, or where
// the system offers no encryption), and one sealed by a cipher (Electron's safeStorage: the
// system's keychain) into a single file of the data folder. Without either, a connection falls
// back to PGPASSWORD and ~/.pgpass, as the CLI does.
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { AppError } from '../../../shared/errors'
import { log } from '../../log'

/** What one password opens: a role on one database of one server. */
export interface SecretKey {
  host: string
  port: number
  db: string
  role: string
}

export interface SecretStore {
  get(key: SecretKey): Promise<string | undefined>
  set(key: SecretKey, password: string): Promise<void>
  delete(key: SecretKey): Promise<void>
  /** kept across restarts (sealed by the system), or for this session only */
  readonly persistent: boolean
  /** one line for the person typing a password: where it will be kept */
  readonly note: string
}

/** The key of a connection string (its role, else `role`; the defaults libpq would use). */
export function secretKey(url: string, role?: string): SecretKey {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new AppError('invalid_input', 'Not a connection string (expected postgres://user@host/database).')
  }
  const user = decodeURIComponent(u.username) || role || process.env.PGUSER || ''
  return {
    host: u.hostname || 'localhost',
    port: Number(u.port) || 5432,
    db: decodeURIComponent(u.pathname.replace(/^\//, '')) || user,
    role: user
  }
}

const id = (k: SecretKey): string => `${k.host}\u0000${k.port}\u0000${k.db}\u0000${k.role}`

/** Passwords held in memory until the process ends. */
export function memorySecretStore(note = 'Kept for this session only (until Zebra stops).'): SecretStore {
  const m = new Map<string, string>()
  return {
    persistent: false,
    note,
    get: async (k) => m.get(id(k)),
    set: async (k, pw) => void m.set(id(k), pw),
    delete: async (k) => void m.delete(id(k))
  }
}

/** What seals the file: Electron's safeStorage has this shape. */
export interface Cipher {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(sealed: Buffer): string
  /** Linux only: 'basic_text' means a fixed key, no real protection */
  getSelectedStorageBackend?(): string
}

/** Whether `cipher` really protects what it seals; why not when it does not. */
function cipherProblem(cipher: Cipher): string | null {
  if (!cipher.isEncryptionAvailable()) return 'this system offers Zebra no encrypted storage'
  if (cipher.getSelectedStorageBackend?.() === 'basic_text')
    return 'no keyring (such as GNOME Keyring or KWallet) is running, so it could not be encrypted'
  return null
}

/** The sealed file's passwords, or none when it is absent or cannot be opened with this key. */
export function readSealed(file: string, cipher: Cipher): Map<string, string> {
  if (!existsSync(file)) return new Map()
  try {
    const parsed = JSON.parse(cipher.decryptString(readFileSync(file))) as { v: number; entries: unknown }
    if (parsed.v !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null)
      throw new Error('unknown format')
    return new Map(
      Object.entries(parsed.entries as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string'
      )
    )
  } catch (err) {
    // another user's or an old key's file: the passwords are typed again and the file rewritten
    log(
      'warn',
      `the saved team passwords could not be read (${(err as Error).message}); they will be asked again`
    )
    return new Map()
  }
}

/** Writes the passwords sealed, readable by this user only, replacing the file in one step. */
function writeSealed(file: string, cipher: Cipher, entries: Map<string, string>): void {
  if (entries.size === 0) {
    rmSync(file, { force: true })
    return
  }
  const sealed = cipher.encryptString(JSON.stringify({ v: 1, entries: Object.fromEntries(entries) }))
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, sealed, { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, file)
}

/**
 * Passwords sealed by `cipher` in `file`. When the cipher offers no real protection the
 * passwords are kept for the session only and `note` says why.
 */
export function sealedSecretStore(file: string, cipher: Cipher): SecretStore {
  const problem = cipherProblem(cipher)
  if (problem) return memorySecretStore(`Kept for this session only: ${problem}.`)
  let cache: Map<string, string> | null = null
  const entries = (): Map<string, string> => (cache ??= readSealed(file, cipher))
  return {
    persistent: true,
    note: "Saved on this computer, encrypted with the system's keychain.",
    get: async (k) => entries().get(id(k)),
    set: async (k, pw) => {
      const next = new Map(entries()).set(id(k), pw)
      writeSealed(file, cipher, next)
      cache = next
    },
    delete: async (k) => {
      if (!entries().has(id(k))) return
      const next = new Map(entries())
      next.delete(id(k))
      writeSealed(file, cipher, next)
      cache = next
    }
  }
}
