// The bridge's answers to oversized and odd requests, over real HTTP on 127.0.0.1.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import { setLogDir } from '../log'
import { createEventHub } from '../transport/events'
import { startBridge, type Bridge } from './server'
import { appInfoHandlers, rawRequest, type RawResponse } from './testing/http'

const handlers = appInfoHandlers()

let dir: string
let bridge: Bridge
const seen: number[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-bridge-hard-'))
  writeFileSync(join(dir, 'img.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  bridge = await startBridge({
    handlers,
    events: createEventHub(),
    staticDir: null,
    maxBodyBytes: 1024,
    resolveImage: async (id) => {
      seen.push(id)
      if (id === 16) return { file: join(dir, 'img.png'), mime: 'image/png' }
      throw new AppError('not_found', `No image ${id}`)
    }
  })
})
afterAll(async () => {
  await bridge.close()
  setLogDir(null)
  rmSync(dir, { recursive: true, force: true })
})

const http = (method: string, path: string, opts?: Parameters<typeof rawRequest>[3]): Promise<RawResponse> =>
  rawRequest(bridge.port, method, path, opts)

const auth = { 'x-zebra-token': '', 'content-type': 'application/json' }
const tok = (): Record<string, string> => ({ ...auth, 'x-zebra-token': bridge.token })

describe('bridge hardening', () => {
  it('answers an oversized body with 413, declared or streamed, instead of resetting', async () => {
    const big = Buffer.alloc(3000, 0x20)
    const declared = await http('POST', '/api/invoke/app.info', { headers: tok(), body: big })
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.body).error.message).toContain('larger than 1024 bytes')
    // no content-length: chunked transfer, noticed while reading
    const streamed = await http('POST', '/api/send/renderer.log', {
      headers: { ...tok(), 'transfer-encoding': 'chunked' },
      body: big
    })
    expect(streamed.status).toBe(413)
  })

  it('JSON and SSE answers carry nosniff', async () => {
    const r = await http('POST', '/api/invoke/app.info', { headers: tok(), body: '{}' })
    expect(r.status).toBe(200)
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    const sse = await new Promise<Record<string, unknown>>((ok, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: bridge.port,
          path: `/api/events?token=${encodeURIComponent(bridge.token)}`
        },
        (res) => {
          ok(res.headers)
          res.destroy()
        }
      )
      req.on('error', fail)
      req.end()
    })
    expect(sse['x-content-type-options']).toBe('nosniff')
  })

  it('image ids are decimal integers only; a token in the URL means no-store', async () => {
    const q = `?token=${encodeURIComponent(bridge.token)}`
    for (const bad of ['0x10', '1e1', '%2016', '+16', '16.0', '0b10000'])
      expect((await http('GET', `/api/image/${bad}${q}`)).status).toBe(400)
    expect(seen).toEqual([])
    const ok = await http('GET', `/api/image/16${q}`)
    expect(ok.status).toBe(200)
    expect(ok.headers['cache-control']).toBe('no-store')
    const header = await http('GET', '/api/image/16', { headers: { 'x-zebra-token': bridge.token } })
    expect(header.headers['cache-control']).toBe('private, no-cache')
  })

  it('renderer.log strips control characters (no forged log lines)', async () => {
    setLogDir(dir)
    process.env.ZEBRA_LOG_QUIET = '1'
    const r = await http('POST', '/api/send/renderer.log', {
      headers: tok(),
      body: JSON.stringify({ level: 'warn', message: 'a\n2026-01-01T00:00:00.000Z ERROR forged\u001b[31m' })
    })
    expect(r.status).toBe(200)
    const lines = readFileSync(join(dir, 'logs', 'zebra.log'), 'utf8')
      .trim()
      .split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain('[renderer] a 2026-01-01T00:00:00.000Z ERROR forged [31m')
    expect(lines[0]).not.toContain('\u001b')
  })
})
