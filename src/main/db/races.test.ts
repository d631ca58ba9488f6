// Two connections on one real project file: a bulk rule never overwrites a decision another
// connection committed, and read-then-write operations wait for the lock instead of failing fast.
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { currentLabel } from './decisions'
import { acceptRule, decide } from './ops'
import { Project } from './project'
import { toAppError } from '../../shared/errors'
import { scanProject } from '../jobs/scan'
import { sampleImagesDir } from '../paths'
import { createSyntheticProject } from './testing/synthetic'

let dir: string
let file: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-race-'))
  file = join(dir, 'p.zebra')
  createSyntheticProject(file, dir, { images: 30, labels: 4, seed: 5 }).close()
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('bulk accept rule', () => {
  it('selects and writes in one immediate transaction: a second connection cannot slip a decision in between', () => {
    const p = Project.open(file)
    const other = Project.open(file, { busyTimeoutMs: 0 })
    try {
      let target = -1
      let otherWrote = false
      let otherError = ''
      const n = acceptRule(p, 0, 'bulk-ann', undefined, (ids) => {
        target = ids[0]!
        try {
          // another annotator decides the same image right after the rule selected it
          decide(other, { imageId: target, kind: 'rejected' }, 'other-ann')
          otherWrote = true
        } catch (err) {
          otherError = (err as { code?: string }).code ?? String(err)
        }
      })
      expect(n).toBe(30)
      // the other write had to wait for the rule's lock (it got SQLITE_BUSY at once with timeout 0) ...
      expect(otherWrote).toBe(false)
      expect(otherError).toBe('SQLITE_BUSY')
      // ... and made after the rule, it stands: nothing acknowledged is overwritten
      decide(other, { imageId: target, kind: 'rejected' }, 'other-ann')
      expect(currentLabel(p.db, target)).toMatchObject({ kind: 'rejected', annotator: 'other-ann' })
      expect(acceptRule(p, 0, 'bulk-ann')).toBe(0)
      expect(currentLabel(p.db, target)).toMatchObject({ kind: 'rejected', annotator: 'other-ann' })
    } finally {
      other.close()
      p.close()
    }
  })
})

/** A real second process holding the write lock; `ms`: it commits by itself after that long. */
async function holdLock(ms?: number): Promise<ChildProcess> {
  const args = ms === undefined ? ['hold-write', file] : ['hold-write-for', file, String(ms)]
  const child = spawn(
    process.execPath,
    ['-r', 'tsx/cjs', join(__dirname, 'testing', 'hold-child.ts'), ...args],
    {
      stdio: ['pipe', 'pipe', 'inherit']
    }
  )
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('holding')) resolve()
    })
    child.on('exit', (c) => reject(new Error(`hold child exited ${c}`)))
  })
  return child
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve()
    else child.on('exit', () => resolve())
  })
}

describe("read-then-write operations wait for another process's write", () => {
  // the holder commits after 1.5 s; each operation below waits (busy timeout 5 s) instead of failing
  it('addLabels and updateLabel wait, then succeed', async () => {
    const p = Project.open(file)
    try {
      let child = await holdLock(1500)
      const [l] = p.addLabels([{ name: 'added while busy' }])
      await exited(child)
      expect(p.labelByName('added while busy')?.id).toBe(l!.id)
      child = await holdLock(1500)
      expect(p.updateLabel(l!.id, { name: 'renamed while busy' }).name).toBe('renamed while busy')
      await exited(child)
    } finally {
      p.close()
    }
  })

  it('a scan chunk waits, then commits', async () => {
    // outside the synthetic project's root (dir), so only these two are found
    const root = mkdtempSync(join(tmpdir(), 'zebra-race-imgs-'))
    for (const f of ['photo_chelsea.jpg', 'photo_coffee.jpg'])
      copyFileSync(join(sampleImagesDir(), f), join(root, f))
    const p = Project.open(file)
    try {
      // the synthetic images have no files: a first scan marks them missing (and warms sharp up), so
      // the scan below goes straight to its chunk (read, then write) while the lock is held
      await scanProject(p)
      p.addRoot(root)
      const child = await holdLock(2500)
      const r = await scanProject(p)
      await exited(child)
      expect(r.added).toBe(2)
    } finally {
      p.close()
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('past the busy timeout, one clear project_in_use error', async () => {
    const p = Project.open(file, { busyTimeoutMs: 200 })
    const child = await holdLock()
    try {
      let err: unknown = null
      try {
        p.addLabels([{ name: 'never' }])
      } catch (e) {
        err = e
      }
      expect(toAppError(err)).toMatchObject({
        code: 'project_in_use',
        message: expect.stringContaining('busy')
      })
    } finally {
      child.stdin!.end()
      await exited(child)
      p.close()
    }
    const again = Project.open(file)
    expect(again.labelByName('never')).toBeNull()
    again.close()
  })
})
