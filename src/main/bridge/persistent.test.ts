// The bridge's port and token survive a restart on the same data folder: real HTTP on 127.0.0.1,
// a real serve.json with mode 0600, a real port held by another listener.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createEventHub } from '../transport/events'
import { identityFile, readIdentity, resolveIdentity } from './identity'
import { startPersistentBridge } from './persistent'
import type { Bridge } from './server'
import { appInfoHandlers } from './testing/http'

const handlers = appInfoHandlers({ version: 't' })
const opts = {
  handlers,
  events: createEventHub(),
  resolveImage: async () => ({ file: '', mime: '' }),
  staticDir: null
}

let dir: string
const open: (Bridge | Server)[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-ident-'))
})
afterEach(async () => {
  for (const b of open.splice(0)) {
    if ('token' in b) await b.close()
    else await new Promise((r) => b.close(r))
  }
  rmSync(dir, { recursive: true, force: true })
})

async function appInfo(b: Bridge, token: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${b.port}/api/invoke/app.info`, {
    method: 'POST',
    headers: { 'x-zebra-token': token, 'content-type': 'application/json' },
    body: '{}'
  })
  return res.status
}

it('a restart on the same data folder keeps the port and the token (file mode 0600)', async () => {
  const first = await startPersistentBridge(dir, { port: null, rotateToken: false }, opts)
  open.push(first)
  expect(await appInfo(first, first.token)).toBe(200)
  const stored = readIdentity(dir)
  expect(stored).toEqual({ port: first.port, token: first.token })
  if (process.platform !== 'win32') expect(statSync(identityFile(dir)).mode & 0o777).toBe(0o600)
  await first.close()
  open.pop()

  const second = await startPersistentBridge(dir, { port: null, rotateToken: false }, opts)
  open.push(second)
  expect(second.port).toBe(first.port)
  expect(second.token).toBe(first.token)
  expect(second.url).toBe(first.url)
  expect(await appInfo(second, first.token)).toBe(200)
})

it('--rotate-token issues a new token and the old one is refused', async () => {
  const first = await startPersistentBridge(dir, { port: null, rotateToken: false }, opts)
  const oldToken = first.token
  await first.close()
  const second = await startPersistentBridge(dir, { port: null, rotateToken: true }, opts)
  open.push(second)
  expect(second.token).not.toBe(oldToken)
  expect(second.port).toBe(first.port)
  expect(readIdentity(dir)?.token).toBe(second.token)
  expect(await appInfo(second, oldToken)).toBe(401)
  expect(await appInfo(second, second.token)).toBe(200)
})

it('a stored port taken by another program gives way to a free one, which is stored', async () => {
  const squatter = createServer()
  open.push(squatter)
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()))
  const taken = (squatter.address() as AddressInfo).port
  const { token } = resolveIdentity(dir)
  writeFileSync(identityFile(dir), JSON.stringify({ port: taken, token }), { mode: 0o600 })

  const b = await startPersistentBridge(dir, { port: null, rotateToken: false }, opts)
  open.push(b)
  expect(b.port).not.toBe(taken)
  expect(b.token).toBe(token)
  expect(readIdentity(dir)).toEqual({ port: b.port, token })
  // an explicit --port that is taken is an error naming the port, not a silent other port
  await expect(startPersistentBridge(dir, { port: taken, rotateToken: false }, opts)).rejects.toMatchObject({
    code: 'invalid_input',
    message: expect.stringContaining(`Port ${taken} is already in use`)
  })
})

it('a damaged serve.json is replaced by a new identity', () => {
  writeFileSync(identityFile(dir), '{"port": "x"')
  const id = resolveIdentity(dir)
  expect(id.port).toBe(0)
  expect(id.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  expect(readIdentity(dir)?.token).toBe(id.token)
})
