// Where Zebra keeps things. No Electron import: the CLI and the bridge use the same answers.
// ZEBRA_HOME overrides the data folder (tests point it at a temp folder).
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

/** Per-user data folder: models, settings, recent projects, thumbnails cache, logs. */
export function dataDir(): string {
  if (process.env.ZEBRA_HOME) return resolve(process.env.ZEBRA_HOME)
  const home = homedir()
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Zebra')
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Zebra')
  return join(process.env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'zebra')
}

/** Downloaded models live here, one folder per Hub repo (owner--name). */
export function modelsDir(): string {
  return join(dataDir(), 'models')
}

let cachedResources: string | null = null

/**
 * The app's bundled resources (demo model, sample images, CLIP paper presets). Found by walking up
 * from this module, which works from src/ (tsx, vitest), out/main (built) and a packaged app
 * (process.resourcesPath, set by Electron).
 */
export function resourcesDir(): string {
  if (cachedResources) return cachedResources
  const packaged = (process as { resourcesPath?: string }).resourcesPath
  const candidates: string[] = []
  if (process.env.ZEBRA_RESOURCES) candidates.push(resolve(process.env.ZEBRA_RESOURCES))
  if (packaged) candidates.push(join(packaged, 'resources'), packaged)
  let dir = __dirname
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, 'resources'))
    dir = dirname(dir)
  }
  for (const c of candidates) {
    if (existsSync(join(c, 'clip-paper-prompts.json'))) {
      cachedResources = c
      return c
    }
  }
  throw new Error(`Zebra's resources folder was not found (looked in: ${candidates.join(', ')})`)
}

export function demoModelDir(): string {
  return join(resourcesDir(), 'demo-model')
}

export function sampleImagesDir(): string {
  return join(resourcesDir(), 'sample-images')
}

/** images of "try the sample project": the demo model's world (scripts/demo-world/sample.ts) */
export function sampleProjectDir(): string {
  return join(resourcesDir(), 'sample-world')
}

export function presetsFile(): string {
  return join(resourcesDir(), 'clip-paper-prompts.json')
}
