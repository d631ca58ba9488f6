// `zebra serve`'s bridge that survives restarts: same port when it is free, same token (see
// identity.ts), so an open tab reconnects instead of dying.
import { statSync } from 'node:fs'
import { AppError } from '../../shared/errors'
import { log } from '../log'
import { identityFile, readIdentity, resolveIdentity, writeIdentity } from './identity'
import { startBridge, type Bridge, type BridgeOptions } from './server'

export interface ServeArgs {
  /** asked on the command line; null = the port of the last run when free, else any */
  port: number | null
  rotateToken: boolean
}

/**
 * Starts the bridge on the stored (or asked) port; a stored port that another program took
 * meanwhile is given up for a free one (an explicit --port is not: that is an error). The port
 * actually used is stored for the next start.
 */
export async function startPersistentBridge(
  dataDir: string,
  args: ServeArgs,
  opts: Omit<BridgeOptions, 'port' | 'token'>
): Promise<Bridge> {
  const id = resolveIdentity(dataDir, { port: args.port, rotateToken: args.rotateToken })
  const token = storedToken(dataDir, id.token)
  let bridge: Bridge
  try {
    bridge = await startBridge({ ...opts, port: id.port, token })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || id.port === 0) throw err
    if (args.port !== null) {
      throw new AppError(
        'invalid_input',
        `Port ${args.port} is already in use on 127.0.0.1 (another program, or another zebra serve): choose another --port, or leave it out to use a free one.`,
        { port: args.port }
      )
    }
    log('info', `port ${id.port} is taken; picking a free one`)
    bridge = await startBridge({ ...opts, port: 0, token })
  }
  if (bridge.port !== id.port || readIdentity(dataDir)?.token !== id.token)
    writeIdentity(dataDir, { port: bridge.port, token: id.token })
  return bridge
}

/**
 * The token valid now: the one in serve.json, re-read when the file changed (a cheap stat per
 * request), so a \`--rotate-token\` by another instance on the same data folder refuses the old
 * token here too. A missing or damaged file keeps the last good token (nobody is locked out).
 */
function storedToken(dataDir: string, first: string): () => string {
  const file = identityFile(dataDir)
  let token = first
  let seen = ''
  return () => {
    let stamp: string
    try {
      const st = statSync(file)
      stamp = `${st.ino}:${st.mtimeMs}:${st.size}`
    } catch {
      return token
    }
    if (stamp === seen) return token
    seen = stamp
    const next = readIdentity(dataDir)?.token
    if (next && next !== token) {
      log('info', 'the access token was rotated (serve.json): tabs with the old one are refused')
      token = next
    }
    return token
  }
}
