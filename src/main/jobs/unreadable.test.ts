// A folder that cannot be read is not a deleted folder: the real `zebra scan` (run so that file
// modes bind it, see cli/testing/unprivileged) reports it and keeps its images; a looping link is
// reported; and an export says how many decided images it left out, offering --include-missing.
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { confinement } from '../cli/testing/unprivileged'
import { appendDecisions } from '../db/decisions'
import { Project } from '../db/project'
import { sampleImagesDir } from '../paths'
import { scanProject } from './scan'

const confined = confinement()

let dir: string
let root: string
let proj: string
let env: NodeJS.ProcessEnv

function zebra(...args: string[]): { code: number; stdout: string; stderr: string } {
  if (!confined.ok) throw new Error(confined.why)
  return confined.run(args, { cwd: dir, env })
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-unreadable-'))
  chmodSync(dir, 0o777) // a child run as `nobody` writes the project, its WAL and ZEBRA_HOME here
  root = join(dir, 'images')
  mkdirSync(join(root, 'a'), { recursive: true })
  mkdirSync(join(root, 'b'))
  copyFileSync(join(sampleImagesDir(), 'photo_chelsea.jpg'), join(root, 'a', 'x.jpg'))
  copyFileSync(join(sampleImagesDir(), 'photo_coffee.jpg'), join(root, 'b', 'y.jpg'))
  copyFileSync(join(sampleImagesDir(), 'gray_257x129.png'), join(root, 'b', 'z.png'))
  symlinkSync('..', join(root, 'a', 'up')) // a/up -> images: a loop
  proj = join(dir, 'p.zebra')
  const p = Project.create(proj, { roots: [root], labels: [{ name: 'cat' }, { name: 'cup' }] })
  try {
    expect(await scanProject(p)).toMatchObject({ added: 3 })
    const label = p.labels()[0]!.id
    const ids = p.db.prepare('SELECT id FROM images ORDER BY id').pluck().all() as number[]
    appendDecisions(
      p.db,
      ids.map((imageId) => ({ imageId, kind: 'corrected' as const, labelId: label })),
      'tester'
    )
  } finally {
    p.close()
  }
  chmodSync(proj, 0o666)
  env = { ...process.env, ZEBRA_HOME: join(dir, 'home'), ZEBRA_ANNOTATOR: 'tester', ZEBRA_EP: 'cpu' }
})
afterAll(() => {
  chmodSync(join(root, 'b'), 0o755)
  rmSync(dir, { recursive: true, force: true })
})

function states(): Record<string, string> {
  const p = Project.open(proj)
  try {
    const rows = p.db.prepare('SELECT rel_path, state FROM images').all() as {
      rel_path: string
      state: string
    }[]
    return Object.fromEntries(rows.map((r) => [r.rel_path, r.state]))
  } finally {
    p.close()
  }
}

describe('scan of a folder it cannot read', () => {
  it('reports the folder and the loop, exits 1, and marks nothing missing', (ctx) => {
    if (!confined.ok) {
      console.warn(`skipped: ${confined.why}`)
      return ctx.skip(confined.why)
    }
    chmodSync(join(root, 'b'), 0o000)
    try {
      const r = zebra('scan', proj, '--json')
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/) // no stack trace
      const res = JSON.parse(r.stdout) as {
        missing: number
        unreadableFolders: { rel: string; path: string; reason: string }[]
        loops: { rel: string }[]
      }
      expect(res.missing).toBe(0)
      expect(res.unreadableFolders.map((f) => [f.rel, f.reason])).toEqual([['b', 'EACCES']])
      expect(res.loops.map((l) => l.rel)).toEqual(['a/up'])
      expect(r.code).toBe(1)
      const text = zebra('scan', proj)
      expect(text.stdout).toContain(
        `could not read 1 folder(s), their images were left as they were: ${join(root, 'b')}`
      )
      expect(text.stdout).toContain('skipped 1 looping link(s)')
      // the CLI's folder arguments use the same walker: a folder it cannot read is an error, not "fewer images"
      const emb = zebra('embed', '--model', 'demo', root)
      expect(emb.code).not.toBe(0)
      expect(emb.stderr).toContain(`Could not read folder(s): ${join(root, 'b')} (EACCES)`)
    } finally {
      chmodSync(join(root, 'b'), 0o755)
    }
    expect(states()).toEqual({ 'a/x.jpg': 'ok', 'b/y.jpg': 'ok', 'b/z.png': 'ok' })
  })

  it('export says how many decided images it left out, and --include-missing exports them', (ctx) => {
    if (!confined.ok) {
      console.warn(`skipped: ${confined.why}`)
      return ctx.skip(confined.why)
    }
    unlinkSync(join(root, 'b', 'y.jpg'))
    const s = zebra('scan', proj, '--json')
    expect(JSON.parse(s.stdout)).toMatchObject({ missing: 1, unreadableFolders: [] })
    const out1 = join(dir, 'out1')
    const r1 = zebra('export', proj, '--format', 'csv', '--out', out1)
    expect(r1.code).toBe(0)
    expect(r1.stdout).toContain('Exported 2 images')
    expect(r1.stdout).toContain('left out 1 decided images: 1 missing at the last scan (--include-missing')
    expect(readFileSync(join(out1, 'labels.csv'), 'utf8').trim().split('\n')).toHaveLength(3)
    const out2 = join(dir, 'out2')
    const r2 = zebra('export', proj, '--format', 'csv', '--out', out2, '--include-missing', '--json')
    expect(JSON.parse(r2.stdout)).toMatchObject({
      total: 3,
      leftOut: { missing: 0, unreadable: 0, notCopied: 0 }
    })
    const csv = readFileSync(join(out2, 'labels.csv'), 'utf8')
    expect(csv).toContain('b/y.jpg')
    // a folder format cannot copy a missing file: it says so instead of dropping it quietly
    const r3 = zebra(
      'export',
      proj,
      '--format',
      'imagefolder',
      '--out',
      join(dir, 'out3'),
      '--include-missing',
      '--json'
    )
    expect(JSON.parse(r3.stdout)).toMatchObject({ total: 2, leftOut: { notCopied: 1 } })
  })
})
