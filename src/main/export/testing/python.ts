// Test-only: runs a Python script with the system python3 that has torchvision (Debian's
// python3-torchvision; .ci/run installs it), to read exports with their real consumers. Missing
// python or torchvision fails the test with how to get them, never a silent skip.
import { spawnSync } from 'node:child_process'

const PYTHON = process.env.ZEBRA_TEST_PYTHON ?? '/usr/bin/python3'

export function assertTorchvision(): void {
  const r = spawnSync(PYTHON, ['-c', 'import torchvision, PIL; print(torchvision.__version__)'], {
    encoding: 'utf8',
    timeout: 120_000
  })
  if (r.status !== 0) {
    throw new Error(
      `These tests read the exports with torchvision, and ${PYTHON} cannot import it` +
        ` (${(r.error?.message ?? r.stderr).trim().split('\n').pop()}). Install it: apt-get install python3-torchvision` +
        ' (or point ZEBRA_TEST_PYTHON at a python3 that has torchvision and Pillow).'
    )
  }
}

/** Runs `script` with args; returns its stdout parsed as JSON. */
export function runPython<T>(script: string, args: string[]): T {
  const r = spawnSync(PYTHON, ['-c', script, ...args], {
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 64 << 20
  })
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.error?.message ?? ''}${r.stderr}`)
  return JSON.parse(r.stdout) as T
}
