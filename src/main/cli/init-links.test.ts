// A project path that is a symbolic link: init refuses to create through a link that loops, points
// nowhere or points to an empty file, says which and leaves the link as it was; status names a
// loop or a dangling link instead of a bare "not found"; a link to a project opens it.
import { lstatSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runZebraSync, workDir } from './testing/harness'

let cwd: string
let env: NodeJS.ProcessEnv
beforeAll(() => {
  cwd = workDir('zebra-init-links-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_EP: 'cpu' }
  symlinkSync(join(cwd, 'nowhere.zebra'), join(cwd, 'dangling.zebra'))
  writeFileSync(join(cwd, 'empty.zebra'), '')
  symlinkSync(join(cwd, 'empty.zebra'), join(cwd, 'to-empty.zebra'))
  symlinkSync(join(cwd, 'loop-b.zebra'), join(cwd, 'loop-a.zebra'))
  symlinkSync(join(cwd, 'loop-a.zebra'), join(cwd, 'loop-b.zebra'))
})
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

const init = (file: string): ReturnType<typeof runZebraSync> =>
  runZebraSync(['init', file, '--images', 'photos', '--labels', 'cat'], { cwd, env })

describe('a project path that is a symbolic link', () => {
  it('init refuses a dangling link, a link to an empty file and a loop, and keeps the link', () => {
    for (const [name, why] of [
      ['dangling.zebra', /dangling\.zebra is a symbolic link to .*nowhere\.zebra, which does not exist/],
      ['to-empty.zebra', /to-empty\.zebra is a symbolic link to an empty file/],
      ['loop-a.zebra', /loop-a\.zebra is a symlink loop/]
    ] as const) {
      const target = readlinkSync(join(cwd, name))
      const r = init(name)
      expect(r.code, name).not.toBe(0)
      expect(r.stderr).toMatch(why)
      expect(r.stderr).toMatch(/not created through a link/)
      expect(lstatSync(join(cwd, name)).isSymbolicLink()).toBe(true)
      expect(readlinkSync(join(cwd, name))).toBe(target)
    }
    expect(lstatSync(join(cwd, 'empty.zebra')).size).toBe(0)
  })

  it('status says a loop is a symlink loop and a dangling link points nowhere', () => {
    let r = runZebraSync(['status', 'loop-a.zebra'], { cwd, env })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/loop-a\.zebra is a symlink loop/)
    r = runZebraSync(['status', 'dangling.zebra'], { cwd, env })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/dangling\.zebra is a symbolic link to .*nowhere\.zebra, which does not exist/)
  })

  it('a link to a project opens it, and init through it says the project exists', () => {
    expect(init('real.zebra').code).toBe(0)
    symlinkSync(join(cwd, 'real.zebra'), join(cwd, 'link.zebra'))
    expect(runZebraSync(['status', 'link.zebra'], { cwd, env }).code).toBe(0)
    const r = init('link.zebra')
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/already exists/)
  })
})
