// Browser mode (`npm run serve`): the same services as the desktop app behind a localhost HTTP
// bridge. Always binds 127.0.0.1; open the printed URL (it carries the access token).
//   node out/main/serve.js [--port N] [--rotate-token]   ZEBRA_HOME=<dir> picks the data folder
// The port and token persist in the data folder (bridge/identity.ts), so a restart keeps open tabs.
import { join } from 'node:path'
import { AppError } from '../shared/errors'
import { createEventHub } from './transport/events'
import { startPersistentBridge, type ServeArgs } from './bridge/persistent'
import { log, setLogDir } from './log'
import { dataDir } from './paths'
import { createServices } from './services'

const USAGE =
  'usage: zebra serve [--port N] [--rotate-token]   (binds 127.0.0.1 only; ZEBRA_HOME sets the data folder)\n' +
  '  the port and the access token are kept in the data folder (serve.json) so open tabs reconnect;\n' +
  '  --rotate-token issues a new token (tabs opened with the old one are refused)'

export function parseServeArgs(argv: string[]): ServeArgs {
  let port: number | null = null
  let rotateToken = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const m = /^--port(?:=(.*))?$/.exec(a)
    if (m) {
      const v = m[1] ?? argv[++i]
      const n = Number(v)
      if (!Number.isInteger(n) || n < 0 || n > 65535)
        throw new Error(`--port needs a number 0-65535, got ${v}`)
      port = n
    } else if (a === '--rotate-token') {
      rotateToken = true
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE)
      process.exit(0)
    } else {
      throw new Error(
        `unknown option ${a} (accepted: --port N, --rotate-token; the bridge always binds 127.0.0.1)`
      )
    }
  }
  return { port, rotateToken }
}

async function main(): Promise<void> {
  let args: ServeArgs
  try {
    args = parseServeArgs(process.argv.slice(2))
  } catch (err) {
    console.error(`zebra serve: ${(err as Error).message}`)
    process.exit(2)
  }
  const dir = dataDir()
  setLogDir(dir)
  const events = createEventHub((err) => log('warn', 'event listener failed', err))
  const services = createServices({
    emit: (channel, payload) => events.emit(channel, payload),
    dataDir: dir,
    transport: 'browser',
    testMode: process.env.ZEBRA_TEST === '1'
  })
  const bridge = await startPersistentBridge(dir, args, {
    handlers: services.handlers,
    events,
    resolveImage: (id, thumb) => services.resolveImage(id, thumb),
    staticDir: join(__dirname, '../renderer')
  })
  console.log(`Zebra is running at ${bridge.url}`)
  console.log(`(data folder: ${dir}; press Ctrl+C to stop)`)

  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void (async () => {
      await bridge.close()
      await Promise.resolve(services.dispose())
      process.exit(0)
    })().catch((err: unknown) => {
      log('error', 'shutdown failed', err)
      process.exit(1)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

void main().catch((err: unknown) => {
  if (err instanceof AppError) {
    // the person's to fix (a port in use): the message says how, no stack
    console.error(`zebra serve: ${err.message}`)
    process.exit(err.code === 'invalid_input' ? 2 : 1)
  }
  log('error', 'zebra serve failed to start', err)
  process.exit(1)
})
