// Turning command-line style arguments into files: FILE_OR_DIR into image files, --model into a
// model folder. Shared by the CLI, jobs and services.
import { existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { AppError } from '../../shared/errors'
import { demoModelDir } from '../paths'
import { DEFAULT_REPO, defaultModelDir } from './download'

/** extensions (lower case, with the dot) of the formats the preprocessing decodes */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg',
  '.jpeg',
  '.jpe',
  '.jfif',
  '.png',
  '.webp',
  '.gif',
  '.tif',
  '.tiff',
  '.avif',
  '.heic',
  '.heif',
  '.bmp'
])

export function isImageFile(path: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(path).toLowerCase())
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true })
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const e of entries) {
    if (e.name.startsWith('.')) continue // hidden files and folders (.git, .DS_Store, ._foo.jpg)
    const p = join(dir, e.name)
    if (e.isDirectory()) await walk(p, out)
    else if (e.isFile() && isImageFile(e.name)) out.push(p)
  }
}

/**
 * Expands files and folders into image files: folders are walked recursively (sorted, hidden
 * entries skipped) for IMAGE_EXTENSIONS; files named explicitly are kept whatever their extension.
 * Absolute paths, duplicates removed, order of the arguments kept. A path that does not exist is
 * AppError('not_found').
 */
export async function listImageFiles(paths: readonly string[]): Promise<string[]> {
  const out: string[] = []
  for (const p of paths) {
    const abs = resolve(p)
    let st
    try {
      st = await stat(abs)
    } catch {
      throw new AppError('not_found', `No such file or folder: ${p}`, { path: abs })
    }
    if (st.isDirectory()) await walk(abs, out)
    else out.push(abs)
  }
  return [...new Set(out)]
}

/**
 * What a --model argument means: 'demo' (the bundled tiny model), a folder path, or a downloaded
 * Hub name (owner/name, found in the models folder). Without an argument: the downloaded default
 * model (CLIP ViT-B/32) when it is there, else AppError('no_model') saying what to do.
 */
export function resolveModelArg(arg?: string | null): string {
  if (arg === 'demo') return demoModelDir()
  if (arg) {
    const abs = resolve(arg)
    if (existsSync(abs)) return abs
    if (/^[\w.-]+\/[\w.-]+$/.test(arg)) {
      const downloaded = defaultModelDir(arg)
      if (existsSync(downloaded)) return downloaded
    }
    return abs // loadModelFolder reports it as not found, with what to do
  }
  const dflt = defaultModelDir(DEFAULT_REPO)
  if (existsSync(join(dflt, 'config.json'))) return dflt
  throw new AppError(
    'no_model',
    `No model given and ${DEFAULT_REPO} is not downloaded. Run \`zebra models download\` (about 150 MB), ` +
      `pass --model DIR (a CLIP folder in the Hugging Face ONNX layout), or try --model demo (a tiny model that only knows coloured shapes).`
  )
}
