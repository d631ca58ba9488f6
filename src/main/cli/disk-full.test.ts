// A real full disk (a 2 MiB tmpfs filled to the last block): every command says the disk is full
// and that nothing was lost, exits non-zero, and leaves nothing behind (no half-made project, no
// empty labels.csv). Mounting needs root; elsewhere the tests skip and say why.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decide } from '../db/ops'
import { Project } from '../db/project'
import { scanProject } from '../jobs/scan'
import { runZebraSync, workDir } from './testing/harness'

let cwd: string
let disk: string
let env: NodeJS.ProcessEnv
/** why the full-disk tests cannot run here, or null when the tmpfs is mounted */
let cannot: string | null = null

function fill(dir: string): void {
  // one big file, then small ones into the last blocks
  for (const size of [1 << 20, 64 << 10, 4 << 10, 512]) {
    for (let i = 0; ; i++) {
      try {
        writeFileSync(join(dir, `.fill-${size}-${i}`), Buffer.alloc(size, 1))
      } catch {
        break
      }
    }
  }
}

beforeAll(async () => {
  cwd = workDir('zebra-diskfull-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'tester', ZEBRA_EP: 'cpu' }
  disk = join(cwd, 'disk')
  mkdirSync(disk)
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', disk], { encoding: 'utf8' })
  if (m.status !== 0) {
    cannot = `cannot mount a 2 MiB tmpfs to fill (needs root): ${(m.stderr || String(m.error)).trim()}`
    return
  }
  // a project with decisions on the small disk, made while it still had room
  const file = join(disk, 'p.zebra')
  const p = Project.create(file, { roots: [join(cwd, 'photos')], labels: [{ name: 'cat' }, { name: 'dog' }] })
  await scanProject(p)
  const cat = p.labelByName('cat')!.id
  decide(p, { imageId: 1, kind: 'corrected', labelId: cat }, 'tester')
  p.close()
  copyFileSync(file, join(cwd, 'roomy.zebra'))
  mkdirSync(join(disk, 'exports'))
  fill(disk)
})

afterAll(() => {
  if (!cannot) spawnSync('umount', [disk])
  rmSync(cwd, { recursive: true, force: true })
})

const FULL = /The disk is full .*free some space and try again\. Nothing was lost\./

describe('a full disk', () => {
  it('status and review decide say the disk is full, without a stack trace', (ctx) => {
    if (cannot) {
      console.warn(`skipped: ${cannot}`)
      return ctx.skip(cannot)
    }
    for (const args of [
      ['status', join(disk, 'p.zebra')],
      ['review', 'decide', join(disk, 'p.zebra'), '2', 'corrected', '--label', 'dog']
    ]) {
      const r = runZebraSync(args, { cwd, env })
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stderr).toMatch(FULL)
      expect(r.stderr).not.toMatch(/SqliteError|\n\s+at /)
    }
  })

  it('init says so and leaves no half-made project behind', (ctx) => {
    if (cannot) {
      console.warn(`skipped: ${cannot}`)
      return ctx.skip(cannot)
    }
    const before = readdirSync(disk).sort()
    const r = runZebraSync(['init', join(disk, 'new.zebra'), '--images', 'photos', '--labels', 'cat'], {
      cwd,
      env
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(FULL)
    expect(readdirSync(disk).sort()).toEqual(before)
  })

  it('export says so and leaves no empty file behind', (ctx) => {
    if (cannot) {
      console.warn(`skipped: ${cannot}`)
      return ctx.skip(cannot)
    }
    for (const format of ['csv', 'imagefolder']) {
      const out = join(disk, 'exports', format)
      const r = runZebraSync(['export', 'roomy.zebra', '--format', format, '--out', out], { cwd, env })
      expect(r.code, format).toBe(1)
      expect(r.stderr).toMatch(/disk is full.*Nothing was lost/)
      expect(readdirSync(join(disk, 'exports'))).toEqual([])
    }
  })
})
