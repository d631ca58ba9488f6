// Creating is atomic and opening never writes to a file that is not already a Zebra project; a
// project this user may not write opens read-only for viewing and export.
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
import { confinement } from '../cli/testing/unprivileged'
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
  // root writes any file, so the CLI runs without the capabilities that let it (or as `nobody`)
  const confined = confinement()
  const zebra = (...args: string[]): { code: number; stdout: string; stderr: string } => {
    if (!confined.ok) throw new Error(confined.why)
    const env = { ...process.env, ZEBRA_HOME: join(dir, 'home'), ZEBRA_ANNOTATOR: 'tester' }
    return confined.run(args, { cwd: dir, env })
  }

  it('opens read-only: status and export work, a decision is refused saying why', async (ctx) => {
    if (!confined.ok) ctx.skip(confined.why)
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
