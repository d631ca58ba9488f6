// `zebra serve` as real processes on one data folder, run from a folder outside the repository:
// a token rotated by one instance is refused by the other, still running one; a --port already in
// use is a clear message naming the port (exit 2), not a stack trace.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const SERVE = join(__dirname, 'serve.ts')
const TSX = require.resolve('tsx/cjs')
let cwd: string
let env: NodeJS.ProcessEnv
const running: ChildProcess[] = []

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'zebra-serve-'))
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home') }
})
afterAll(async () => {
  for (const c of running) {
    if (c.exitCode !== null) continue
    const gone = new Promise((r) => c.once('exit', r))
    c.kill('SIGTERM')
    await gone
  }
  rmSync(cwd, { recursive: true, force: true })
})

/** starts `zebra serve`, resolves with the URL it prints */
function serve(...args: string[]): Promise<{ url: string; token: string }> {
  const child = spawn(process.execPath, ['-r', TSX, SERVE, ...args], { cwd, env })
  running.push(child)
  return new Promise((ok, fail) => {
    let out = ''
    let err = ''
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /running at (\S+)/.exec(out)
      if (m) ok({ url: m[1]!, token: new URL(m[1]!).searchParams.get('token')! })
    })
    child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${err}`)))
  })
}

async function appInfo(url: string, token: string): Promise<number> {
  const res = await fetch(new URL('/api/invoke/app.info', url), {
    method: 'POST',
    headers: { 'x-zebra-token': token, 'content-type': 'application/json' },
    body: '{}'
  })
  await res.arrayBuffer()
  return res.status
}

describe('zebra serve', () => {
  it('--rotate-token in one instance refuses the old token in another running instance', async () => {
    const first = await serve()
    expect(await appInfo(first.url, first.token)).toBe(200)
    const second = await serve('--rotate-token')
    expect(second.token).not.toBe(first.token)
    expect(await appInfo(second.url, first.token)).toBe(401)
    // the first instance, still running, follows the rotation
    expect(await appInfo(first.url, first.token)).toBe(401)
    expect(await appInfo(first.url, second.token)).toBe(200)
  })

  it('a --port already in use says so, naming the port, without a stack trace', async () => {
    const squatter: Server = createServer()
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()))
    const port = (squatter.address() as AddressInfo).port
    try {
      const r = spawnSync(process.execPath, ['-r', TSX, SERVE, '--port', String(port)], {
        cwd,
        env,
        encoding: 'utf8',
        timeout: 60_000
      })
      expect(r.status).toBe(2)
      expect(r.stderr).toContain(`zebra serve: Port ${port} is already in use on 127.0.0.1`)
      expect(r.stderr).not.toMatch(/EADDRINUSE|\n\s+at /)
    } finally {
      await new Promise((r) => squatter.close(r))
    }
  })
})
