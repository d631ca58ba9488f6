// Browser mode: the same handlers as the Electron app behind a localhost HTTP server.
//   POST /api/invoke/:channel   JSON body, token in the x-zebra-token header -> Envelope
//   POST /api/send/:channel     fire and forget (renderer.log)
//   GET  /api/events?token=     Server-Sent Events, one `event:` per contract event
//   GET  /api/image/:id?thumb=1&token=   an image of the open project, by id
//   GET  /*                     the built renderer (out/renderer), with the CSP header
// It binds 127.0.0.1 only, checks the Host header (against DNS rebinding) and a random token.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, realpath, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, relative, resolve, sep } from 'node:path'
import {
  BRIDGE_TOKEN_HEADER,
  BRIDGE_TOKEN_PARAM,
  type AppErrorShape,
  type Envelope,
  type Handlers
} from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { log } from '../log'
import { contentSecurityPolicy } from '../transport/csp'
import { dispatchInvoke, dispatchSend, isInvokeChannel } from '../transport/dispatch'
import type { EventHub } from '../transport/events'
import { MIME, resolveUnderRoot, statusFor, type ResolveImage } from '../transport/static'

export interface BridgeOptions {
  handlers: Handlers
  events: EventHub
  resolveImage: ResolveImage
  /** folder of the built renderer (out/renderer); null serves the API only */
  staticDir: string | null
  /** 0 (default) picks a free port */
  port?: number
  /**
   * the access token (default 32 random bytes), or a function giving the one valid now: a token
   * rotated while the bridge runs refuses the old one from the next request on
   */
  token?: string | (() => string)
  /** largest accepted JSON body */
  maxBodyBytes?: number
}

export interface Bridge {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const HOST = '127.0.0.1'
const SSE_HEARTBEAT_MS = 15_000

/** Only loopback names are accepted: a rebinding attacker's page arrives with its own Host. */
function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`
}

function tokensEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(text),
    ...extra
  })
  res.end(text)
}

function sendError(
  res: ServerResponse,
  status: number,
  error: AppErrorShape,
  extra?: Record<string, string>
): void {
  const env: Envelope<never> = { ok: false, error }
  sendJson(res, status, env, extra)
}

/** a request body past the limit: answered 413, not a reset connection */
class BodyTooLarge extends AppError {
  constructor(limit: number) {
    super('invalid_input', `Request body is larger than ${limit} bytes`)
  }
}

// past this much an oversized body is no longer drained (the connection is closed instead)
const DRAIN_FACTOR = 4

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN)
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge(limit))
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        // keep reading (and dropping) so the client is still listening when the 413 comes
        tooLarge = true
        chunks.length = 0
        if (size > limit * DRAIN_FACTOR) req.destroy()
        return
      }
      chunks.push(c)
    })
    req.on('end', () =>
      tooLarge ? reject(new BodyTooLarge(limit)) : resolveBody(Buffer.concat(chunks).toString('utf8'))
    )
    req.on('error', reject)
  })
}

/** 413 for a body past the limit (the connection closes after it), 400 for anything else */
function sendBodyError(res: ServerResponse, err: unknown, fallback: string): void {
  if (err instanceof BodyTooLarge) {
    return sendError(res, 413, { code: 'invalid_input', message: err.message }, { connection: 'close' })
  }
  const message = err instanceof AppError ? err.message : fallback
  return sendError(res, 400, { code: 'invalid_input', message })
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const configured = opts.token ?? randomBytes(32).toString('base64url')
  const tokenNow = typeof configured === 'function' ? configured : (): string => configured
  const token = tokenNow()
  let lastToken = token
  const maxBody = opts.maxBodyBytes ?? 8 * 1024 * 1024
  const csp = contentSecurityPolicy('browser')
  const staticRoot = opts.staticDir ? resolve(opts.staticDir) : null
  const streams = new Set<ServerResponse>()
  let port = 0

  function authorized(req: IncomingMessage, url: URL, allowQuery: boolean): boolean {
    const header = req.headers[BRIDGE_TOKEN_HEADER]
    const given =
      typeof header === 'string' ? header : allowQuery ? url.searchParams.get(BRIDGE_TOKEN_PARAM) : null
    const current = tokenNow()
    if (current !== lastToken) {
      // rotated: event streams opened with the old token end (their reconnect is refused)
      lastToken = current
      for (const s of streams) s.end()
      streams.clear()
    }
    return given !== null && tokensEqual(given, current)
  }

  async function serveStatic(res: ServerResponse, pathname: string, head: boolean): Promise<void> {
    if (!staticRoot) return sendError(res, 404, { code: 'not_found', message: 'No renderer build to serve' })
    const target = resolveUnderRoot(staticRoot, pathname)
    if (!target.ok && target.reason === 'malformed') {
      return sendError(res, 400, { code: 'invalid_input', message: 'Bad path' })
    }
    if (!target.ok) return sendError(res, 404, { code: 'not_found', message: 'Not found' })
    const file = target.file
    const rel = '/' + relative(staticRoot, file).split(sep).join('/')
    let real: string
    try {
      real = await realpath(file)
      const st = await stat(real)
      if (!st.isFile()) throw new Error('not a file')
    } catch {
      return sendError(res, 404, { code: 'not_found', message: `Not found: ${rel}` })
    }
    const body = await readFile(real)
    res.writeHead(200, {
      'content-type': MIME[extname(real).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      // the page URL carries the token: never cache index.html
      'cache-control': rel === '/index.html' ? 'no-store' : 'no-cache'
    })
    res.end(head ? undefined : body)
  }

  async function serveImage(
    req: IncomingMessage,
    res: ServerResponse,
    idText: string,
    thumb: boolean,
    tokenInUrl: boolean
  ): Promise<void> {
    // decimal digits only: Number() would also take '0x1f', '1e3', ' 7' and '+7'
    const imageId = /^\d{1,15}$/.test(idText) ? Number(idText) : NaN
    if (!Number.isSafeInteger(imageId) || imageId < 0) {
      return sendError(res, 400, { code: 'invalid_input', message: `Bad image id: ${idText}` })
    }
    try {
      const { file, mime } = await opts.resolveImage(imageId, thumb)
      const st = await stat(file)
      // Files change under us (re-synced, replaced, truncated): the browser revalidates every
      // time and gets a cheap 304 while size and mtime are unchanged.
      const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`
      const headers = {
        // a URL with the token in it must not sit in a cache
        'cache-control': tokenInUrl ? 'no-store' : 'private, no-cache',
        etag,
        'x-content-type-options': 'nosniff'
      }
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers)
        res.end()
        return
      }
      res.writeHead(200, { ...headers, 'content-type': mime, 'content-length': st.size })
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res)
    } catch (err) {
      if (err instanceof AppError) return sendError(res, statusFor(err.code), err.toJSON())
      log('error', `image ${imageId} failed`, err)
      return sendError(res, 500, { code: 'internal', message: 'Could not read the image; see the log' })
    }
  }

  function openEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
      'x-accel-buffering': 'no'
    })
    res.write('retry: 1000\n: connected\n\n')
    streams.add(res)
    const unsubscribe = opts.events.subscribe((channel, payload) => {
      res.write(`event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`)
    })
    const beat = setInterval(() => res.write(': ping\n\n'), SSE_HEARTBEAT_MS)
    beat.unref()
    const done = (): void => {
      clearInterval(beat)
      unsubscribe()
      streams.delete(res)
    }
    req.on('close', done)
    res.on('close', done)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, port)) {
      return sendError(res, 403, {
        code: 'unauthorized',
        message: 'Zebra only answers requests addressed to 127.0.0.1 or localhost'
      })
    }
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`)
    const path = url.pathname
    const method = req.method ?? 'GET'

    if (!path.startsWith('/api/')) {
      if (method !== 'GET' && method !== 'HEAD') {
        return sendError(res, 405, { code: 'unsupported', message: `${method} is not allowed here` })
      }
      return serveStatic(res, path, method === 'HEAD')
    }

    // A page of another origin may not even try: the token should stop it, this stops it earlier.
    const origin = req.headers.origin
    if (origin && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
      return sendError(res, 403, { code: 'unauthorized', message: 'Cross-origin requests are refused' })
    }

    const isGet = method === 'GET'
    const invoke = /^\/api\/invoke\/([\w.]+)$/.exec(path)
    const sendM = /^\/api\/send\/([\w.]+)$/.exec(path)
    const image = /^\/api\/image\/([^/]+)$/.exec(path)
    const events = path === '/api/events'
    // <img> and EventSource cannot set headers: those two routes take the token from the query
    if (!authorized(req, url, isGet && (events || image !== null))) {
      return sendError(res, 401, {
        code: 'unauthorized',
        message: 'Missing or wrong token: open the URL that `npm run serve` printed'
      })
    }

    if (invoke && method === 'POST') {
      let input: unknown
      try {
        const text = await readBody(req, maxBody)
        input = text.trim() === '' ? {} : JSON.parse(text)
      } catch (err) {
        return sendBodyError(res, err, 'The request body is not valid JSON')
      }
      const channel = invoke[1]!
      const env = await dispatchInvoke(opts.handlers, channel, input)
      // a channel that does not exist is a missing route (its AppError's status, 404); a handler's
      // own errors, not_found included, are answers in the envelope
      return sendJson(res, env.ok || isInvokeChannel(channel) ? 200 : statusFor(env.error.code), env)
    }
    if (sendM && method === 'POST') {
      let input: unknown
      try {
        input = JSON.parse((await readBody(req, maxBody)) || '{}')
      } catch (err) {
        return sendBodyError(res, err, 'The request body is not valid JSON')
      }
      const env = dispatchSend(sendM[1]!, input)
      return sendJson(res, env.ok ? 200 : 400, env)
    }
    if (events && isGet) return openEvents(req, res)
    if (image && isGet)
      return serveImage(
        req,
        res,
        image[1]!,
        url.searchParams.get('thumb') === '1',
        url.searchParams.has(BRIDGE_TOKEN_PARAM)
      )
    return sendError(res, 404, { code: 'not_found', message: `No route ${method} ${path}` })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log('error', 'bridge request failed', err)
      if (!res.headersSent) sendError(res, 500, { code: 'internal', message: 'Internal error; see the log' })
      else res.destroy()
    })
  })
  // keep-alive sockets and SSE streams must not keep a closing bridge open
  server.keepAliveTimeout = 5_000

  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(opts.port ?? 0, HOST, () => {
      server.off('error', fail)
      ok()
    })
  })
  port = (server.address() as AddressInfo).port
  const url = `http://${HOST}:${port}/?${BRIDGE_TOKEN_PARAM}=${encodeURIComponent(token)}`

  return {
    url,
    port,
    token,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of streams) s.end()
        streams.clear()
        server.close(() => ok())
        server.closeAllConnections()
      })
  }
}
