#!/usr/bin/env node
// The `zebra` command. In a checkout it runs the TypeScript sources through tsx, so the CLI is
// always the code in src/; an installed build without sources runs the bundled out/main/cli.js.
'use strict'
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..')
const source = path.join(root, 'src', 'main', 'cli', 'index.ts')
const built = path.join(root, 'out', 'main', 'cli.js')

if (fs.existsSync(source) && !process.env.ZEBRA_CLI_BUILT) {
  require('tsx/cjs')
  require(source)
} else {
  require(built)
}
