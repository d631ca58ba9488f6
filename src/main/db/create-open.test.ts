// Creating is atomic and opening never writes to a file that is not already a Zebra project; a
// project this user may not write opens read-only for viewing and export.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { Project } from './project'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-create-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const code = (fn: () => unknown): string | undefined => {
  try {
    fn()
    return undefined
  } catch (err) {
    return (err as { code?: string }).code
  }
}

describe('creating a project', () => {
  it('a create that fails half way leaves no file behind, and init then works', () => {
    const file = join(dir, 'p.zebra')
    // the template is checked inside the creating transaction, after the schema exists
    expect(code(() => Project.create(file, { roots: [dir], templates: ['no placeholder'] }))).toBe(
      'invalid_input'
    )
    expect(existsSync(file)).toBe(false)
    expect(readdirSync(dir)).toEqual([])
    const p = Project.create(file, { roots: [dir], labels: [{ name: 'cat' }] })
    expect(p.labels().map((l) => l.name)).toEqual(['cat'])
    p.close()
    expect(Project.open(file).name).toBe('p')
  })

  it('init over a zero-byte file creates the project; init over a project refuses', () => {
    const file = join(dir, 'empty.zebra')
    writeFileSync(file, '')
    Project.create(file, { roots: [dir] }).close()
    expect(code(() => Project.create(file, { roots: [dir] }))).toBe('invalid_input')
  })
})

describe('opening what is not a Zebra project writes nothing', () => {
  it('a zero-byte file is refused and stays zero bytes', () => {
    const file = join(dir, 'zero.zebra')
    writeFileSync(file, '')
    expect(code(() => Project.open(file))).toBe('project_corrupt')
    expect(statSync(file).size).toBe(0)
    expect(readdirSync(dir)).toEqual(['zero.zebra'])
  })

  it("another program's SQLite file is refused without switching it to WAL", () => {
    const file = join(dir, 'other.db')
    const other = new Database(file)
    other.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)')
    other.close()
    const before = readFileSync(file)
    expect(before[18]).toBe(1) // file format write version: 1 = rollback journal, 2 = WAL
    expect(code(() => Project.open(file))).toBe('project_corrupt')
    expect(readFileSync(file).equals(before)).toBe(true)
  })
})

describe('a project this user cannot write', () => {
  const BIN = join(__dirname, '..', '..', '..', 'bin', 'zebra.js')
  // root writes any file, so the CLI runs as `nobody` then; another user runs as itself
  const asRoot = process.getuid?.() === 0
  const zebra = (...args: string[]): { code: number | null; stdout: string; stderr: string } => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      env: { ...process.env, ZEBRA_HOME: join(dir, 'home'), ZEBRA_ANNOTATOR: 'tester' },
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      ...(asRoot ? { uid: 65534, gid: 65534 } : {})
    })
    return { code: r.status, stdout: r.stdout, stderr: r.stderr }
  }

  it('opens read-only: status and export work, a decision is refused saying why', async () => {
    chmodSync(dir, 0o777) // the folder stays writable (SQLite's -shm, the export target)
    const file = join(dir, 'ro.zebra')
    const imgs = join(dir, 'imgs')
    mkdirSync(imgs)
    copyFileSync(join(sampleImagesDir(), 'photo_chelsea.jpg'), join(imgs, 'a.jpg'))
    const p = Project.create(file, { roots: [imgs], labels: [{ name: 'cat' }] })
    await scanProject(p)
    p.close()
    chmodSync(file, 0o444)
    const st = zebra('status', file)
    expect(st.stderr).toBe('')
    expect(st.stdout).toContain('read-only:')
    expect(st.code).toBe(0)
    const ex = zebra('export', file, '--format', 'csv', '--out', join(dir, 'out'))
    expect(ex.code).toBe(0)
    expect(existsSync(join(dir, 'out', 'labels.csv'))).toBe(true)
    const acc = zebra('review', 'decide', file, '1', 'corrected', '--label', 'cat')
    expect(acc.code).not.toBe(0)
    expect(acc.stderr).toContain('read-only here')
    expect(acc.stderr).not.toMatch(/at .*\.ts:\d+/)
  })
})
