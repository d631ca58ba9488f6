// The one launcher of the end-to-end tests: starts the already built browser mode
// (`node out/main/serve.js`, built by `npm run e2e`) with a throwaway ZEBRA_HOME and the test flag,
// reads the URL it prints, and opens Debian's Chromium on it. It builds nothing.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'

export const ROOT = resolve(__dirname, '..')
export const CHROMIUM = '/usr/bin/chromium'
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots')

export interface Zebra {
  /** the printed URL, with the token */
  url: string
  origin: string
  token: string
  /** ZEBRA_HOME of this run (removed by close) */
  home: string
  browser: Browser
  page: Page
  /** everything the server printed, for failure messages */
  output(): string
  /** calls the bridge directly, as the page does */
  invoke<T = unknown>(channel: string, input?: unknown): Promise<T>
  close(): Promise<void>
}

export async function launchZebra(
  opts: { home?: string; colorScheme?: 'light' | 'dark' } = {}
): Promise<Zebra> {
  const serve = join(ROOT, 'out', 'main', 'serve.js')
  if (!existsSync(serve)) throw new Error(`${serve} is missing: run \`npm run e2e\` (it builds first)`)
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`)
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'zebra-e2e-'))
  const proc: ChildProcess = spawn(process.execPath, [serve], {
    cwd: ROOT,
    env: { ...process.env, ZEBRA_HOME: home, ZEBRA_TEST: '1' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')))
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')))

  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`zebra serve printed no URL in 30 s:\n${out}`)), 30_000)
    const check = (): void => {
      const m = /Zebra is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(m[1]!)
      }
    }
    proc.stdout!.on('data', check)
    proc.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`zebra serve exited with ${code}:\n${out}`))
    })
  })
  const parsed = new URL(url)
  const token = parsed.searchParams.get('token')!

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
  const context = await browser.newContext({
    viewport: { width: 1280, height: 820 },
    colorScheme: opts.colorScheme ?? 'light'
  })
  const page = await context.newPage()
  page.on('pageerror', (e) => (out += `\n[pageerror] ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') out += `\n[console.error] ${m.text()}`
  })

  return {
    url,
    origin: parsed.origin,
    token,
    home,
    browser,
    page,
    output: () => out,
    async invoke<T>(channel: string, input: unknown = {}): Promise<T> {
      const res = await fetch(`${parsed.origin}/api/invoke/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-zebra-token': token },
        body: JSON.stringify(input)
      })
      const env = (await res.json()) as
        { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
      if (!env.ok) throw new Error(`${channel}: [${env.error.code}] ${env.error.message}`)
      return env.value
    },
    async close() {
      await browser.close().catch(() => undefined)
      if (proc.exitCode === null && proc.signalCode === null) {
        // wait for the exit event itself; a server that ignores SIGTERM is a bug worth a clear
        // failure (after SIGKILL, so nothing is left running), not something to time out on quietly
        const exited = new Promise<void>((r) => proc.once('exit', () => r()))
        proc.kill('SIGTERM')
        const grace = 15_000
        let timer: NodeJS.Timeout | undefined
        const stuck = await Promise.race([
          exited.then(() => false),
          new Promise<boolean>((r) => (timer = setTimeout(() => r(true), grace)))
        ])
        clearTimeout(timer)
        if (stuck) {
          proc.kill('SIGKILL')
          await exited
          if (!opts.home) rmSync(home, { recursive: true, force: true })
          throw new Error(`zebra serve did not exit within ${grace / 1000} s of SIGTERM:\n${out}`)
        }
      }
      if (!opts.home) rmSync(home, { recursive: true, force: true })
    }
  }
}
