// An option given twice never settles silently on the last one: list options add up (classify
// --labels a --labels b classifies into both), single-value options refuse the repeat (exit 2).
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runZebra, workDir } from './testing/harness'

let cwd: string
let env: NodeJS.ProcessEnv
beforeAll(() => {
  cwd = workDir('zebra-options-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_EP: 'cpu' }
})
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

describe('an option given twice', () => {
  it('classify --labels adds up, with commas or repeats', async () => {
    const r = await runZebra(
      ['classify', '--model', 'demo', '--labels', 'cat', '--labels', 'dog,cup', '--format', 'json', 'photos'],
      { cwd, env }
    )
    expect(r.code, r.stderr).toBe(0)
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { top: { label: string; prob: number }[] })
    expect(rows.length).toBeGreaterThan(1)
    for (const row of rows) {
      expect(row.top.map((t) => t.label).sort()).toEqual(['cat', 'cup', 'dog'])
      expect(row.top[0]!.prob).toBeLessThan(1)
    }
  })

  it('a single-value option given twice is refused, naming both values', async () => {
    for (const args of [
      ['classify', '--model', 'demo', '--labels', 'a,b', '--top', '1', '--top', '2', 'photos'],
      ['init', 'p.zebra', '--images', 'photos', '--name', 'one', '--name', 'two'],
      ['export', 'p.zebra', '--format', 'csv', '--format', 'jsonl']
    ]) {
      const r = await runZebra(args, { cwd, env })
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(
        /--(top|name|format) was given twice \((1|one|csv), then (2|two|jsonl)\): give it once/
      )
    }
  })
})
