// The browser bridge's identity across restarts: the port it last listened on and its access
// token, kept in <data folder>/serve.json (mode 0600: the token opens the project to whoever
// reads it). Same port + same token means an open tab simply reconnects after `zebra serve`
// restarts. `--rotate-token` (or deleting the file) issues a new token; old tabs are then refused.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { writeJsonAtomic } from '../settings'

export interface ServeIdentity {
  /** last port listened on; 0 = none yet (pick a free one) */
  port: number
  token: string
}

const fileSchema = z.object({
  port: z.number().int().min(0).max(65535),
  token: z.string().regex(/^[A-Za-z0-9_-]{32,}$/)
})

export function identityFile(dataDir: string): string {
  return join(dataDir, 'serve.json')
}

function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** The stored identity, or null when there is none or it is damaged (then a new one is issued). */
export function readIdentity(dataDir: string): ServeIdentity | null {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(identityFile(dataDir), 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Written atomically and owner-only (the temp file is created 0600, so no window where it is not). */
export function writeIdentity(dataDir: string, id: ServeIdentity): void {
  writeJsonAtomic(identityFile(dataDir), id, 0o600)
}

/**
 * The identity this start uses: the stored token unless rotating, and the port asked for on the
 * command line, else the stored one. Saves a new token at once so a crash cannot lose it.
 */
export function resolveIdentity(
  dataDir: string,
  opts: { port?: number | null; rotateToken?: boolean } = {}
): ServeIdentity {
  const stored = readIdentity(dataDir)
  const token = !opts.rotateToken && stored ? stored.token : newToken()
  const port = opts.port ?? stored?.port ?? 0
  if (!stored || stored.token !== token) writeIdentity(dataDir, { port: stored?.port ?? 0, token })
  return { port, token }
}
