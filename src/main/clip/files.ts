// Turning command-line style FILE_OR_DIR arguments into image files, shared by the CLI, jobs and
// services.
import { readdir, stat } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import { AppError } from '../../shared/errors'

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
