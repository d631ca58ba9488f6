// The last used model comes back at start: createServices reloads it in the background, and the
// screens learn each step (loading, then loaded, or failed with the reason) from model.changed.
// Real settings.json, real ONNX sessions of the bundled demo model.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { ModelStatus } from '../../shared/contract'
import { demoModelDir } from '../paths'
import { loadSettings, updateSettings } from '../settings'
import { createServices, type Services } from '.'

let dir: string
let services: Services | null = null
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-restore-'))
})
afterEach(async () => {
  await services?.dispose()
  services = null
  rmSync(dir, { recursive: true, force: true })
})

function start(): { events: ModelStatus[]; settled: Promise<ModelStatus> } {
  const events: ModelStatus[] = []
  let done!: (s: ModelStatus) => void
  const settled = new Promise<ModelStatus>((r) => (done = r))
  services = createServices({
    dataDir: dir,
    transport: 'browser',
    testMode: true,
    emit: (ch, payload) => {
      if (ch !== 'model.changed') return
      const s = payload as ModelStatus
      events.push(s)
      if (!s.loading) done(s)
    }
  })
  return { events, settled }
}

it('reloads the model named in settings.json, announcing loading then loaded', async () => {
  updateSettings(dir, (s) => {
    s.model = { path: demoModelDir(), variant: 'fp32', ep: 'cpu' }
  })
  const { events, settled } = start()
  const final = await settled
  expect(events[0]).toMatchObject({ loading: true, loaded: false, path: demoModelDir() })
  expect(final).toMatchObject({ loading: false, loaded: true, demo: true, variant: 'fp32', error: null })
  const status = await services!.handlers['model.status']({})
  expect(status.loaded).toBe(true)
  expect(services!.ctx.engineOrNull()?.modelDir).toBe(demoModelDir())
})

it('a last model that is gone is reported as failed, with the reason, and settings keep it', async () => {
  const gone = join(dir, 'models', 'was-here')
  updateSettings(dir, (s) => {
    s.model = { path: gone, variant: null, ep: 'auto' }
  })
  const { events, settled } = start()
  const final = await settled
  expect(events[0]!.loading).toBe(true)
  expect(final.loaded).toBe(false)
  expect(final.error?.code).toBe('model_invalid')
  expect(final.error?.message).toContain(gone)
  expect(loadSettings(dir).model.path).toBe(gone)
})

it('no model in settings: nothing loads and no event is sent', async () => {
  const { events } = start()
  const status = await services!.handlers['model.status']({})
  expect(status).toMatchObject({ loaded: false, loading: false, error: null })
  expect(events).toEqual([])
})
