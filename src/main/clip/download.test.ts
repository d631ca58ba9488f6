import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { downloadModel, readManifest, verifyModel, type DownloadProgress } from './download'
import { loadModelFolder } from './model-folder'
import { DEMO_DIR } from './test-fixtures'

// A stand-in for the Hub on 127.0.0.1 serving the demo model: /<repo>/resolve/main/<path>.
// onnx files behave like LFS files on the Hub: a 302 to a CDN path whose headers carry
// x-linked-etag (sha256) and x-linked-size; the CDN answers Range requests.
interface HubState {
  requests: { method: string; path: string; range?: string }[]
  /** one-shot: cut the connection after this many bytes of the file */
  cutAfter: Map<string, number>
  /** announce a wrong checksum for these files */
  wrongSha: Set<string>
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')

function startHub(state: HubState): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const u = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    state.requests.push({ method: req.method ?? '', path: u, range: req.headers.range })
    const m = /^\/test\/tiny-clip\/resolve\/main\/(.+)$/.exec(u)
    const cdn = /^\/cdn\/(.+)$/.exec(u)
    const path = m?.[1] ?? cdn?.[1]
    const file = path ? join(DEMO_DIR, path) : ''
    if (!path || !existsSync(file) || path.includes('..')) {
      res.writeHead(404).end('not found')
      return
    }
    const body = readFileSync(file)
    const digest = state.wrongSha.has(path) ? sha(Buffer.from('something else')) : sha(body)
    if (m && path.startsWith('onnx/')) {
      res.writeHead(302, {
        location: `/cdn/${path}`,
        'x-linked-etag': `"${digest}"`,
        'x-linked-size': String(body.length)
      })
      res.end()
      return
    }
    let start = 0
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    if (range) start = Number(range[1])
    const headers: Record<string, string> = {
      'content-length': String(body.length - start),
      'accept-ranges': 'bytes',
      etag: `"${digest}"`
    }
    if (range) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`
    res.writeHead(range ? 206 : 200, headers)
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    const cut = state.cutAfter.get(path)
    if (cut !== undefined && !range) {
      state.cutAfter.delete(path)
      res.write(body.subarray(0, cut), () => setTimeout(() => res.destroy(), 20))
      return
    }
    res.end(body.subarray(start))
  })
  return new Promise((ok) => {
    server.listen(0, '127.0.0.1', () =>
      ok({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })
    )
  })
}

const state: HubState = { requests: [], cutAfter: new Map(), wrongSha: new Set() }
let hub: { server: Server; url: string }
beforeAll(async () => {
  hub = await startHub(state)
})
afterAll(() => new Promise<void>((ok) => hub.server.close(() => ok())))

const demoBytes = (p: string): Buffer => readFileSync(join(DEMO_DIR, p))

describe('downloadModel against a local hub', () => {
  it('downloads, checks and records a variant; resumes an interrupted file with Range', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'zebra-dl-')), 'test--tiny-clip')
    const vision = 'onnx/vision_model_quantized.onnx'
    state.cutAfter.set(vision, 60_000)
    state.requests.length = 0
    await expect(
      downloadModel({ repo: 'test/tiny-clip', variant: 'quantized', baseUrl: hub.url, dir })
    ).rejects.toMatchObject({
      code: 'download_failed',
      message: expect.stringMatching(/interrupted.*resume/)
    })
    const partSize = statSync(join(dir, `${vision}.part`)).size
    expect(partSize).toBeGreaterThan(0)
    expect(partSize).toBeLessThan(demoBytes(vision).length)

    state.requests.length = 0
    const progress: DownloadProgress[] = []
    const out = await downloadModel({
      repo: 'test/tiny-clip',
      variant: 'quantized',
      baseUrl: hub.url,
      dir,
      onProgress: (p) => progress.push(p)
    })
    expect(out).toBe(dir)
    const gets = state.requests.filter((r) => r.method === 'GET')
    // only the interrupted file is fetched again, from where it stopped
    expect(gets).toEqual([
      { method: 'GET', path: `/test/tiny-clip/resolve/main/${vision}`, range: `bytes=${partSize}-` },
      { method: 'GET', path: `/cdn/${vision}`, range: `bytes=${partSize}-` } // after the Hub's redirect
    ])
    expect(sha(readFileSync(join(dir, vision)))).toBe(sha(demoBytes(vision)))
    expect(existsSync(join(dir, `${vision}.part`))).toBe(false)
    const last = progress.at(-1) as DownloadProgress
    expect(last.done).toBe(last.total)
    expect(last.overallBytes).toBe(last.overallTotalBytes)

    const manifest = await readManifest(dir)
    expect(manifest?.variants).toEqual(['quantized'])
    expect(manifest?.files[vision]).toEqual({
      size: demoBytes(vision).length,
      sha256: sha(demoBytes(vision)),
      expectedSha256: sha(demoBytes(vision))
    })
    const folder = await loadModelFolder(dir)
    expect(folder.variant).toBe('quantized')
    expect(folder.embedDim).toBe(32)

    const ok = await verifyModel(dir)
    expect(ok.ok).toBe(true)
    // a flipped byte (same size) is caught by verify
    const buf = readFileSync(join(dir, 'onnx/text_model_quantized.onnx'))
    buf[1000] ^= 0xff
    writeFileSync(join(dir, 'onnx/text_model_quantized.onnx'), buf)
    const bad = await verifyModel(dir)
    expect(bad.ok).toBe(false)
    expect(bad.files.find((f) => !f.ok)).toEqual({
      file: 'onnx/text_model_quantized.onnx',
      ok: false,
      reason: 'sha256 mismatch'
    })
  })

  it('fails on a checksum mismatch and leaves no damaged file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'zebra-dl-')), 'm')
    const text = 'onnx/text_model_quantized.onnx'
    state.wrongSha.add(text)
    try {
      await expect(
        downloadModel({ repo: 'test/tiny-clip', variant: 'quantized', baseUrl: hub.url, dir })
      ).rejects.toMatchObject({
        code: 'download_failed',
        message: expect.stringMatching(/checksum mismatch/)
      })
    } finally {
      state.wrongSha.delete(text)
    }
    expect(existsSync(join(dir, text))).toBe(false)
    expect(existsSync(join(dir, `${text}.part`))).toBe(false)
  })

  it('names a variant the repo does not have', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'zebra-dl-')), 'm')
    await expect(
      downloadModel({ repo: 'test/tiny-clip', variant: 'fp16', baseUrl: hub.url, dir })
    ).rejects.toMatchObject({
      code: 'download_failed',
      message: expect.stringMatching(/has no onnx\/text_model_fp16\.onnx.*fp16 variant/)
    })
  })

  // how fast it fails is a figure of `npm run bench` (startup), not an assert here
  it('fails offline with a way out (a folder you have, or the demo model)', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'zebra-dl-')), 'm')
    // a port nobody listens on: connection refused, like a machine without network
    const closed = createServer()
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', () => ok()))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((ok) => closed.close(() => ok()))
    await expect(
      downloadModel({ variant: 'quantized', baseUrl: `http://127.0.0.1:${port}`, dir })
    ).rejects.toMatchObject({
      code: 'offline',
      // no flag in the message (the app shows it too); the CLI adds --model from the remedy key
      message: expect.stringMatching(/model folder you already have, or the demo model\.$/),
      details: expect.objectContaining({ remedy: 'choose_model' })
    })
  })

  it('stops when cancelled', async () => {
    const ac = new AbortController()
    ac.abort()
    await expect(
      downloadModel({
        variant: 'quantized',
        baseUrl: hub.url,
        signal: ac.signal,
        dir: mkdtempSync(join(tmpdir(), 'z-'))
      })
    ).rejects.toMatchObject({ code: 'cancelled' })
  })
})
