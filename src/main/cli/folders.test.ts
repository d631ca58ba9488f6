// `zebra folders list|add|remove` through the real launcher, from a working folder outside the
// repository: relative paths resolve against it, results are on stdout (JSON with --json), bad
// input is a clear message with exit 2 and nothing changed.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LastScan, RootInfo } from '../../shared/contract'
import { runZebra, workDir } from './testing/harness'

let cwd: string
let env: NodeJS.ProcessEnv
const zebra = (...args: string[]): ReturnType<typeof runZebra> => runZebra(args, { cwd, env })

function imageId(relPath: string): number {
  const db = new Database(join(cwd, 'p.zebra'), { readonly: true, fileMustExist: true })
  try {
    return db.prepare('SELECT id FROM images WHERE rel_path = ?').pluck().get(relPath) as number
  } finally {
    db.close()
  }
}

beforeAll(() => {
  cwd = workDir('zebra-cli-folders-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_ANNOTATOR: 'tester', ZEBRA_EP: 'cpu' }
  mkdirSync(join(cwd, 'more'))
  copyFileSync(join(cwd, 'photos', 'photo_rocket.jpg'), join(cwd, 'more', 'rocket-2.jpg'))
  copyFileSync(join(cwd, 'photos', 'photo_coffee.jpg'), join(cwd, 'more', 'coffee-2.jpg'))
  writeFileSync(join(cwd, 'more', 'broken.jpg'), 'not an image\n')
})
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

describe('zebra folders', () => {
  it('lists, adds (and scans), removes, and adds back', async () => {
    let r = await zebra('init', 'p.zebra', '--images', 'photos', '--labels', 'cat,rocket', '--scan')
    expect(r.code, r.stderr).toBe(0)

    r = await zebra('folders', 'list', 'p.zebra', '--json')
    expect(r.code, r.stderr).toBe(0)
    let list = JSON.parse(r.stdout) as { roots: RootInfo[]; lastScan: LastScan }
    expect(list.roots.map((f) => [f.path, f.images, f.exists])).toEqual([[join(cwd, 'photos'), 13, true]])
    expect(list.lastScan).toMatchObject({ total: 13, added: 13 })

    r = await zebra('folders', 'add', 'p.zebra', 'more')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain(`Added ${join(cwd, 'more')}`)
    expect(r.stderr).toMatch(/unreadable: .*broken\.jpg/)
    expect(r.stdout).toContain('16 files: 3 new, 0 changed, 0 moved, 0 missing, 1 unreadable')

    r = await zebra('folders', 'list', 'p.zebra')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain(
      `${join(cwd, 'more')}: 3 images (2 ok, 1 unreadable, 0 missing), 0 with suggestions, 0 labelled`
    )
    r = await zebra('status', 'p.zebra', '--json')
    expect(JSON.parse(r.stdout)).toMatchObject({ images: 16, unreadable: 1 })

    // a label on one of its images: removal keeps it in the log, and adding back restores it
    r = await zebra(
      'review',
      'decide',
      'p.zebra',
      String(imageId('rocket-2.jpg')),
      'corrected',
      '--label',
      'rocket'
    )
    expect(r.code, r.stderr).toBe(0)
    r = await zebra('folders', 'remove', 'p.zebra', 'more', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ path: join(cwd, 'more'), images: 3, kept: 1 })
    r = await zebra('status', 'p.zebra', '--json')
    expect(JSON.parse(r.stdout)).toMatchObject({ images: 13, unreadable: 0, reviewed: 0 })

    r = await zebra('folders', 'add', 'p.zebra', 'more', '--json')
    expect(r.code, r.stderr).toBe(0)
    const back = JSON.parse(r.stdout) as { root: RootInfo; restored: boolean; scan: { restored: number } }
    expect(back).toMatchObject({ restored: true, scan: { restored: 1 } })
    expect(back.root).toMatchObject({ images: 3, decided: 1 })
    list = JSON.parse((await zebra('folders', 'list', 'p.zebra', '--json')).stdout) as typeof list
    expect(list.roots).toHaveLength(2)
  })

  it('says clearly what is wrong and changes nothing', async () => {
    let r = await zebra('folders', 'add', 'p.zebra', 'nowhere')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`Image folder not found: ${join(cwd, 'nowhere')}`)
    r = await zebra('folders', 'add', 'p.zebra', 'photos/../more/broken.jpg')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/is a file, not a folder/)
    r = await zebra('folders', 'remove', 'p.zebra', 'elsewhere')
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/elsewhere is not a folder of this project \(its folders: .*photos, .*more\)/)
    r = await zebra('folders', 'add', 'p.zebra', '.')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/holds .* already a folder of this project/)
    expect(r.stderr).not.toMatch(/^\s+at /m)
    const list = JSON.parse((await zebra('folders', 'list', 'p.zebra', '--json')).stdout) as {
      roots: RootInfo[]
    }
    expect(list.roots.map((f) => f.images)).toEqual([13, 3])
  })
})
