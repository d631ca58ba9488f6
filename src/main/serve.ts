// Browser mode (`npm run serve`): the same services as the desktop app behind a localhost HTTP
// bridge. Always binds 127.0.0.1; open the printed URL (it carries the access token).
//   node out/main/serve.js [--port N]       ZEBRA_HOME=<dir> picks the data folder
import { join } from 'node:path'
import { createEventHub } from './transport/events'
import { startBridge } from './bridge/server'
import { log, setLogDir } from './log'
import { dataDir } from './paths'
import { createServices } from './services'

export function parseServeArgs(argv: string[]): { port: number } {
  let port = 0
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const m = /^--port(?:=(.*))?$/.exec(a)
    if (m) {
      const v = m[1] ?? argv[++i]
      const n = Number(v)
      if (!Number.isInteger(n) || n < 0 || n > 65535)
        throw new Error(`--port needs a number 0-65535, got ${v}`)
      port = n
    } else if (a === '--help' || a === '-h') {
      console.log('usage: zebra serve [--port N]   (binds 127.0.0.1 only; ZEBRA_HOME sets the data folder)')
      process.exit(0)
    } else {
      throw new Error(`unknown option ${a} (only --port is accepted; the bridge always binds 127.0.0.1)`)
    }
  }
  return { port }
}

async function main(): Promise<void> {
  let port: number
  try {
    port = parseServeArgs(process.argv.slice(2)).port
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
  const bridge = await startBridge({
    handlers: services.handlers,
    events,
    resolveImage: (id, thumb) => services.resolveImage(id, thumb),
    staticDir: join(__dirname, '../renderer'),
    port
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
  log('error', 'zebra serve failed to start', err)
  process.exit(1)
})
