// A throwaway PostgreSQL cluster for tests: initdb in a fresh temp folder, one server listening on
// 127.0.0.1 at a free port with its unix socket in that folder, stopped and removed by stop().
//
// initdb and postgres refuse to run as root, so when this process is root the cluster belongs to
// `nobody` (uid 65534): the temp folder is made under os.tmpdir() (never inside the checkout, which
// may sit in a 0700 home folder nobody cannot enter) and chowned to it, and every server binary is
// spawned with that uid and gid. Durability is switched off (fsync, full-page writes): a test
// cluster is thrown away, and this keeps initdb and each test fast on a busy machine.
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const NOBODY = 65534
export const SUPERUSER = 'postgres'
const SUPERUSER_PASSWORD = 'test-superuser-secret'

export interface Cluster {
  host: string
  port: number
  /** The temp folder: data directory, socket and log. */
  dir: string
  /** A connection string for `user` on database `db` (password included: tests only). */
  url(user?: string, password?: string, db?: string): string
  /** Stops the server (immediate shutdown) and removes the folder; safe to call twice. */
  stop(): Promise<void>
  /**
   * Stops the server (fast shutdown: sessions are cut, the data kept) as an outage a client sees.
   * Not immediate: with this cluster's synchronous_commit=off a crash loses commits already
   * acknowledged, which no real server that keeps its word does.
   */
  pause(): Promise<void>
  /** Starts the paused server again on the same port, with its data. */
  resume(): Promise<void>
}

/** The folder holding initdb and pg_ctl, or why there is none. */
function findPgBin(): { bin: string } | { why: string } {
  const fromEnv = process.env.ZEBRA_PG_BIN
  if (fromEnv)
    return existsSync(join(fromEnv, 'initdb'))
      ? { bin: fromEnv }
      : { why: `no initdb in ZEBRA_PG_BIN=${fromEnv}` }
  const base = '/usr/lib/postgresql'
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions.length > 0) return { bin: join(base, versions[0], 'bin') }
  return { why: `PostgreSQL server binaries not found under ${base} (apt-get install postgresql)` }
}

function asOwner(): SpawnSyncOptions {
  return process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {}
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.once('error', fail)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      s.close(() => ok(port))
    })
  })
}

function run(cmd: string, args: string[], opts: SpawnSyncOptions): Promise<{ code: number; out: string }> {
  return new Promise((ok) => {
    const p = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    p.stdout?.on('data', (b: Buffer) => (out += b.toString()))
    p.stderr?.on('data', (b: Buffer) => (out += b.toString()))
    p.on('error', (e) => ok({ code: 127, out: String(e) }))
    p.on('close', (code) => ok({ code: code ?? 1, out }))
  })
}

const SERVER_SETTINGS = [
  'fsync=off',
  'full_page_writes=off',
  'synchronous_commit=off',
  'shared_buffers=16MB',
  'max_connections=60',
  'listen_addresses=127.0.0.1',
  'log_min_messages=warning',
  'max_wal_size=256MB'
]

/**
 * Creates and starts a cluster whose superuser `postgres` logs in with SUPERUSER_PASSWORD over
 * TCP (scram-sha-256: wrong passwords are refused as on a real server) and without one over the
 * folder's unix socket. Starting is retried on a new port if another process took the free one.
 */
export async function startCluster(): Promise<Cluster> {
  const found = findPgBin()
  if ('why' in found) throw new Error(found.why)
  const dir = mkdtempSync(join(tmpdir(), 'zebra-pg-'))
  const owner = asOwner()
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true })
  try {
    if (owner.uid !== undefined) chownSync(dir, owner.uid, owner.gid!)
    const data = join(dir, 'data')
    const pwfile = join(dir, 'pwfile')
    writeFileSync(pwfile, SUPERUSER_PASSWORD + '\n', { mode: 0o600 })
    if (owner.uid !== undefined) chownSync(pwfile, owner.uid, owner.gid!)
    const init = await run(
      join(found.bin, 'initdb'),
      [
        '-D',
        data,
        '-U',
        SUPERUSER,
        `--pwfile=${pwfile}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '--no-sync',
        '--no-instructions',
        '-E',
        'UTF8',
        '--locale=C'
      ],
      { ...owner, cwd: dir, env: { ...process.env, LC_ALL: 'C' } }
    )
    rmSync(pwfile, { force: true })
    if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}): ${init.out.trim()}`)
    const log = join(dir, 'server.log')
    let lastError = ''
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await freePort()
      const opts = [...SERVER_SETTINGS, `port=${port}`, `unix_socket_directories=${dir}`]
        .map((s) => `-c ${s}`)
        .join(' ')
      // -w: pg_ctl itself polls until the server accepts connections (or gives up at -t)
      const start = await run(
        join(found.bin, 'pg_ctl'),
        ['-D', data, '-l', log, '-o', opts, '-w', '-t', '60', 'start'],
        {
          ...owner,
          cwd: dir
        }
      )
      if (start.code === 0) return cluster(found.bin, dir, data, port, owner, removeDir, opts)
      lastError = start.out.trim()
      await run(join(found.bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], {
        ...owner,
        cwd: dir
      })
    }
    throw new Error(`PostgreSQL did not start: ${lastError}`)
  } catch (e) {
    removeDir()
    throw e
  }
}

// A test process killed before its afterAll would leave a server running: a detached watchdog
// stops the cluster and removes its folder once this process is gone.
const WATCHDOG = `
const { spawnSync } = require('node:child_process')
const { rmSync } = require('node:fs')
const [parent, pgCtl, data, dir, uid] = process.argv.slice(1)
const as = uid ? { uid: Number(uid), gid: Number(uid) } : {}
setInterval(() => {
  try { process.kill(Number(parent), 0); return } catch {}
  spawnSync(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...as, stdio: 'ignore' })
  rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}, 500)
`

function watchdog(pgCtl: string, data: string, dir: string, owner: SpawnSyncOptions): () => void {
  const w = spawn(
    process.execPath,
    ['-e', WATCHDOG, String(process.pid), pgCtl, data, dir, owner.uid === undefined ? '' : String(owner.uid)],
    { detached: true, stdio: 'ignore' }
  )
  w.unref()
  return () => {
    if (w.exitCode === null) w.kill()
  }
}

function cluster(
  bin: string,
  dir: string,
  data: string,
  port: number,
  owner: SpawnSyncOptions,
  removeDir: () => void,
  opts: string
): Cluster {
  let stopped = false
  const stopWatchdog = watchdog(join(bin, 'pg_ctl'), data, dir, owner)
  const pgCtl = async (args: string[]): Promise<void> => {
    const r = await run(join(bin, 'pg_ctl'), ['-D', data, ...args], { ...owner, cwd: dir })
    if (r.code !== 0) throw new Error(`pg_ctl ${args.at(-1)} failed (exit ${r.code}): ${r.out.trim()}`)
  }
  return {
    host: '127.0.0.1',
    port,
    dir,
    url: (user = SUPERUSER, password = SUPERUSER_PASSWORD, db = 'postgres') =>
      `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(db)}`,
    async stop() {
      if (stopped) return
      stopped = true
      stopWatchdog()
      try {
        await run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { ...owner, cwd: dir })
      } finally {
        removeDir()
      }
    },
    pause: () => pgCtl(['-m', 'fast', '-w', 'stop']),
    // the port was ours until a moment ago; -w waits until the server accepts connections again
    resume: () => pgCtl(['-l', join(dir, 'server.log'), '-o', opts, '-w', '-t', '60', 'start'])
  }
}

/** Whether a cluster can be made here, probed once; tests skip with the reason when not. */
export function clusterSupport(): { ok: true } | { ok: false; why: string } {
  const found = findPgBin()
  if ('why' in found) return { ok: false, why: found.why }
  const r = spawnSync(join(found.bin, 'initdb'), ['--version'], { ...asOwner(), encoding: 'utf8' })
  if (r.status !== 0) return { ok: false, why: `initdb --version failed: ${r.stderr || r.error?.message}` }
  return { ok: true }
}
