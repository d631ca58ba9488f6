// Two connections on one real project file: a bulk rule never overwrites a decision another
// connection committed, and read-then-write operations wait for the lock instead of failing fast.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { currentLabel } from './decisions'
import { acceptRule, decide } from './ops'
import { Project } from './project'
import { createSyntheticProject } from './synthetic'

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

/** A real second process holding the write lock until its stdin is closed. */
async function holdLock(): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(
    process.execPath,
    ['-r', 'tsx/cjs', join(__dirname, 'testing', 'hold-child.ts'), 'hold-write', file],
    { stdio: ['pipe', 'pipe', 'inherit'] }
  )
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('holding')) resolve()
    })
    child.on('exit', (c) => reject(new Error(`hold child exited ${c}`)))
  })
  return child
}

function release(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    child.on('exit', () => resolve())
    child.stdin.end()
  })
}

export { holdLock, release }
