// electron-builder cannot run here (it downloads Electron), so its configuration is checked.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const root = join(__dirname, '..', '..')
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  appId: string
  productName: string
  files: string[]
  asarUnpack: string[]
  extraResources: { from: string; to: string }[]
  linux: { target: string[] }
  win: { target: string[] }
  mac: { target: string[] }
  electronFuses: Record<string, boolean>
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string
  scripts: Record<string, string>
  bin: Record<string, string>
}

/** The glob subset electron-builder patterns here use: `**` any depth, `*` within one segment. */
function globToRegExp(glob: string): RegExp {
  let re = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*'
      i += glob[i + 2] === '/' ? 2 : 1
    } else if (c === '*') re += '[^/]*'
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}
const unpacked = (path: string): boolean => config.asarUnpack.some((g) => globToRegExp(g).test(path))

describe('electron-builder.yml', () => {
  it('names the app and ships the built output', () => {
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/)
    expect(config.productName).toBe('Zebra')
    expect(config.files).toContain('out/**')
    expect(pkg.main.startsWith('./out/')).toBe(true)
    expect(pkg.scripts.dist).toContain('electron-builder')
  })

  it('flips the Electron fuses: no Node mode, app code only from an integrity-checked asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true
    })
    // the CLI ships as the npm bin on Node, never through the packaged binary in Node mode
    expect(pkg.bin).toEqual({ zebra: './bin/zebra.js' })
  })

  it('unpacks native addons and the onnxruntime libraries from the asar', () => {
    for (const p of [
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
      'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
      'node_modules/onnxruntime-node/bin/napi-v6/win32/x64/onnxruntime.dll',
      'node_modules/onnxruntime-node/bin/napi-v6/darwin/arm64/libonnxruntime.1.dylib',
      'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node',
      'node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8'
    ]) {
      expect(unpacked(p), p).toBe(true)
    }
    expect(unpacked('out/main/index.js')).toBe(false)
  })

  it('bundles the demo model, sample images and presets where paths.ts looks for them', () => {
    const want = [
      'resources/demo-model',
      'resources/sample-images',
      'resources/sample-world',
      'resources/clip-paper-prompts.json'
    ]
    for (const w of want) {
      const entry = config.extraResources.find((e) => e.from === w)
      expect(entry, w).toBeDefined()
      expect(entry!.to).toBe(w)
      expect(existsSync(join(root, w)), `${w} exists in the repo`).toBe(true)
    }
  })

  it('builds AppImage and deb for Linux, nsis for Windows, dmg for macOS', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']))
    expect(config.win.target).toContain('nsis')
    expect(config.mac.target).toContain('dmg')
  })
})
