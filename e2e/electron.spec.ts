// The desktop app through Playwright's Electron driver. Electron's binary is downloaded by its
// npm postinstall, which cannot run offline: where it is absent the test is skipped, saying why.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import { ROOT } from './launch'

function electronBinary(): { path: string | null; reason: string } {
  const dir = join(ROOT, 'node_modules', 'electron')
  const pathTxt = join(dir, 'path.txt')
  if (!existsSync(pathTxt))
    return {
      path: null,
      reason: `no Electron binary (${pathTxt} missing: its download did not run; with network, \`npm ci\` downloads it, then \`xvfb-run npm run e2e\` includes this test)`
    }
  const bin = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim())
  if (!existsSync(bin)) return { path: null, reason: `no Electron binary at ${bin}` }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { path: null, reason: 'no display (run under xvfb-run to include the Electron test)' }
  }
  if (!existsSync(join(ROOT, 'out', 'main', 'index.js')))
    return { path: null, reason: 'out/main/index.js not built' }
  return { path: bin, reason: '' }
}

test('Electron: window loads over app://, window.zebra is the contract, Node is out of reach', async () => {
  const { path, reason } = electronBinary()
  test.skip(!path, reason)

  const home = mkdtempSync(join(tmpdir(), 'zebra-electron-'))
  const app = await electron.launch({
    executablePath: path!,
    args: [join(ROOT, 'out', 'main', 'index.js')],
    env: { ...process.env, ZEBRA_HOME: home, ZEBRA_TEST: '1' }
  })
  try {
    const win = await app.firstWindow()
    await expect(win.getByRole('heading', { name: 'Zebra' })).toBeVisible()
    expect(win.url()).toMatch(/^app:\/\/zebra\//)
    const shape = await win.evaluate(() => ({
      keys: Object.keys((globalThis as unknown as { zebra: object }).zebra).sort(),
      node: typeof (globalThis as unknown as { require?: unknown }).require,
      process: typeof (globalThis as unknown as { process?: unknown }).process
    }))
    expect(shape).toEqual({
      keys: ['imageUrl', 'invoke', 'on', 'send', 'transport'],
      node: 'undefined',
      process: 'undefined'
    })
    // window.zebra.invoke resolves with the result envelope (the renderer rethrows AppErrors)
    const info = await win.evaluate(() =>
      (
        globalThis as unknown as {
          zebra: { invoke(c: string, i: object): Promise<{ ok: boolean; value: { transport: string } }> }
        }
      ).zebra.invoke('app.info', {})
    )
    expect(info.ok).toBe(true)
    expect(info.value.transport).toBe('electron')
    // navigation away and new windows are blocked; a foreign host is refused by the allow-list and
    // an allow-listed one is only logged in test mode (ZEBRA_TEST=1): nothing reaches the OS browser
    await win.evaluate(() => {
      const w = globalThis as unknown as { open(u: string): unknown }
      w.open('https://example.com')
      w.open('https://huggingface.co/openai')
    })
    expect(app.windows()).toHaveLength(1)
  } finally {
    await app.close()
    rmSync(home, { recursive: true, force: true })
  }
})
