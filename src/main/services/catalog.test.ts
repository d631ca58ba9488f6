// model.catalog and model.download of a catalog model through the services, as the transports call
// them, with downloads from a minimal Hub on 127.0.0.1 (a MobileCLIP-layout folder).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeSchemas, type InvokeChannel, type InvokeInput, type InvokeOutput } from '../../shared/contract'
import { CATALOG } from '../clip/catalog'
import { geometryModelDir, serveHubRepo } from '../clip/geometry-fixtures'
import { createServices, type Services } from './index'

let dir: string
let s: Services
let hub: { url: string; close(): Promise<void> }
// downloads go to ZEBRA_HOME's models folder (paths.ts), not to the services' dataDir
const envBefore = { hub: process.env.ZEBRA_HUB_URL, home: process.env.ZEBRA_HOME }

function call<K extends InvokeChannel>(ch: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
  const parsed = invokeSchemas[ch].parse(input) as never
  return (s.handlers[ch] as (i: never) => Promise<InvokeOutput<K>>)(parsed)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-catalog-services-'))
  hub = await serveHubRepo('Xenova/mobileclip_s0', geometryModelDir('mobileclip'))
  process.env.ZEBRA_HUB_URL = hub.url
  process.env.ZEBRA_HOME = join(dir, 'home')
  s = createServices({
    emit: () => undefined,
    dataDir: join(dir, 'home'),
    transport: 'browser',
    testMode: true
  })
})
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

describe('model.catalog', () => {
  it('lists every catalog model with nothing downloaded on a fresh machine', async () => {
    const rows = await call('model.catalog', {})
    expect(rows.map((r) => r.id)).toEqual(CATALOG.map((c) => c.id))
    for (const r of rows) expect(r).toMatchObject({ downloadedVariants: [], loaded: false })
    expect(rows.find((r) => r.id === 'mobileclip-s0')!.dir).toBe(
      join(dir, 'home', 'models', 'Xenova--mobileclip_s0')
    )
  })

  it('refuses unknown models and variants the repo does not have, before any job starts', async () => {
    await expect(call('model.download', { model: 'vit-h' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/No model "vit-h" in the catalog/)
    })
    await expect(
      call('model.download', { model: 'clip-vit-l14-336', variant: 'fp16' })
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/has no fp16 variant/)
    })
  })

  it('downloads a catalog model in its default variant, loads it and marks its row', async () => {
    const { jobId } = await call('model.download', { model: 'mobileclip-s0' })
    const job = await s.ctx.jobs.finished(jobId)
    expect(job.state, JSON.stringify(job.error)).toBe('done')
    const status = await call('model.status', {})
    expect(status).toMatchObject({ loaded: true, variant: 'fp32', embedDim: 32 })
    const row = (await call('model.catalog', {})).find((r) => r.id === 'mobileclip-s0')!
    expect(row).toMatchObject({ downloadedVariants: ['fp32'], loaded: true })
  })
})
