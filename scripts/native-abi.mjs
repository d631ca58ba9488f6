#!/usr/bin/env node
// better-sqlite3 is a native addon built for one ABI at a time: Node's (CLI, tests, browser mode)
// or Electron's (the desktop app). This switches it to the runtime about to start, rebuilding only
// when the current build is for the other one. sharp and onnxruntime-node use N-API: no rebuild.
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
