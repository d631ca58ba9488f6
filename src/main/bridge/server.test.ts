import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Handlers, JobProgress } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { createEventHub } from '../transport/events'
import { startBridge, type Bridge } from './server'
import { rawRequest, type RawResponse } from './testing/http'

// A small real Handlers object: a few channels implemented, enough to exercise every path of the
// transport (success, validation, AppError, unexpected error). The rest are never called.
const calls: unknown[] = []
const handlers = {
  'app.info': async () => ({
    version: '0.0.0-test',
    transport: 'browser',
    platform: process.platform,
    annotator: 'tester',
    dataDir: '/tmp',
    testMode: true
  }),
  'app.setAnnotator': async (input: { annotator: string }) => {
    calls.push(input)
    return {
      version: '0',
      transport: 'browser',
      platform: 'x',
      annotator: input.annotator,
      dataDir: '/',
      testMode: true
    }
  },
  'project.open': async (input: { path: string }) => {
    throw new AppError('not_found', `No project at ${input.path}`, { path: input.path })
  },
  'project.summary': async () => {
    throw new TypeError('boom: undefined is not a function')
  },
  'review.queue': async (input: { limit: number; order: string; status: string }) => {
    calls.push(input)
    return Array.from({ length: input.limit }, (_, i) => i + 1)
  }
} as unknown as Handlers

let dir: string
let bridge: Bridge
const events = createEventHub()
const imageBytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4])

type Res = RawResponse

const http = (method: string, path: string, opts?: Parameters<typeof rawRequest>[3]): Promise<Res> =>
  rawRequest(bridge.port, method, path, opts)

const auth = (): Record<string, string> => ({
  'x-zebra-token': bridge.token,
  'content-type': 'application/json'
})

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-bridge-'))
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true })
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Zebra</title>')
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, 'secret.txt'), 'outside the static root')
  writeFileSync(join(dir, 'img.png'), imageBytes)
  bridge = await startBridge({
    handlers,
    events,
    staticDir: join(dir, 'renderer'),
    resolveImage: async (id, thumb) => {
      if (id === 7) return { file: join(dir, 'img.png'), mime: thumb ? 'image/webp' : 'image/png' }
      if (id === 8) throw new AppError('outside_roots', 'That file is outside the project folders')
      throw new AppError('not_found', `No image ${id}`)
    }
  })
})

afterAll(async () => {
  await bridge.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('bridge', () => {
  it('binds 127.0.0.1 on a random port and prints a tokenised URL', () => {
    expect(bridge.port).toBeGreaterThan(0)
    expect(bridge.token.length).toBeGreaterThanOrEqual(32)
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${encodeURIComponent(bridge.token)}`)
  })

  it('refuses API requests without or with a wrong token (401)', async () => {
    const none = await http('POST', '/api/invoke/app.info', { body: '{}' })
    expect(none.status).toBe(401)
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    const wrong = await http('POST', '/api/invoke/app.info', {
      headers: { 'x-zebra-token': 'nope' },
      body: '{}'
    })
    expect(wrong.status).toBe(401)
    // the query token is accepted only where headers are impossible (images, events)
    const viaQuery = await http('POST', `/api/invoke/app.info?token=${bridge.token}`, { body: '{}' })
    expect(viaQuery.status).toBe(401)
    expect((await http('GET', '/api/image/7')).status).toBe(401)
    expect((await http('GET', '/api/events')).status).toBe(401)
  })

  it('refuses a foreign Host header (DNS rebinding) and foreign origins', async () => {
    const r = await http('POST', '/api/invoke/app.info', {
      headers: { ...auth(), host: `evil.example:${bridge.port}` },
      body: '{}'
    })
    expect(r.status).toBe(403)
    const page = await http('GET', '/', { headers: { host: 'evil.example' } })
    expect(page.status).toBe(403)
    const cors = await http('POST', '/api/invoke/app.info', {
      headers: { ...auth(), origin: 'http://evil.example' },
      body: '{}'
    })
    expect(cors.status).toBe(403)
    const local = await http('POST', '/api/invoke/app.info', {
      headers: { ...auth(), host: `localhost:${bridge.port}` },
      body: '{}'
    })
    expect(local.status).toBe(200)
  })

  it('round-trips an invoke with zod defaults applied', async () => {
    const r = await http('POST', '/api/invoke/review.queue', {
      headers: auth(),
      body: JSON.stringify({ limit: 3 })
    })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: [1, 2, 3] })
    // the handler got the parsed input: defaults filled in by the contract's schema
    expect(calls.at(-1)).toEqual({ limit: 3, order: 'file', status: 'unreviewed' })
    const trimmed = await http('POST', '/api/invoke/app.setAnnotator', {
      headers: auth(),
      body: JSON.stringify({ annotator: '  ana  ' })
    })
    expect(JSON.parse(trimmed.body).value.annotator).toBe('ana')
  })

  it('answers invalid input with invalid_input before the handler runs', async () => {
    const before = calls.length
    const r = await http('POST', '/api/invoke/review.queue', {
      headers: auth(),
      body: JSON.stringify({ limit: -4 })
    })
    const env = JSON.parse(r.body)
    expect(env.ok).toBe(false)
    expect(env.error.code).toBe('invalid_input')
    expect(env.error.message).toContain('limit')
    expect(calls.length).toBe(before)
    const extra = await http('POST', '/api/invoke/app.info', {
      headers: auth(),
      body: JSON.stringify({ x: 1 })
    })
    expect(JSON.parse(extra.body).error.code).toBe('invalid_input')
    const badJson = await http('POST', '/api/invoke/app.info', { headers: auth(), body: '{nope' })
    expect(badJson.status).toBe(400)
    expect(JSON.parse(badJson.body).error.code).toBe('invalid_input')
    const unknown = await http('POST', '/api/invoke/no.such', { headers: auth(), body: '{}' })
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.body).error.code).toBe('not_found')
  })

  it('passes AppErrors through and hides unexpected errors as internal', async () => {
    const r = await http('POST', '/api/invoke/project.open', {
      headers: auth(),
      body: JSON.stringify({ path: '/x.zebra' })
    })
    // a handler's not_found is an answer (200), unlike a channel that does not exist (404)
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No project at /x.zebra', details: { path: '/x.zebra' } }
    })
    process.env.ZEBRA_LOG_QUIET = '1'
    const boom = await http('POST', '/api/invoke/project.summary', { headers: auth(), body: '{}' })
    const env = JSON.parse(boom.body)
    expect(env.ok).toBe(false)
    expect(env.error.code).toBe('internal')
    expect(env.error.message).toContain('project.summary')
    expect(boom.body).not.toContain('server.test.ts') // no stack trace leaks to the page
  })

  it('delivers events over SSE', async () => {
    const progress: JobProgress = {
      jobId: 'j1',
      kind: 'prelabel',
      project: '/p/x.zebra',
      state: 'running',
      done: 3,
      total: 13,
      rate: 2.5,
      etaS: 4,
      message: null,
      errors: [],
      error: null
    }
    const received = await new Promise<string>((ok, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: bridge.port,
          path: `/api/events?token=${encodeURIComponent(bridge.token)}`
        },
        (res) => {
          expect(res.statusCode).toBe(200)
          expect(res.headers['content-type']).toContain('text/event-stream')
          let text = ''
          res.on('data', (c: Buffer) => {
            text += c.toString('utf8')
            if (text.includes(': connected') && !text.includes('event:'))
              events.emit('job.progress', progress)
            if (
              text.includes('\n\nevent: project.changed') ||
              text.match(/event: project\.changed\ndata: .*\n\n/)
            ) {
              req.destroy()
              ok(text)
            } else if (text.includes('event: job.progress')) {
              events.emit('project.changed', { reason: 'decision' })
            }
          })
        }
      )
      req.on('error', (e) => (e.message.includes('socket hang up') ? undefined : fail(e)))
      req.end()
    })
    const blocks = received.split('\n\n').filter((b) => b.startsWith('event:'))
    expect(blocks[0]).toBe(`event: job.progress\ndata: ${JSON.stringify(progress)}`)
    expect(blocks[1]).toBe(`event: project.changed\ndata: {"reason":"decision"}`)
  })

  it('serves project images by id, with the error code as status', async () => {
    const r = await http('GET', `/api/image/7?token=${encodeURIComponent(bridge.token)}`)
    expect(r.status).toBe(200)
    expect(r.headers['content-type']).toBe('image/png')
    expect(Buffer.from(r.body, 'utf8').length).toBeGreaterThan(0)
    const thumb = await http('GET', `/api/image/7?thumb=1&token=${encodeURIComponent(bridge.token)}`)
    expect(thumb.headers['content-type']).toBe('image/webp')
    expect(Number(thumb.headers['content-length'])).toBe(readFileSync(join(dir, 'img.png')).length)
    // the URL carries the token: never stored in a cache
    expect(r.headers['cache-control']).toBe('no-store')
    // revalidation: same file -> 304, changed file -> a new body
    const etag = String(r.headers.etag)
    const again = await http('GET', `/api/image/7?token=${encodeURIComponent(bridge.token)}`, {
      headers: { 'if-none-match': etag }
    })
    expect(again.status).toBe(304)
    writeFileSync(join(dir, 'img.png'), Buffer.concat([imageBytes, imageBytes]))
    const changed = await http('GET', `/api/image/7?token=${encodeURIComponent(bridge.token)}`, {
      headers: { 'if-none-match': etag }
    })
    expect(changed.status).toBe(200)
    expect(Number(changed.headers['content-length'])).toBe(imageBytes.length * 2)
    const outside = await http('GET', `/api/image/8?token=${encodeURIComponent(bridge.token)}`)
    expect(outside.status).toBe(403)
    expect(JSON.parse(outside.body).error.code).toBe('outside_roots')
    const missing = await http('GET', `/api/image/9?token=${encodeURIComponent(bridge.token)}`)
    expect(missing.status).toBe(404)
    const bad = await http('GET', `/api/image/abc?token=${encodeURIComponent(bridge.token)}`)
    expect(bad.status).toBe(400)
  })

  it('serves the renderer with a CSP header and never outside its folder', async () => {
    const page = await http('GET', '/?token=whatever')
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>Zebra</title>')
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/https?:/)
    const js = await http('GET', '/assets/app.js')
    expect(js.headers['content-type']).toContain('javascript')
    const escape = await http('GET', '/../secret.txt')
    expect(escape.status).toBe(404)
    const escape2 = await http('GET', '/%2e%2e/secret.txt')
    expect(escape2.status).toBe(404)
    expect(escape2.body).not.toContain('outside the static root')
  })

  it('accepts renderer log sends and validates them', async () => {
    process.env.ZEBRA_LOG_QUIET = '1'
    const ok = await http('POST', '/api/send/renderer.log', {
      headers: auth(),
      body: JSON.stringify({ level: 'info', message: 'hello' })
    })
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: null })
    const bad = await http('POST', '/api/send/renderer.log', {
      headers: auth(),
      body: JSON.stringify({ level: 'x' })
    })
    expect(bad.status).toBe(400)
  })
})

describe('content security policy', () => {
  it('allows only our own origin (and the image protocol in Electron)', async () => {
    const { contentSecurityPolicy } = await import('../transport/csp')
    for (const t of ['electron', 'browser'] as const) {
      const csp = contentSecurityPolicy(t)
      expect(csp).not.toMatch(/https?:|\*|unsafe-eval|unsafe-inline/)
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
    }
    expect(contentSecurityPolicy('electron')).toContain("img-src 'self' zebra-image:")
    expect(contentSecurityPolicy('browser')).not.toContain('zebra-image')
  })
})
