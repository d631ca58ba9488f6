// `zebra init` against other inits: two of one path at once (exactly one wins, the other is told
// the file exists and nothing is replaced), and the temp files an init killed half way left behind
// (removed by the next init in that folder once their process is gone).
import { spawnSync } from 'node:child_process'
import { copyFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runZebra, runZebraSync, workDir } from './testing/harness'

let cwd: string
let env: NodeJS.ProcessEnv
beforeAll(() => {
  cwd = workDir('zebra-init-races-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_EP: 'cpu' }
})
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

const nameIn = (file: string): string => {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.prepare('SELECT name FROM project').pluck().get() as string
  } finally {
    db.close()
  }
}

describe('zebra init against other inits', () => {
  it('of two inits of one path at once exactly one wins; the other says it exists', async () => {
    for (let round = 0; round < 5; round++) {
      const file = join(cwd, `race-${round}.zebra`)
      const runs = await Promise.all(
        ['first', 'second'].map((name) =>
          runZebra(['init', file, '--images', 'photos', '--labels', 'cat', '--name', name], { cwd, env })
        )
      )
      const won = runs.map((r, i) => ({ ...r, name: ['first', 'second'][i] })).filter((r) => r.code === 0)
      expect(won, runs.map((r) => r.stderr).join('\n')).toHaveLength(1)
      const lost = runs.find((r) => r.code !== 0)!
      expect(lost.stderr).toMatch(`${file} already exists`)
      expect(won[0].stderr).toContain(`Created ${file}`)
      // no temp file left, and the file is the winner's project, whole
      expect(readdirSync(cwd).filter((f) => f.startsWith(`race-${round}.`))).toEqual([`race-${round}.zebra`])
      expect(nameIn(file)).toBe(won[0].name)
    }
  })

  it('removes the temp files of killed inits whose process is gone, and keeps a live one', () => {
    const made = runZebraSync(['init', 'made.zebra', '--images', 'photos'], { cwd, env })
    expect(made.code, made.stderr).toBe(0)
    // a process that has exited: its pid is gone
    const dead = spawnSync(process.execPath, ['-e', '']).pid!
    const stale = [
      `p.zebra.${dead}.creating`,
      `p.zebra.${dead}.creating-wal`,
      `p.zebra.${dead}.creating-shm`,
      `other.zebra.${dead}.creating`
    ]
    copyFileSync(join(cwd, 'made.zebra'), join(cwd, stale[0]))
    copyFileSync(join(cwd, 'made.zebra'), join(cwd, stale[3]))
    writeFileSync(join(cwd, stale[1]), 'wal')
    writeFileSync(join(cwd, stale[2]), 'shm')
    // this test's own process is alive: its temp file is work in progress
    const live = `p.zebra.${process.pid}.creating`
    writeFileSync(join(cwd, live), '')

    const r = runZebraSync(['init', 'p.zebra', '--images', 'photos'], { cwd, env })
    expect(r.code, r.stderr).toBe(0)
    const left = readdirSync(cwd)
    for (const s of stale) expect(left).not.toContain(s)
    expect(left).toContain(live)
    expect(left).toContain('p.zebra')
  })
})
