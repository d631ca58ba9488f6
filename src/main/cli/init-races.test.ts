// `zebra init` against other inits: two of one path at once (exactly one wins, the other is told
// the file exists and nothing is replaced).
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runZebra, workDir } from './testing/harness'

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
})
