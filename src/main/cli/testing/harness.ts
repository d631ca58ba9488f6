// Runs the real `zebra` launcher in a child process from a working directory OUTSIDE the
// repository (a fresh temp folder), so nothing may resolve from process.cwd(). Test-only helper.
import { execFile, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const REPO = resolve(__dirname, '..', '..', '..', '..')
export const BIN = join(REPO, 'bin', 'zebra.js')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

/** A temp working directory with `photos/`: a copy of resources/sample-images. */
export function workDir(prefix = 'zebra-cli-cwd-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  cpSync(join(REPO, 'resources', 'sample-images'), join(dir, 'photos'), { recursive: true })
  return dir
}

export function runZebra(
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; bin?: string }
): Promise<CliRun> {
  return new Promise((ok) => {
    execFile(
      process.execPath,
      [opts.bin ?? BIN, ...args],
      { cwd: opts.cwd, env: opts.env ?? process.env, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number | string }).code ?? 1) : 0
        ok({ code: typeof code === 'number' ? code : 1, stdout, stderr })
      }
    )
  })
}

/** runZebra, waiting: for the many short commands of one test in a row */
export function runZebraSync(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    timeout: 60_000
  })
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr }
}
