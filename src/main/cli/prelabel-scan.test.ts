// `zebra init` then `zebra prelabel` without a scan: prelabel scans first and says so, then
// pre-labels every image; a project whose folders hold no images is an error, not "0 pre-labelled".
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runZebraSync, workDir } from './testing/harness'

let cwd: string
let env: NodeJS.ProcessEnv
beforeAll(() => {
  cwd = workDir('zebra-prelabel-scan-')
  env = { ...process.env, ZEBRA_HOME: join(cwd, 'home'), ZEBRA_EP: 'cpu' }
  mkdirSync(join(cwd, 'empty'))
})
afterAll(() => rmSync(cwd, { recursive: true, force: true }))

const zebra = (...args: string[]): ReturnType<typeof runZebraSync> => runZebraSync(args, { cwd, env })

describe('prelabel right after init', () => {
  it('scans first, says so, and pre-labels every image', () => {
    expect(zebra('init', 'p.zebra', '--images', 'photos', '--labels', 'cat,dog').code).toBe(0)
    const r = zebra('prelabel', 'p.zebra', '--model', 'demo', '--json')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/scanned first \(the project had no images yet\): \d+ files: \d+ new/)
    const res = JSON.parse(r.stdout) as { processed: number; failed: number }
    const status = JSON.parse(zebra('status', 'p.zebra', '--json').stdout) as {
      images: number
      prelabeled: number
    }
    expect(status.images).toBeGreaterThan(0)
    expect(res.processed + res.failed).toBe(status.images)
    expect(status.prelabeled).toBe(res.processed)
  })

  it('no images in the folders: says so and exits non-zero', () => {
    expect(zebra('init', 'e.zebra', '--images', 'empty', '--labels', 'cat').code).toBe(0)
    const r = zebra('prelabel', 'e.zebra', '--model', 'demo')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      `No images in the project's folders (${join(cwd, 'empty')}): nothing to pre-label.`
    )
    expect(r.stdout).not.toMatch(/pre-labelled/)
  })
})
