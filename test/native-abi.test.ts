// scripts/native-abi.mjs run as `npm start` runs it, in a temp copy of the checkout's layout: without
// Electron's binary it stops before any rebuild (the ABI marker untouched, no rebuild command run)
// and names `npm run serve`; with the binary it goes on. A stand-in `npx` first on PATH records
// whether the script tried to rebuild, so a regression cannot reach the network.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const SCRIPT = join(__dirname, '..', 'scripts', 'native-abi.mjs')
let dir: string
const marker = (): string => join(dir, 'node_modules', '.zebra-native-abi')
const rebuildLog = (): string => join(dir, 'rebuild-attempted')

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-native-abi-'))
  mkdirSync(join(dir, 'scripts'))
  copyFileSync(SCRIPT, join(dir, 'scripts', 'native-abi.mjs'))
  mkdirSync(join(dir, 'node_modules', 'electron'), { recursive: true })
  writeFileSync(join(dir, 'node_modules', 'electron', 'package.json'), '{"name":"electron"}\n')
  writeFileSync(marker(), 'node\n')
  mkdirSync(join(dir, 'bin'))
  for (const tool of ['npx', 'npm']) {
    const f = join(dir, 'bin', tool)
    writeFileSync(f, `#!/bin/sh\necho "${tool} $*" >> "${rebuildLog()}"\nexit 1\n`)
    chmodSync(f, 0o755)
  }
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function run(target: string): { status: number | null; stderr: string } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH ?? ''}`
  }
  delete env.ELECTRON_OVERRIDE_DIST_PATH
  const r = spawnSync(process.execPath, ['scripts/native-abi.mjs', target], {
    cwd: dir,
    env,
    encoding: 'utf8'
  })
  return { status: r.status, stderr: r.stderr }
}

describe.skipIf(process.platform === 'win32')('native-abi.mjs electron', () => {
  it('without the binary: fails at once, names npm run serve, rebuilds nothing', () => {
    for (const withPathTxt of [false, true]) {
      // path.txt without dist/ is what an interrupted download leaves
      if (withPathTxt) writeFileSync(join(dir, 'node_modules', 'electron', 'path.txt'), 'electron')
      const before = statSync(marker()).mtimeMs
      const r = run('electron')
      expect(r.status).toBe(1)
      expect(r.stderr).toMatch(/Electron's binary is not installed/)
      expect(r.stderr).toMatch(/Nothing was rebuilt.*`npm run serve`/)
      expect(readFileSync(marker(), 'utf8')).toBe('node\n')
      expect(statSync(marker()).mtimeMs).toBe(before)
      expect(existsSync(rebuildLog()), 'a rebuild was started').toBe(false)
    }
  })

  it('with the binary: goes on (built for Electron already: nothing to rebuild)', () => {
    writeFileSync(join(dir, 'node_modules', 'electron', 'path.txt'), 'electron')
    mkdirSync(join(dir, 'node_modules', 'electron', 'dist'))
    writeFileSync(join(dir, 'node_modules', 'electron', 'dist', 'electron'), '')
    writeFileSync(marker(), 'electron\n')
    const r = run('electron')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(existsSync(rebuildLog())).toBe(false)
  })

  it('with the binary and a Node build: the rebuild for Electron is attempted', () => {
    writeFileSync(join(dir, 'node_modules', 'electron', 'path.txt'), 'electron')
    mkdirSync(join(dir, 'node_modules', 'electron', 'dist'))
    writeFileSync(join(dir, 'node_modules', 'electron', 'dist', 'electron'), '')
    const r = run('electron')
    // the stand-in npx fails, as an offline rebuild does: the marker stays node
    expect(r.status).toBe(1)
    expect(readFileSync(rebuildLog(), 'utf8')).toMatch(/^npx electron-builder install-app-deps/)
    expect(r.stderr).toMatch(/Could not rebuild for Electron/)
    expect(readFileSync(marker(), 'utf8')).toBe('node\n')
  })
})
