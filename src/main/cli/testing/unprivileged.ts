// Runs the real `zebra` launcher so that file mode bits apply to it, wherever the checkout lives.
// Test-only helper for "a file or folder this process may not read or write".
//
// A non-root user is already bound by mode bits and runs as itself. Root is not: the capabilities
// CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER bypass them. Switching to `nobody` would
// also drop them, but `nobody` cannot enter a checkout under a 0700 home folder or a `mktemp -d`.
// So root's child keeps uid 0 (it still owns and reaches the checkout) and starts with those three
// capabilities removed from its bounding set by util-linux `setpriv`; exec cannot give them back.
// Where `setpriv` is missing or may not drop them (no CAP_SETPCAP), `nobody` is tried next. Every
// way is probed for real (a 0000 folder must refuse it, the launcher must be readable) before it
// is used; when none passes, `why` says which were tried and what each lacked, for the skip.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BIN, type CliRun } from './harness'

const BYPASSING_CAPS = '-dac_override,-dac_read_search,-fowner'
const NOBODY = 65534

interface Way {
  how: string
  command: string
  prefix: string[]
  options: SpawnSyncOptions
}

export type Confinement =
  | {
      ok: true
      /** How the child is confined, for the test log. */
      how: string
      run: (args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }) => CliRun
    }
  | { ok: false; why: string }

function candidates(): Way[] {
  const node = process.execPath
  if (process.getuid?.() !== 0) return [{ how: 'as this user', command: node, prefix: [], options: {} }]
  return [
    {
      how: 'as root without CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER (setpriv)',
      command: 'setpriv',
      prefix: [`--bounding-set=${BYPASSING_CAPS}`, '--', node],
      options: {}
    },
    { how: 'as nobody', command: node, prefix: [], options: { uid: NOBODY, gid: NOBODY } }
  ]
}

// The probe is the test's own claim in small: the launcher is readable and a 0000 folder is not.
const PROBE = `
const fs = require('node:fs')
try { fs.accessSync(process.argv[1], fs.constants.R_OK) } catch (e) { console.log('cannot read the launcher (' + e.code + ')'); process.exit(2) }
try { fs.readdirSync(process.argv[2]); console.log('still reads a 0000 folder'); process.exit(3) } catch (e) { if (e.code !== 'EACCES') { console.log(e.code); process.exit(4) } }
`

function probe(way: Way, locked: string): string | undefined {
  const r = spawnSync(way.command, [...way.prefix, '-e', PROBE, BIN, locked], {
    ...way.options,
    encoding: 'utf8',
    timeout: 30_000
  })
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') return `${way.command} not found`
  if (r.error) return code ?? r.error.message
  if (r.status === 0) return undefined
  return (r.stdout || r.stderr).trim().split('\n')[0] || `exit ${r.status}`
}

function find(): Confinement {
  const dir = mkdtempSync(join(tmpdir(), 'zebra-confine-'))
  chmodSync(dir, 0o755) // `nobody` must reach the locked folder for the probe to mean anything
  const locked = join(dir, 'locked')
  mkdirSync(locked, { mode: 0o000 })
  const failures: string[] = []
  try {
    for (const way of candidates()) {
      const fault = probe(way, locked)
      if (fault === undefined) {
        return {
          ok: true,
          how: way.how,
          run: (args, opts) => {
            const r = spawnSync(way.command, [...way.prefix, BIN, ...args], {
              ...way.options,
              cwd: opts.cwd,
              env: opts.env,
              encoding: 'utf8',
              timeout: 60_000
            })
            return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr }
          }
        }
      }
      failures.push(`${way.how}: ${fault}`)
    }
  } finally {
    chmodSync(locked, 0o700)
    rmSync(dir, { recursive: true, force: true })
  }
  return { ok: false, why: `no way to run zebra bound by file modes here (${failures.join('; ')})` }
}

let found: Confinement | undefined

/** The first way of running zebra that mode bits bind, probed once per test file. */
export function confinement(): Confinement {
  found ??= find()
  return found
}
