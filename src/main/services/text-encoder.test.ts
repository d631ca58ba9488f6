// A project's text encoder through the services, as the transports call them: the M-CLIP text
// encoder downloaded from the catalog (a stand-in Hub on 127.0.0.1 serving the tiny B/32 M-CLIP in
// Immich's layout) stays out of the loaded model, and project.setTextEncoder by its catalog id
// re-scores every image of a demo-model project from the cached embeddings; search.text encodes
// the query with it.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { invokeSchemas, type InvokeChannel, type InvokeInput, type InvokeOutput } from '../../shared/contract'
import { serveHubRepo } from '../clip/geometry-fixtures'
import { mclipModelDir } from '../clip/mclip-fixtures'
import { sampleImagesDir } from '../paths'
import { createServices, type Services } from './index'

let dir: string
let s: Services
let hub: { url: string; close(): Promise<void> }
const envBefore = { hub: process.env.ZEBRA_HUB_URL, home: process.env.ZEBRA_HOME }

function call<K extends InvokeChannel>(ch: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
  const parsed = invokeSchemas[ch].parse(input) as never
  return (s.handlers[ch] as (i: never) => Promise<InvokeOutput<K>>)(parsed)
}

/** each image's zero-shot top-1 probability, in image id order */
const probs = async (): Promise<number[]> => {
  const page = await call('grid.page', { limit: 50, status: 'all' })
  return [...page.rows].sort((a, b) => a.imageId - b.imageId).map((r) => r.prob)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-text-encoder-services-'))
  hub = await serveHubRepo('immich-app/XLM-Roberta-Large-Vit-B-32', mclipModelDir('mclip-b32'))
  process.env.ZEBRA_HUB_URL = hub.url
  process.env.ZEBRA_HOME = join(dir, 'home')
  s = createServices({
    emit: () => undefined,
    dataDir: join(dir, 'home'),
    transport: 'browser',
    testMode: true
  })
  const root = join(dir, 'images')
  mkdirSync(root)
  for (const f of ['photo_chelsea.jpg', 'photo_coffee.jpg', 'photo_rocket.jpg', 'square_224x224.png'])
    copyFileSync(join(sampleImagesDir(), f), join(root, f))
  await call('model.useDemo', {})
  await call('project.create', {
    path: join(dir, 'p.zebra'),
    roots: [root],
    labels: ['Katze', '猫', 'قطة', 'बिल्ली'].map((name) => ({ name }))
  })
  await s.ctx.jobs.idle()
  await call('prelabel.start', {})
  await s.ctx.jobs.idle()
}, 120_000)

afterAll(async () => {
  await s.dispose()
  await hub.close()
  for (const [k, v] of [
    ['ZEBRA_HUB_URL', envBefore.hub],
    ['ZEBRA_HOME', envBefore.home]
  ] as const) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  rmSync(dir, { recursive: true, force: true })
})

it('downloads the text encoder without replacing the model, and a project scores with it', async () => {
  const before = await probs()
  const modelBefore = (await call('model.status', {})).path

  const { jobId } = await call('model.download', { model: 'mclip-xlmr-b32' })
  const job = await s.ctx.jobs.finished(jobId)
  expect(job.state, JSON.stringify(job.error)).toBe('done')
  expect(job.message).toMatch(/choose it as a project's text encoder/)
  expect((await call('model.status', {})).path).toBe(modelBefore)
  const row = (await call('model.catalog', {})).find((r) => r.id === 'mclip-xlmr-b32')!
  expect(row).toMatchObject({
    downloadedVariants: ['fp32'],
    loaded: false,
    licence: expect.stringMatching(/^MIT/)
  })

  const summary = await call('project.setTextEncoder', { model: 'mclip-xlmr-b32' })
  expect(summary.settings.textEncoder).toMatchObject({ name: row.name, dir: row.dir, embedDim: 32 })
  await s.ctx.jobs.idle()
  const rescores = (await call('jobs.list', {})).filter((j) => j.kind === 'rescore')
  expect(rescores.at(-1)).toMatchObject({ state: 'done', message: '4 images re-scored' })
  const after = await probs()
  expect(after.some((p, i) => Math.abs(p - before[i]) > 1e-3)).toBe(true)

  const hits = await call('search.text', { query: 'eine Katze', limit: 2 })
  expect(hits).toHaveLength(2)

  const back = await call('project.setTextEncoder', { model: null })
  expect(back.settings.textEncoder).toBeNull()
  await s.ctx.jobs.idle()
  ;(await probs()).forEach((p, i) => expect(p).toBeCloseTo(before[i], 6))
})
