// Test support for the bridge's tests: raw requests over real HTTP on 127.0.0.1 (node:http, not
// fetch, so a test can send what a browser never would: forged Host headers, chunked bodies).
import { request } from 'node:http'
import type { AppInfo, Handlers } from '../../../shared/contract'

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export function rawRequest(
  port: number,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: Buffer | string } = {}
): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        ok({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8')
        })
      )
    })
    req.on('error', fail)
    if (opts.body !== undefined) req.write(opts.body)
    req.end()
  })
}

/** The one channel a bridge needs to answer for tests that exercise the transport, not the app. */
export function appInfoHandlers(info: Partial<AppInfo> = {}): Handlers {
  const answer: AppInfo = {
    version: '0',
    transport: 'browser',
    platform: 'x',
    annotator: 'a',
    language: 'system',
    dataDir: '/',
    testMode: true,
    ...info
  }
  return { 'app.info': async () => answer } as unknown as Handlers
}
