// A prelabel that did not do its work never exits 0: real preprocessing worker threads die (the
// pool's test hook makes them process.exit mid-request), or every image is unreadable.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runZebra, workDir } from './testing/harness'

let cwd = ''
let env: NodeJS.ProcessEnv
const zebra = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  runZebra(args, { cwd, env: { ...env, ...extra } })

async function status(project: string): Promise<{ images: number; prelabeled: number; unreadable: number }> {
  const r = await zebra(['status', project, '--json'])
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as { images: number; prelabeled: number; unreadable: number }
}

async function freshProject(name: string, folder = 'photos'): Promise<string> {
  const r = await zebra(['init', name, '--images', folder, '--labels', 'cat,dog', '--scan'])
  expect(r.code, r.stderr).toBe(0)
  return name
}

beforeAll(() => {
  cwd = workDir('zebra-prelabel-fail-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_EP: 'cpu', ZEBRA_PREPROCESS_WORKERS: '2' }
})

describe('zebra prelabel when workers die', () => {
  it('replaces a worker killed mid-run and still pre-labels every image', async () => {
    const p = await freshProject('once.zebra')
    const r = await zebra(['prelabel', p, '--model', 'demo', '--batch', '4', '--json'], {
      ZEBRA_TEST_PREPROCESS_CRASH: 'once:2'
    })
    expect(r.code, r.stderr).toBe(0)
    // the kill really happened, and the user is told
    expect(r.stderr).toMatch(/zebra: a preprocessing worker died \(exit code 70\) and was replaced/)
    const s = await status(p)
    expect(s.prelabeled).toBe(s.images)
    expect(s.unreadable).toBe(0)
  })

  it('exits 1 with what failed and what to do when workers keep dying; blames no image', async () => {
    const p = await freshProject('always.zebra')
    const r = await zebra(['prelabel', p, '--model', 'demo', '--batch', '4'], {
      ZEBRA_TEST_PREPROCESS_CRASH: 'always'
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/zebra: Image preprocessing workers keep dying/)
    expect(r.stderr).toMatch(/run it again to resume/)
    expect(r.stderr).not.toMatch(/^\s+at /m)
    const s = await status(p)
    expect(s).toMatchObject({ prelabeled: 0, unreadable: 0 })
    // and the rerun, with healthy workers, does the work
    const again = await zebra(['prelabel', p, '--model', 'demo'])
    expect(again.code, again.stderr).toBe(0)
    expect((await status(p)).prelabeled).toBe(s.images)
  })

  it('exits 1 when 0 of N pending images could be pre-labelled', async () => {
    const bad = join(cwd, 'broken')
    mkdirSync(bad)
    // truncated JPEGs: the scan reads their headers fine, decoding them fails
    for (const f of ['photo_coffee.jpg', 'photo_chelsea.jpg']) {
      writeFileSync(join(bad, f), readFileSync(join(cwd, 'photos', f)).subarray(0, 3000))
    }
    const p = await freshProject('broken.zebra', bad)
    const r = await zebra(['prelabel', p, '--model', 'demo', '--json'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/zebra: Pre-labelled 0 of 2 images: none could be read .*run prelabel again/)
    expect(await status(p)).toMatchObject({ images: 2, prelabeled: 0, unreadable: 2 })
  })
})
