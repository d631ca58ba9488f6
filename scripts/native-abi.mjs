#!/usr/bin/env node
// better-sqlite3 is a native addon built for one ABI at a time: Node's (CLI, tests, browser mode)
// or Electron's (the desktop app). This switches it to the runtime about to start, rebuilding only
// when the current build is for the other one. sharp and onnxruntime-node use N-API: no rebuild.
// Before switching to Electron it checks that Electron's binary is there: without it the app cannot
// start anyway, and a rebuild for Electron would only cost the next `npm run serve` a rebuild back.
import { execSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const target = process.argv[2]
if (target !== 'node' && target !== 'electron') {
  console.error('usage: native-abi.mjs node|electron')
  process.exit(2)
}
const marker = join('node_modules', '.zebra-native-abi')
const current = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : 'node'

/**
 * Where Electron's executable is, or null when it is not installed: read the way the electron
 * package's index.js finds it (path.txt names the executable inside dist/, or inside
 * ELECTRON_OVERRIDE_DIST_PATH), except that a missing binary is reported here instead of
 * downloaded.
 */
function electronBinary() {
  const pkg = join('node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  const exe = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override)
    return existsSync(join(override, exe || 'electron')) ? join(override, exe || 'electron') : null
  if (!exe) return null
  const full = join(pkg, 'dist', exe)
  return existsSync(full) ? full : null
}

function loadsUnderNode() {
  const r = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    encoding: 'utf8'
  })
  return r.status === 0
}

if (target === 'node') {
  if (current === 'node' && loadsUnderNode()) process.exit(0)
  console.error('Rebuilding better-sqlite3 for Node.js…')
  execSync('npm rebuild better-sqlite3', { stdio: 'inherit' })
  writeFileSync(marker, 'node\n')
} else {
  if (!electronBinary()) {
    console.error(
      [
        "Electron's binary is not installed (node_modules/electron/path.txt or the executable it names in dist/ is missing: installed",
        'with ELECTRON_SKIP_BINARY_DOWNLOAD, or its download failed), so the desktop app cannot start.',
        'Nothing was rebuilt. Run the same app in your browser instead: `npm run serve`.',
        'To install the binary (needs network): `node node_modules/electron/install.js`, then `npm start`.'
      ].join('\n')
    )
    process.exit(1)
  }
  if (current === 'electron') process.exit(0)
  console.error('Rebuilding native modules for Electron (needs Electron headers: network on first run)…')
  try {
    execSync('npx electron-builder install-app-deps', { stdio: 'inherit' })
    writeFileSync(marker, 'electron\n')
  } catch {
    console.error(
      'Could not rebuild for Electron (offline?). The browser mode needs no rebuild: `npm run serve`.'
    )
    process.exit(1)
  }
}
