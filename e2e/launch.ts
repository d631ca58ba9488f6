// The one launcher of the end-to-end tests: starts the already built browser mode
// (`node out/main/serve.js`, built by `npm run e2e`) with a throwaway ZEBRA_HOME and the test flag,
// reads the URL it prints, and opens Debian's Chromium on it. It builds nothing.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'

export const ROOT = resolve(__dirname, '..')
const CHROMIUM = '/usr/bin/chromium'
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
  /** stops `zebra serve` cleanly and starts it again on the same ZEBRA_HOME (the browser stays open) */
  restart(): Promise<void>
  /** stops `zebra serve` cleanly (the browser stays open); start() brings it back */
  stop(): Promise<void>
  /** starts `zebra serve` again on the same ZEBRA_HOME after stop() */
  start(): Promise<void>
  close(): Promise<void>
}

export interface LaunchOptions {
  home?: string
  colorScheme?: 'light' | 'dark'
  /** more environment for `zebra serve` (a team member's PGPASSWORD and HOME) */
  env?: NodeJS.ProcessEnv
  /** a Chromium already running: this session opens its own context in it and leaves it running */
  browser?: Browser
}

export async function launchZebra(opts: LaunchOptions = {}): Promise<Zebra> {
  const serve = join(ROOT, 'out', 'main', 'serve.js')
  if (!existsSync(serve)) throw new Error(`${serve} is missing: run \`npm run e2e\` (it builds first)`)
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`)
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'zebra-e2e-'))
  let out = ''
  const env = { ...opts.env, ZEBRA_HOME: home }
  let server = await startServe(serve, env, (t) => (out += t))
  let parsed = new URL(server.url)

  const browser = opts.browser ?? (await launchChromium())
  const context = await browser.newContext({
    viewport: { width: 1280, height: 820 },
    colorScheme: opts.colorScheme ?? 'light'
  })
  const page = await context.newPage()
  page.on('pageerror', (e) => (out += `\n[pageerror] ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') out += `\n[console.error] ${m.text()}`
  })

  const zebra: Zebra = {
    url: server.url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    home,
    browser,
    page,
    output: () => out,
    async invoke<T>(channel: string, input: unknown = {}): Promise<T> {
      const res = await fetch(`${zebra.origin}/api/invoke/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-zebra-token': zebra.token },
        body: JSON.stringify(input)
      })
      const env = (await res.json()) as
        { ok: true; value: T } | { ok: false; error: { code: string; message: string } }
      if (!env.ok) throw new Error(`${channel}: [${env.error.code}] ${env.error.message}`)
      return env.value
    },
    async restart() {
      await zebra.stop()
      await zebra.start()
    },
    async stop() {
      await stopServe(server.proc, () => out)
    },
    async start() {
      server = await startServe(serve, env, (t) => (out += t))
      parsed = new URL(server.url)
      zebra.url = server.url
      zebra.origin = parsed.origin
      zebra.token = parsed.searchParams.get('token')!
    },
    async close() {
      await (opts.browser ? context : browser).close().catch(() => undefined)
      try {
        await stopServe(server.proc, () => out)
      } finally {
        if (!opts.home) rmSync(home, { recursive: true, force: true })
      }
    }
  }
  return zebra
}

/** Debian's Chromium, headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** Starts `node out/main/serve.js` on a data folder (env's ZEBRA_HOME) and waits for the URL it prints. */
async function startServe(
  serve: string,
  env: NodeJS.ProcessEnv,
  onOutput: (text: string) => void
): Promise<{ proc: ChildProcess; url: string }> {
  const proc: ChildProcess = spawn(process.execPath, [serve], {
    cwd: ROOT,
    env: { ...process.env, ...env, ZEBRA_TEST: '1' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  const take = (c: Buffer): void => {
    const t = c.toString('utf8')
    out += t
    onOutput(t)
  }
  proc.stdout!.on('data', take)
  proc.stderr!.on('data', take)
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
  return { proc, url }
}

/**
 * SIGTERM (a clean stop: the bridge closes, the project file is closed), then wait for the exit
 * event itself. A server that ignores SIGTERM is a bug worth a clear failure (after SIGKILL, so
 * nothing is left running), not something to time out on quietly.
 */
async function stopServe(proc: ChildProcess, output: () => string = () => ''): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return
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
    throw new Error(`zebra serve did not exit within ${grace / 1000} s of SIGTERM:\n${output()}`)
  }
}
