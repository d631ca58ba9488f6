import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client } from 'pg'
import { afterAll, expect, it } from 'vitest'
import { REPO } from '../../../cli/testing/harness'
import { startCluster, SUPERUSER, type Cluster } from './cluster'
import { describeWithCluster } from './describe-cluster'

describeWithCluster('a throwaway PostgreSQL cluster', () => {
  let c: Cluster | undefined
  afterAll(async () => c?.stop())

  it('starts outside the checkout, answers, refuses a wrong password, and leaves nothing behind', async () => {
    c = await startCluster()
    expect(c.dir.startsWith(tmpdir())).toBe(true)
    expect(c.dir.startsWith(REPO)).toBe(false)
    if (process.getuid?.() === 0) expect(statSync(c.dir).uid).toBe(65534)

    const client = new Client({ connectionString: c.url() })
    await client.connect()
    const r = await client.query<{ version: string; addr: string | null }>(
      'SELECT version() AS version, inet_server_addr()::text AS addr'
    )
    await client.end()
    expect(r.rows[0].version).toMatch(/^PostgreSQL \d+/)
    expect(r.rows[0].addr).toBe('127.0.0.1/32')

    // over the unix socket in the folder, no password is needed
    const local = new Client({ host: c.dir, port: c.port, user: SUPERUSER, database: 'postgres' })
    await local.connect()
    expect((await local.query('SELECT 1 AS one')).rows[0].one).toBe(1)
    await local.end()

    const wrong = new Client({ connectionString: c.url(SUPERUSER, 'not-the-password') })
    await expect(wrong.connect()).rejects.toThrow(/password authentication failed/)

    const dir = c.dir
    await c.stop()
    expect(existsSync(dir)).toBe(false)
    const gone = new Client({ connectionString: c.url() })
    await expect(gone.connect()).rejects.toThrow(/ECONNREFUSED/)
  })

  it('pauses and resumes on the same port and data, after a clean stop or a crash', async () => {
    const p = await startCluster({ settings: ['synchronous_commit=on'] })
    try {
      const write = async (n: number): Promise<number> => {
        const c = new Client({ connectionString: p.url() })
        await c.connect()
        try {
          await c.query('CREATE TABLE IF NOT EXISTS kept (n int)')
          await c.query('INSERT INTO kept VALUES ($1)', [n])
          return (await c.query('SELECT count(*)::int AS n FROM kept')).rows[0].n
        } finally {
          await c.end()
        }
      }
      expect(await write(1)).toBe(1)
      for (const mode of ['fast', 'immediate'] as const) {
        await p.pause(mode)
        const down = new Client({ connectionString: p.url() })
        await expect(down.connect()).rejects.toThrow(/ECONNREFUSED/)
        await p.resume()
      }
      expect(await write(2)).toBe(2) // the acknowledged row outlived the crash
    } finally {
      await p.stop()
    }
  })

  it('gives two clusters their own port and folder', async () => {
    const [a, b] = await Promise.all([startCluster(), startCluster()])
    try {
      expect(a.port).not.toBe(b.port)
      expect(a.dir).not.toBe(b.dir)
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
    expect(existsSync(a.dir) || existsSync(b.dir)).toBe(false)
  })
})

describeWithCluster('a test process killed before its afterAll', () => {
  it('leaves no server and no folder behind', async () => {
    const script = `require(${JSON.stringify(join(__dirname, 'cluster.ts'))}).startCluster().then((c) => console.log(c.dir + ' ' + c.port))`
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', script], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const line = await new Promise<string>((ok) =>
      child.stdout.once('data', (b: Buffer) => ok(b.toString().trim()))
    )
    const [dir, port] = line.split(' ')
    expect(existsSync(dir)).toBe(true)
    child.kill('SIGKILL')
    await new Promise((ok) => child.once('exit', ok))
    // the watchdog notices within a second or so; wait for the outcome, not for a time
    const deadline = Date.now() + 30_000
    while (existsSync(dir) && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 100))
    expect(existsSync(dir)).toBe(false)
    const gone = new Client({ host: '127.0.0.1', port: Number(port), user: SUPERUSER, password: 'x' })
    await expect(gone.connect()).rejects.toThrow(/ECONNREFUSED/)
  })
})
