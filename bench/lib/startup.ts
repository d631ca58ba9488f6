// Start-up and failure latencies, measured here rather than asserted in unit tests (a timing
// assert is a flaky test on a busy machine): resolving the "auto" execution provider with the demo model, and
// how fast a download fails when there is no network. Printed as figures by `npm run bench`.
import { createServer, type AddressInfo } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadEngine } from '../../src/main/clip/engine'
import { downloadModel } from '../../src/main/clip/download'

export interface StartupFigures {
  auto_provider: string
  auto_resolve_ms: number
  offline_fail_ms: number
}

export async function measureStartup(): Promise<StartupFigures> {
  let t = performance.now()
  const e = await loadEngine({ modelDir: 'demo', threads: 1 })
  const autoMs = performance.now() - t
  const provider = e.provider
  await e.dispose()

  // a port nobody listens on: connection refused, like a machine without network
  const closed = createServer()
  await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', () => ok()))
  const port = (closed.address() as AddressInfo).port
  await new Promise<void>((ok) => closed.close(() => ok()))
  const tmp = mkdtempSync(join(tmpdir(), 'zebra-bench-dl-'))
  t = performance.now()
  let code = ''
  try {
    await downloadModel({ variant: 'quantized', baseUrl: `http://127.0.0.1:${port}`, dir: join(tmp, 'm') })
  } catch (err) {
    code = (err as { code?: string }).code ?? String(err)
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  const offlineMs = performance.now() - t
  if (code !== 'offline')
    throw new Error(`offline download should fail with "offline", got ${code || 'success'}`)
  return { auto_provider: provider, auto_resolve_ms: autoMs, offline_fail_ms: offlineMs }
}
