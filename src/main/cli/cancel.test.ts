// Ctrl+C during a long `zebra classify`: the lines already printed stay valid JSON, the run stops
// early and exits 130.
import { spawn } from 'node:child_process'
import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, REPO, workDir } from './testing/harness'

const SAMPLES = join(REPO, 'resources', 'sample-images')

describe('zebra classify, interrupted', () => {
  it('stops on SIGINT with exit 130, keeping whole JSON lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zebra-cancel-'))
    const samples = readdirSync(SAMPLES)
    for (let i = 0; i < 600; i++) {
      const f = samples[i % samples.length]!
      copyFileSync(join(SAMPLES, f), join(dir, `${String(i).padStart(4, '0')}_${f}`))
    }
    const child = spawn(
      process.execPath,
      [BIN, 'classify', '--model', 'demo', '--labels', 'cat,dog', '--batch', '1', '--format', 'json', dir],
      { cwd: workDir(), env: { ...process.env, ZEBRA_HOME: mkdtempSync(join(tmpdir(), 'zebra-home-')) } }
    )
    let stdout = ''
    let signalled = false
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      if (!signalled && stdout.includes('\n')) {
        signalled = true
        child.kill('SIGINT')
      }
    })
    const code = await new Promise<number | null>((ok) => child.on('close', (c) => ok(c)))
    expect(signalled).toBe(true)
    expect(code).toBe(130)
    const lines = stdout.split('\n').filter(Boolean)
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.length).toBeLessThan(600)
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('top')
  })
})
