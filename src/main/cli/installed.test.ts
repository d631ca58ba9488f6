// The installed form of the CLI (what `npm install -g zebra-*.tgz` gives: bin/, out/, resources/ and
// package.json, no sources, no tsx bootstrap), built for real with electron-vite into a temp folder
// and run from another temp folder: classify, embed, init/scan/prelabel/export and compare.
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { REPO, runZebra, workDir, type CliRun } from './testing/harness'

let pkg = ''
let cwd = ''
let env: NodeJS.ProcessEnv
const zebra = (...args: string[]): Promise<CliRun> =>
  runZebra(args, { cwd, env, bin: join(pkg, 'bin', 'zebra.js') })

beforeAll(async () => {
  pkg = mkdtempSync(join(tmpdir(), 'zebra-installed-'))
  const build = await new Promise<CliRun>((ok) =>
    execFile(
      process.execPath,
      [
        join(REPO, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'),
        'build',
        '--outDir',
        join(pkg, 'out'),
        '--logLevel',
        'error'
      ],
      { cwd: REPO },
      (err, stdout, stderr) => ok({ code: err ? 1 : 0, stdout, stderr })
    )
  )
  expect(build.code, build.stderr).toBe(0)
  // the package's own files (package.json "files"); dependencies as npm would have installed them
  mkdirSync(join(pkg, 'bin'))
  copyFileSync(join(REPO, 'bin', 'zebra.js'), join(pkg, 'bin', 'zebra.js'))
  copyFileSync(join(REPO, 'package.json'), join(pkg, 'package.json'))
  symlinkSync(join(REPO, 'resources'), join(pkg, 'resources'))
  symlinkSync(join(REPO, 'node_modules'), join(pkg, 'node_modules'))
  cwd = workDir('zebra-installed-cwd-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'tester', ZEBRA_EP: 'cpu' }
}, 120_000)

describe('the installed (built) zebra command', () => {
  it('ships what package.json "files" names, and no sources', () => {
    const files = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { files: string[] }).files
    expect(files).toEqual(expect.arrayContaining(['bin/', 'out/', 'resources/']))
    expect(existsSync(join(pkg, 'out', 'main', 'cli.js'))).toBe(true)
    expect(existsSync(join(pkg, 'out', 'main', 'preprocess-worker.js'))).toBe(true)
    expect(existsSync(join(pkg, 'src'))).toBe(false)
  })

  it('classifies and embeds from a folder outside the checkout', async () => {
    const c = await zebra('classify', '--model', 'demo', '--labels', 'cat,dog', '--format', 'json', 'photos')
    expect(c.code, c.stderr).toBe(0)
    const rows = c.stdout.trim().split('\n')
    expect(rows).toHaveLength(13)
    for (const r of rows) expect((JSON.parse(r) as { top: unknown[] }).top).toHaveLength(2)
    const e = await zebra('embed', '--model', 'demo', '--normalize', 'photos/photo_chelsea.jpg')
    expect(e.code, e.stderr).toBe(0)
    const emb = (JSON.parse(e.stdout) as { embedding: number[] }).embedding
    expect(Math.hypot(...emb)).toBeCloseTo(1, 5)
  })

  it('init -> scan -> prelabel (worker threads from out/main) -> export -> compare', async () => {
    expect((await zebra('init', 'p.zebra', '--images', 'photos', '--labels', 'cat,dog')).code).toBe(0)
    expect((await zebra('scan', 'p.zebra')).code).toBe(0)
    const pre = await runZebra(['prelabel', 'p.zebra', '--model', 'demo'], {
      cwd,
      env: { ...env, ZEBRA_PREPROCESS_WORKERS: '2' },
      bin: join(pkg, 'bin', 'zebra.js')
    })
    expect(pre.code, pre.stderr).toBe(0)
    const status = JSON.parse((await zebra('status', 'p.zebra', '--json')).stdout) as {
      images: number
      prelabeled: number
    }
    expect(status.images).toBe(13)
    expect(status.prelabeled).toBe(13)
    expect((await zebra('accept', 'p.zebra', '--min-prob', '0')).code).toBe(0)
    const ex = await zebra('export', 'p.zebra', '--format', 'jsonl', '--out', 'out-set', '--json')
    expect(ex.code, ex.stderr).toBe(0)
    const lines = readFileSync(join(cwd, 'out-set', 'labels.jsonl'), 'utf8')
      .trim()
      .split('\n')
    expect(lines).toHaveLength(13)
    const cmp = await zebra('compare', 'p.zebra', '--format', 'json')
    expect(cmp.code, cmp.stderr).toBe(0)
    expect(JSON.parse(cmp.stdout)).toHaveProperty('templates')
  })
})
