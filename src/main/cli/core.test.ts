// The core CLI end to end: `node bin/zebra.js ...` in a child process run from a temp working
// directory outside the repository, on the demo model.
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadEngine } from '../clip/engine'
import { listImageFiles } from '../clip/files'
import { IMAGENET_7_TEMPLATES, buildClassifier, classify } from '../clip/zeroshot'
import { REPO, runZebra, workDir, type CliRun } from './testing/harness'

const DEMO = join(REPO, 'resources', 'demo-model')
const CWD = workDir()
const SAMPLES = join(CWD, 'photos')
const home = mkdtempSync(join(tmpdir(), 'zebra-cli-home-'))

function zebra(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runZebra(args, { cwd: CWD, env: { ...process.env, ZEBRA_HOME: home, ...env } })
}

const jsonLines = <T>(s: string): T[] =>
  s
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T)

describe('zebra classify', () => {
  it('classifies the sample images with the demo model, like the engine in-process', async () => {
    const run = await zebra(['classify', '--model', 'demo', '--labels', 'cat,dog', 'photos'])
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/only knows coloured shapes/)
    const rows = jsonLines<{ file: string; top: { label: string; prob: number }[] }>(run.stdout)
    const files = await listImageFiles([SAMPLES])
    expect(rows.map((r) => resolve(CWD, r.file))).toEqual(files)

    const engine = await loadEngine({ modelDir: 'demo', ep: 'cpu', threads: 1 })
    try {
      const clf = await buildClassifier(engine, [{ name: 'cat' }, { name: 'dog' }], IMAGENET_7_TEMPLATES)
      const embeds = await engine.embedImages(files)
      const { top } = classify(
        embeds.map((e) => e.embedding as Float32Array),
        clf
      )
      rows.forEach((r, i) => {
        expect(r.top.map((t) => t.label)).toEqual(top[i].map((t) => t.label))
        r.top.forEach((t, j) => expect(Math.abs(t.prob - top[i][j].prob)).toBeLessThan(1e-5))
      })
    } finally {
      await engine.dispose()
    }
  })

  it('reports unreadable images on stderr, classifies the rest and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zebra-cli-imgs-'))
    copyFileSync(join(SAMPLES, 'photo_chelsea.jpg'), join(dir, 'a.jpg'))
    copyFileSync(join(SAMPLES, 'tiny_31x17.png'), join(dir, 'd.png'))
    writeFileSync(join(dir, 'b.jpg'), 'this is text, not a JPEG')
    const jpeg = readFileSync(join(SAMPLES, 'photo_coffee.jpg'))
    writeFileSync(join(dir, 'c.jpg'), jpeg.subarray(0, jpeg.length >> 2))
    const run = await zebra(['classify', '--model', 'demo', '--labels', 'x,y,z', '--top', '2', dir])
    expect(run.code).toBe(1)
    const rows = jsonLines<{ file: string; top: unknown[] }>(run.stdout)
    expect(rows.map((r) => r.file)).toEqual([join(dir, 'a.jpg'), join(dir, 'd.png')])
    expect(rows[0].top).toHaveLength(2)
    expect(run.stderr).toContain(`${join(dir, 'b.jpg')}: cannot read image`)
    expect(run.stderr).toContain(`${join(dir, 'c.jpg')}: cannot read image`)
    expect(run.stderr).toMatch(/2 of 4 images could not be read/)
  })

  it('prints a table, and exits 2 on bad usage', async () => {
    const table = await zebra([
      'classify',
      '--model',
      'demo',
      '--preset',
      'cifar10',
      '--template',
      'a photo of a {}.',
      '--format',
      'table',
      '--top',
      '3',
      'photos/photo_chelsea.jpg'
    ])
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout).toMatch(/^photos\/photo_chelsea\.jpg {2}\S.* \d+\.\d%( {2}\S.* \d+\.\d%){2}\n$/)
    const noLabels = await zebra(['classify', '--model', 'demo', 'photos'])
    expect(noLabels.code).toBe(2)
    expect(noLabels.stderr).toMatch(/--labels/)
    const badTemplate = await zebra([
      'classify',
      '--model',
      'demo',
      '--labels',
      'a',
      '--template',
      'x',
      SAMPLES
    ])
    expect(badTemplate.code).toBe(2)
    const help = await zebra(['classify', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/--labels-file/)
  })
})

describe('zebra tokenize / embed', () => {
  it('tokenizes and embeds', async () => {
    const tok = await zebra(['tokenize', '--model', 'demo', 'a photo of a cat.', ''])
    expect(tok.code).toBe(0)
    expect(JSON.parse(tok.stdout)).toEqual([
      { text: 'a photo of a cat.', ids: [49406, 320, 1125, 539, 320, 2368, 269, 49407] },
      { text: '', ids: [49406, 49407] }
    ])
    const emb = await zebra(['embed', '--model', 'demo', '--normalize', '--ep', 'cpu', SAMPLES])
    expect(emb.code, emb.stderr).toBe(0)
    const rows = jsonLines<{ file: string; embedding: number[] }>(emb.stdout)
    expect(rows).toHaveLength(13)
    for (const r of rows) {
      expect(r.embedding).toHaveLength(32)
      expect(Math.hypot(...r.embedding)).toBeCloseTo(1, 5)
    }
  })
})

describe('zebra models', () => {
  let server: Server
  let url = ''
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
  beforeAll(async () => {
    // a minimal Hub: /<repo>/resolve/main/<path> with a sha256 ETag and Range support
    server = createServer((req, res) => {
      const m = /^\/[^/]+\/[^/]+\/resolve\/main\/(.+)$/.exec(decodeURIComponent(req.url ?? ''))
      const file = m ? join(DEMO, m[1]) : ''
      if (!m || m[1].includes('..') || !existsSync(file)) return void res.writeHead(404).end()
      const body = readFileSync(file)
      const start = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0)
      res.writeHead(start ? 206 : 200, {
        etag: `"${sha(body)}"`,
        'content-length': String(body.length - start)
      })
      res.end(req.method === 'HEAD' ? undefined : body.subarray(start))
    })
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())))

  it('downloads into the models folder, verifies, lists, and then is the default model', async () => {
    const dl = await zebra(['models', 'download', '--variant', 'quantized'], { ZEBRA_HUB_URL: url })
    expect(dl.code, dl.stderr).toBe(0)
    const dir = join(home, 'models', 'Xenova--clip-vit-base-patch32')
    expect(dl.stdout.trim()).toBe(dir)
    const verify = await zebra(['models', 'verify', dir])
    expect(verify.code, verify.stdout).toBe(0)
    expect(verify.stdout).toMatch(/^ok {3}onnx\/vision_model_quantized\.onnx$/m)
    const list = await zebra(['models', 'list', '--json'])
    const rows = JSON.parse(list.stdout) as { name: string; variants: string[]; downloaded: boolean }[]
    expect(rows.find((r) => r.name === 'Xenova/clip-vit-base-patch32')).toMatchObject({
      downloaded: true,
      variants: ['quantized']
    })
    const tok = await zebra(['tokenize', 'zebra'])
    expect(tok.code, tok.stderr).toBe(0)
  })

  it('fails fast offline and says how to go on', async () => {
    const closed = createServer()
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', () => ok()))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((ok) => closed.close(() => ok()))
    const run = await zebra(['models', 'download', 'someone/model', '--dir', join(home, 'x')], {
      ZEBRA_HUB_URL: `http://127.0.0.1:${port}`
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/Cannot reach .*--model DIR.*--model demo/)
  })
})
