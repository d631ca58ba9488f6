// An export that could not copy every decided image is a partial export: it says so and why for
// each file (gone since the scan, unreadable), its export-summary.json counts only what it wrote
// (total, per label and per split agree), and `zebra export` exits 1.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runZebraSync, workDir } from './testing/harness'
import { confinement } from './testing/unprivileged'

const confined = confinement()
let cwd: string
let env: NodeJS.ProcessEnv

const zebra = (...args: string[]): ReturnType<typeof runZebraSync> => runZebraSync(args, { cwd, env })

function idOf(rel: string): number {
  const db = new Database(join(cwd, 'p.zebra'), { readonly: true, fileMustExist: true })
  try {
    return db.prepare('SELECT id FROM images WHERE rel_path = ?').pluck().get(rel) as number
  } finally {
    db.close()
  }
}

interface Summary {
  total: number
  perLabel: Record<string, number>
  perSplit: Record<string, number>
  perLabelSplit: Record<string, Record<string, number>>
  leftOut: { notCopied: number }
  notCopied: { path: string; why: string }[]
}

beforeAll(() => {
  cwd = workDir('zebra-export-partial-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'tester', ZEBRA_EP: 'cpu' }
  const images = join(cwd, 'images')
  mkdirSync(join(images, 'kept'), { recursive: true })
  mkdirSync(join(images, 'locked'))
  const sample = join(cwd, 'photos')
  copyFileSync(join(sample, 'photo_coffee.jpg'), join(images, 'kept', 'a.jpg'))
  copyFileSync(join(sample, 'photo_chelsea.jpg'), join(images, 'kept', 'gone.jpg'))
  copyFileSync(join(sample, 'photo_rocket.jpg'), join(images, 'locked', 'b.jpg'))
  copyFileSync(join(sample, 'photo_astronaut.jpg'), join(images, 'locked', 'c.jpg'))
  expect(zebra('init', 'p.zebra', '--images', 'images', '--labels', 'coffee,cat', '--scan').code).toBe(0)
  for (const rel of ['kept/a.jpg', 'kept/gone.jpg', 'locked/b.jpg', 'locked/c.jpg']) {
    const r = zebra('review', 'decide', 'p.zebra', String(idOf(rel)), 'corrected', '--label', 'coffee')
    expect(r.code, r.stderr).toBe(0)
  }
  unlinkSync(join(images, 'kept', 'gone.jpg'))
})
afterAll(() => {
  chmodSync(join(cwd, 'images', 'locked'), 0o755)
  rmSync(cwd, { recursive: true, force: true })
})

function expectConsistent(s: Summary, exported: number): void {
  expect(s.total).toBe(exported)
  expect(s.perLabel).toEqual({ coffee: exported })
  expect(s.perSplit).toEqual({ all: exported })
  expect(s.perLabelSplit).toEqual({ coffee: { all: exported } })
  expect(s.leftOut.notCopied).toBe(s.notCopied.length)
}

describe('a partial export', () => {
  it('a file gone since the scan: named with its reason, counts agree, exit 1', () => {
    const r = zebra('export', 'p.zebra', '--format', 'imagefolder', '--out', 'out-gone')
    expect(r.code, r.stderr).toBe(1)
    expect(r.stdout).toContain('Exported 3 images')
    expect(r.stdout).toContain('(partial: 1 could not be copied)')
    expect(r.stdout).toContain(`${join(cwd, 'images', 'kept', 'gone.jpg')} (gone since the scan)`)
    const s = JSON.parse(readFileSync(join(cwd, 'out-gone', 'export-summary.json'), 'utf8')) as Summary
    expectConsistent(s, 3)
    expect(s.notCopied).toEqual([
      { path: join(cwd, 'images', 'kept', 'gone.jpg'), why: 'gone since the scan' }
    ])
  })

  it('an unreadable folder: its files are named as unreadable, not as gone', (ctx) => {
    if (!confined.ok) {
      console.warn(`skipped: ${confined.why}`)
      return ctx.skip(confined.why)
    }
    chmodSync(join(cwd, 'images', 'locked'), 0o000)
    try {
      const r = confined.run(['export', 'p.zebra', '--format', 'imagefolder', '--out', 'out-locked'], {
        cwd,
        env
      })
      expect(r.code, r.stderr).toBe(1)
      expect(r.stdout).toContain('Exported 1 images')
      expect(r.stdout).toContain('3 not copied: 1 gone since the scan, 2 unreadable (permission denied) — ')
      const s = JSON.parse(readFileSync(join(cwd, 'out-locked', 'export-summary.json'), 'utf8')) as Summary
      expectConsistent(s, 1)
      expect(s.notCopied.map((n) => [n.path.slice(cwd.length + 1), n.why]).sort()).toEqual([
        ['images/kept/gone.jpg', 'gone since the scan'],
        ['images/locked/b.jpg', 'unreadable (permission denied)'],
        ['images/locked/c.jpg', 'unreadable (permission denied)']
      ])
    } finally {
      chmodSync(join(cwd, 'images', 'locked'), 0o755)
    }
  })
})
