// `zebra serve`'s bridge that survives restarts: same port when it is free, same token (see
// identity.ts), so an open tab reconnects instead of dying.
import { log } from '../log'
import { readIdentity, resolveIdentity, writeIdentity } from './identity'
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
  let bridge: Bridge
  try {
    bridge = await startBridge({ ...opts, port: id.port, token: id.token })
  } catch (err) {
    if (args.port !== null || id.port === 0 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err
    log('info', `port ${id.port} is taken; picking a free one`)
    bridge = await startBridge({ ...opts, port: 0, token: id.token })
  }
  if (bridge.port !== id.port || readIdentity(dataDir)?.token !== id.token)
    writeIdentity(dataDir, { port: bridge.port, token: id.token })
  return bridge
}
