// Every line of README's "Command line" blocks, run literally: the `checkout` block in the repo,
// the `photos` block, then the `tags`, `agreement` and `merge` blocks in a temp folder outside it
// (with photos/ = the sample images), where `zebra` is the real bin/zebra.js on PATH. The README cannot drift from the
// CLI without failing here.
import { execFile } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { BIN, REPO, workDir, type CliRun } from './testing/harness'

/** GPU start-up chatter that must not reach a user who did not ask for a GPU. */
const NOISE = /XDG_RUNTIME_DIR|Vulkan|Dawn|dawn|BackendType|WebGPU adapter/

function readmeBlocks(): Record<string, string[]> {
  const md = readFileSync(join(REPO, 'README.md'), 'utf8')
  const out: Record<string, string[]> = {}
  const re = /<!-- readme-test: (\w+) -->\s*```sh\n([\s\S]*?)```/g
  for (const m of md.matchAll(re)) {
    out[m[1]!] = m[2]!.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'))
  }
  return out
}

function sh(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((ok) => {
    execFile('bash', ['-c', line], { cwd, env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number | string }).code ?? 1) : 0
      ok({ code: typeof code === 'number' ? code : 1, stdout, stderr })
    })
  })
}

/** A port nothing listens on: the "Hub" of an offline machine. */
async function deadPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', () => ok()))
  const port = (srv.address() as { port: number }).port
  await new Promise<void>((ok) => srv.close(() => ok()))
  return port
}

const blocks = readmeBlocks()
let cwd = ''
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  cwd = workDir('zebra-readme-')
  const shim = join(cwd, '.bin')
  mkdirSync(shim)
  writeFileSync(join(shim, 'zebra'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`)
  chmodSync(join(shim, 'zebra'), 0o755)
  env = {
    ...process.env,
    PATH: `${shim}:${process.env.PATH ?? ''}`,
    ZEBRA_HOME: join(cwd, 'home'),
    ZEBRA_ANNOTATOR: 'readme',
    // `models download` must meet a machine without network, whatever this one has
    ZEBRA_HUB_URL: `http://127.0.0.1:${await deadPort()}`
  }
  delete env.ZEBRA_EP
  delete env.ZEBRA_VERBOSE
})

describe('README command line examples', () => {
  it('has the runnable blocks, covering every top-level command', async () => {
    expect(blocks.checkout?.length).toBeGreaterThan(0)
    expect(blocks.photos?.length).toBeGreaterThan(10)
    expect(blocks.tags?.length).toBeGreaterThan(2)
    expect(blocks.agreement?.length).toBeGreaterThan(1)
    expect(blocks.merge?.length).toBeGreaterThan(1)
    // the team block runs against a PostgreSQL server: readme-team.test.ts
    const lines = [
      ...blocks.photos!,
      ...blocks.tags!,
      ...blocks.agreement!,
      ...blocks.merge!,
      ...(blocks.team ?? []).map((l) => l.replace(/^(\w+=\S+ )+/, ''))
    ]
    const help = await sh(`"${process.execPath}" "${BIN}" --help`, cwd, env)
    const commands = [...help.stdout.matchAll(/^ {2}([a-z][\w-]*) /gm)].map((m) => m[1]!)
    expect(commands.length).toBeGreaterThan(10)
    for (const c of commands.filter((c) => c !== 'help')) {
      expect(
        lines.some((l) => l.startsWith(`zebra ${c} `) || l === `zebra ${c}`),
        c
      ).toBe(true)
    }
  })

  it('runs the checkout block in the checkout', async () => {
    for (const line of blocks.checkout!) {
      const r = await sh(line, REPO, env)
      expect(r.code, `${line}\n${r.stderr}`).toBe(0)
      expect(r.stdout.trim(), line).not.toBe('')
      expect(r.stderr, line).not.toMatch(NOISE)
    }
  })
})

// one test a line, in README order (each builds on the last), from a folder outside the checkout
describe.sequential('README photos block, then the tags, agreement and merge blocks', () => {
  for (const line of [
    ...(blocks.photos ?? []),
    ...(blocks.tags ?? []),
    ...(blocks.agreement ?? []),
    ...(blocks.merge ?? [])
  ]) {
    it(line, async () => {
      const r = await sh(line, cwd, env)
      expect(r.stderr, line).not.toMatch(NOISE)
      if (/^zebra models download\b/.test(line)) {
        // offline: a clear message and exit 1, not a hang or a stack trace
        expect(r.code, line).toBe(1)
        expect(r.stderr).toMatch(/Cannot reach .*--model demo/)
        expect(r.stderr).not.toMatch(/^\s+at /m)
        return
      }
      expect(r.code, `${line}\n${r.stderr}`).toBe(0)
      expect(r.stdout.trim() || r.stderr.trim(), line).not.toBe('')
      if (/--format json\b/.test(line) && /^zebra classify/.test(line)) {
        const rows = r.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { file: string; top: { label: string; prob: number }[] })
        expect(rows).toHaveLength(13)
        for (const row of rows) {
          expect(row.file.startsWith('photos/')).toBe(true)
          expect(row.top).toHaveLength(5)
        }
      }
      if (/^zebra status .*--json/.test(line)) {
        const s = JSON.parse(r.stdout) as { images: number; prelabeled: number }
        expect(s.images).toBe(13)
        expect(s.prelabeled).toBe(s.images)
      }
      if (/^zebra (compare|tags) .*--format json/.test(line))
        expect(() => JSON.parse(r.stdout) as unknown).not.toThrow()
      if (/^zebra agreement animals.zebra +#/.test(line))
        expect(r.stdout).toContain('Agreement needs decisions by two annotators')
      if (/^zebra agreement .*--format markdown/.test(line))
        expect(r.stdout).toMatch(/\| bob \| readme \| 2 \|/)
    })
  }
})
