// The project commands end to end through the real `zebra` launcher (tsx), on real files and the
// demo model: init -> scan -> prelabel -> accept -> export, status --json, kill -9 and resume,
// Ctrl+C (SIGINT) exits 130 after committing finished batches.
import { spawn, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sampleImagesDir } from '../paths'

const BIN = join(__dirname, '..', '..', '..', 'bin', 'zebra.js')
let dir: string
let env: NodeJS.ProcessEnv

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra cli ✓ '))
  env = { ...process.env, ZEBRA_HOME: join(dir, 'home'), ZEBRA_ANNOTATOR: 'tester', ZEBRA_EP: 'cpu' }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function zebra(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** embeddings written so far (0 while the file is not there yet or is being created) */
function embedded(file: string): number {
  try {
    return count(file, 'SELECT count(*) FROM image_embeddings')
  } catch {
    return 0
  }
}

function count(file: string, sql: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).pluck().get() as number
  } finally {
    db.close()
  }
}

describe('zebra project commands', () => {
  it('init -> scan -> prelabel -> status -> accept -> export on the sample images', () => {
    const proj = join(dir, 'sample project.zebra')
    let r = zebra(
      'init',
      proj,
      '--images',
      sampleImagesDir(),
      '--labels',
      'cat,coffee cup,rocket',
      '--labels',
      'astronaut'
    )
    expect(r.code, r.stderr).toBe(0)
    r = zebra('scan', proj, '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 13, added: 13 })
    // a model folder that is not there: the message says what is wrong, the CLI adds its flags
    r = zebra('prelabel', proj, '--model', join(dir, 'no-such-model'))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Model folder not found: .*no-such-model.*\(give --model DIR .* or --model demo/)
    r = zebra('prelabel', proj, '--model', 'demo', '--batch', '4', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ processed: 13, failed: 0 })
    expect(r.stderr).toMatch(/prelabel: 13\/13/)
    r = zebra('status', proj, '--json')
    const st = JSON.parse(r.stdout)
    expect(st).toMatchObject({ images: 13, prelabeled: 13, reviewed: 0, unreadable: 0 })
    r = zebra('accept', proj, '--min-prob', '0')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trim()).toBe('13 accepted')
    expect(JSON.parse(zebra('status', proj, '--json').stdout).reviewed).toBe(13)
    const out = join(dir, 'export csv')
    r = zebra(
      'export',
      proj,
      '--format',
      'csv',
      '--out',
      out,
      '--split',
      'train=0.8,val=0.2',
      '--seed',
      '1',
      '--json'
    )
    expect(r.code, r.stderr).toBe(0)
    const res = JSON.parse(r.stdout)
    expect(res.total).toBe(13)
    const lines = readFileSync(join(out, 'labels.csv'), 'utf8').trim().split('\n')
    expect(lines).toHaveLength(14)
    expect(lines[0]).toMatch(/^path,root,rel_path,label,split,decision/)
    expect(lines.slice(1).every((l) => l.includes(',accepted,1,') && l.includes('tester'))).toBe(true)
    // a second export into the same folder is refused without --force
    r = zebra('export', proj, '--format', 'csv', '--out', out)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/not empty/)
    // the CLI names its flag; the message itself (shown by the app too) names none
    expect(r.stderr).toMatch(/\(add --force to write into it anyway\)/)
    expect(zebra('export', proj, '--format', 'csv', '--out', out, '--force').code).toBe(0)
    // review commands for scripts: undo the bulk accept as one step
    r = zebra('review', 'undo', proj)
    expect(JSON.parse(r.stdout).imageIds).toHaveLength(13)
    expect(JSON.parse(zebra('status', proj, '--json').stdout).reviewed).toBe(0)
    r = zebra('review', 'next', proj, '--order', 'lowest_confidence')
    const item = JSON.parse(r.stdout)
    expect(item.position).toBe(1)
    r = zebra('review', 'decide', proj, String(item.image.id), 'corrected', '--label', 'Rocket')
    expect(JSON.parse(r.stdout).current).toMatchObject({
      kind: 'corrected',
      label: 'rocket',
      annotator: 'tester'
    })
    // skip = later: the skipped image still counts, and comes back once the others are decided
    const first = JSON.parse(zebra('review', 'next', proj).stdout)
    expect(zebra('review', 'decide', proj, String(first.image.id), 'skipped').code).toBe(0)
    const second = JSON.parse(zebra('review', 'next', proj).stdout)
    expect(second.image.id).not.toBe(first.image.id)
    expect(second.total).toBe(first.total)
    expect(zebra('accept', proj, '--min-prob', '0').code).toBe(0)
    expect(JSON.parse(zebra('review', 'next', proj).stdout)).toMatchObject({
      image: { id: first.image.id },
      position: 1,
      total: 1,
      current: { kind: 'skipped' }
    })
    // a dozen CLI processes one after another: minutes on a loaded 2-core machine, not a speed check
  }, 240_000)

  it('usage errors exit 2; a non-project file is refused with a message', () => {
    const proj = join(dir, 'sample project.zebra')
    expect(zebra('accept', proj, '--min-prob', '7').code).toBe(2)
    const junk = join(dir, 'junk.zebra')
    copyFileSync(join(sampleImagesDir(), 'tiny_31x17.png'), junk)
    const r = zebra('status', junk)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/not a Zebra project/)
  })

  /** A folder of n copies of one sample image: enough batches to interrupt a pre-label mid-run. */
  function manyImages(name: string, n: number): string {
    const imgs = join(dir, name)
    mkdirSync(imgs)
    for (let i = 0; i < n; i++)
      copyFileSync(
        join(sampleImagesDir(), 'square_224x224.png'),
        join(imgs, `img_${String(i).padStart(3, '0')}.png`)
      )
    return imgs
  }

  it('kill -9 during prelabel, then rerun: every image once, nothing duplicated', async () => {
    const N = 160
    const imgs = manyImages('many images', N)
    const proj = join(dir, 'kill.zebra')
    expect(zebra('init', proj, '--images', imgs, '--labels', 'a,b,c', '--scan').code).toBe(0)
    const child = spawn(process.execPath, [BIN, 'prelabel', proj, '--model', 'demo', '--batch', '4'], {
      cwd: dir,
      env,
      stdio: 'ignore'
    })
    await expect.poll(() => embedded(proj), { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(12)
    child.kill('SIGKILL')
    await new Promise((r) => child.on('exit', r))
    const partial = count(proj, 'SELECT count(*) FROM image_embeddings')
    expect(partial).toBeGreaterThanOrEqual(12)
    expect(partial).toBeLessThan(N)
    // whole batches only: embeddings and predictions agree
    expect(count(proj, 'SELECT count(*) FROM predictions')).toBe(partial)
    const r = zebra('prelabel', proj, '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout).processed).toBe(N - partial)
    expect(count(proj, 'SELECT count(*) FROM image_embeddings')).toBe(N)
    expect(count(proj, 'SELECT count(DISTINCT image_id) FROM image_embeddings')).toBe(N)
    expect(count(proj, 'SELECT count(*) FROM predictions')).toBe(N)
    expect(JSON.parse(zebra('status', proj, '--json').stdout)).toMatchObject({ images: N, prelabeled: N })
  })

  it('Ctrl+C (SIGINT) cancels cleanly with exit code 130 after committing finished batches', async () => {
    // its own folder and project: no test reads another test's files
    const imgs = manyImages('sigint images', 160)
    const p2 = join(dir, 'sigint.zebra')
    expect(zebra('init', p2, '--images', imgs, '--labels', 'a,b', '--scan').code).toBe(0)
    const child = spawn(process.execPath, [BIN, 'prelabel', p2, '--model', 'demo', '--batch', '4'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    await expect.poll(() => embedded(p2), { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(8)
    child.kill('SIGINT')
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)))
    expect(code, stderr).toBe(130)
    expect(stderr).toMatch(/cancelling/)
    const done = count(p2, 'SELECT count(*) FROM image_embeddings')
    expect(done % 4).toBe(0)
    expect(count(p2, 'SELECT count(*) FROM predictions')).toBe(done)
    expect(readdirSync(imgs).length).toBe(160)
  })
})
