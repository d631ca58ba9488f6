// Folder listing for the folder picker (both transports; the browser has no native dialog).
import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join, parse, resolve } from 'node:path'
import type { DirEntry } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { IMAGE_EXTENSIONS } from '../../jobs/walk'

const PROJECT_EXT = '.zebra'
/** label files the import dialog picks (Label Studio JSON, FiftyOne labels.json, CSV) */
const LABEL_EXTS = new Set(['.json', '.csv'])

/** Folders, images, project and label files in a folder (hidden ones left out), folders first. */
export async function listDir(
  pathArg?: string
): Promise<{ path: string; parent: string | null; entries: DirEntry[] }> {
  const path = resolve(pathArg ?? homedir())
  let st
  try {
    st = await stat(path)
  } catch {
    throw new AppError('not_found', `Folder not found: ${path}`)
  }
  if (!st.isDirectory()) throw new AppError('invalid_input', `${path} is not a folder.`)
  let dirents: Dirent[]
  try {
    dirents = await readdir(path, { withFileTypes: true })
  } catch (err) {
    throw new AppError('not_found', `Cannot list ${path}: ${(err as Error).message}`)
  }
  const entries: DirEntry[] = []
  for (const d of dirents) {
    if (d.name.startsWith('.')) continue
    const full = join(path, d.name)
    let isDir = d.isDirectory()
    if (d.isSymbolicLink())
      isDir = await stat(full)
        .then((s) => s.isDirectory())
        .catch(() => false)
    const ext = parse(d.name).ext.toLowerCase()
    if (isDir || IMAGE_EXTENSIONS.has(ext) || ext === PROJECT_EXT || LABEL_EXTS.has(ext))
      entries.push({ name: d.name, path: full, isDir })
  }
  entries.sort((a, b) => (a.isDir !== b.isDir ? (a.isDir ? -1 : 1) : a.name.localeCompare(b.name)))
  const parent = dirname(path) === path ? null : dirname(path)
  return { path, parent, entries }
}
