import { spawn } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { toAppError, type AppError } from '../../shared/errors'
import { migrate, openDatabase } from './open'
import { Project } from './project'
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-open-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function code(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return (err as AppError).code
  }
  return undefined
}

describe('migrations', () => {
  for (const m of MIGRATIONS) {
    it(`migration ${m.version} (${m.name}) applies on :memory: from the previous version`, () => {
      const db = new Database(':memory:')
      db.pragma('foreign_keys = ON')
      migrate(db, MIGRATIONS.slice(0, m.version - 1))
      expect(db.pragma('user_version', { simple: true })).toBe(m.version - 1)
      migrate(db, MIGRATIONS.slice(0, m.version))
      expect(db.pragma('user_version', { simple: true })).toBe(m.version)
      expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
      expect(db.pragma('foreign_key_check')).toEqual([])
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      db.close()
    })
  }

  it('is idempotent and numbered 1..N', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe(i + 1))
    const db = new Database(':memory:')
    expect(migrate(db)).toBe(SCHEMA_VERSION)
    expect(migrate(db)).toBe(SCHEMA_VERSION)
    db.close()
  })

  it('a failing migration leaves the file at the old version (one transaction)', () => {
    const db = new Database(':memory:')
    const broken = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE x (a); SELECT nope FROM nowhere;' }
    ]
    expect(() => migrate(db, broken)).toThrow()
    expect(db.pragma('user_version', { simple: true })).toBe(0)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'x'").get()).toEqual({ n: 0 })
    db.close()
  })
})

describe('opening project files', () => {
  it('sets WAL, foreign keys, synchronous FULL and busy_timeout', () => {
    const p = Project.create(join(dir, 'a.zebra'), { roots: [dir] })
    expect(p.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(p.db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(p.db.pragma('synchronous', { simple: true })).toBe(2)
    expect(Number(p.db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0)
    p.close()
  })

  it('refuses a file of a newer schema with project_newer', () => {
    const file = join(dir, 'new.zebra')
    Project.create(file, { roots: [dir] }).close()
    const raw = new Database(file)
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.close()
    expect(code(() => Project.open(file))).toBe('project_newer')
  })

  it('refuses a non-SQLite file and a foreign SQLite file with project_corrupt', () => {
    const junk = join(dir, 'junk.zebra')
    writeFileSync(junk, 'this is not a database at all, just text '.repeat(20))
    expect(code(() => Project.open(junk))).toBe('project_corrupt')
    const foreign = join(dir, 'other.sqlite')
    const raw = new Database(foreign)
    raw.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)')
    raw.close()
    expect(code(() => Project.open(foreign))).toBe('project_corrupt')
    // a damaged Zebra file (header kept, pages overwritten)
    const damaged = join(dir, 'damaged.zebra')
    Project.create(damaged, { roots: [dir] }).close()
    const buf = Buffer.alloc(4096, 0xab)
    const fd = openSync(damaged, 'r+')
    writeSync(fd, buf, 0, buf.length, 100)
    closeSync(fd)
    expect(code(() => Project.open(damaged))).toBe('project_corrupt')
  })

  it('a missing file is not_found, and create refuses an existing project', () => {
    expect(code(() => Project.open(join(dir, 'nope.zebra')))).toBe('not_found')
    const f = join(dir, 'x.zebra')
    Project.create(f, { roots: [dir] }).close()
    expect(code(() => Project.create(f, { roots: [dir] }))).toBe('invalid_input')
  })

  it('opens paths with spaces and non-ASCII characters', () => {
    const sub = join(dir, 'Photos ünïcødé 写真')
    const f = join(sub, 'my project ✓.zebra')
    const p = Project.create(f, { roots: [sub], name: 'Été' })
    p.close()
    const q = Project.open(f)
    expect(q.name).toBe('Été')
    expect(q.roots()[0]!.path).toBe(sub)
    q.close()
  })

  it('openDatabase on :memory: gives a migrated database', () => {
    const db = openDatabase(':memory:')
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    db.close()
  })
})

describe('two processes on one project', () => {
  it('readers share it; a writer blocked past busy_timeout gets project_in_use', async () => {
    const file = join(dir, 'shared.zebra')
    Project.create(file, { roots: [dir], labels: [{ name: 'cat' }] }).close()
    const child = spawn(
      process.execPath,
      ['-r', 'tsx/cjs', join(__dirname, 'testing', 'hold-child.ts'), 'hold-write', file],
      {
        stdio: ['pipe', 'pipe', 'inherit']
      }
    )
    await new Promise<void>((res, rej) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('holding') && res())
      child.on('exit', (c) => rej(new Error(`child exited ${c}`)))
    })
    // WAL: reading while the other process holds the write lock works
    const p = Project.open(file, { busyTimeoutMs: 200 })
    expect(p.labels().map((l) => l.name)).toEqual(['cat'])
    // writing waits busy_timeout, then fails with a clear error instead of corrupting anything
    let err: unknown
    try {
      p.addLabels([{ name: 'dog' }])
    } catch (e) {
      err = e
    }
    expect(toAppError(err).code).toBe('project_in_use')
    child.stdin.end()
    await new Promise((r) => child.on('exit', r))
    // once released, the write goes through
    p.addLabels([{ name: 'dog' }])
    expect(p.labels().map((l) => l.name)).toEqual(['cat', 'dog'])
    expect(p.db.pragma('integrity_check', { simple: true })).toBe('ok')
    p.close()
  })
})
