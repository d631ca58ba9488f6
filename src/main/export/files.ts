// What every export that writes files shares: names safe on every OS, unique names per folder
// (nothing overwritten), the target-folder check, and placing an image by copy or link.
import { copyFile, link, readdir, symlink } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { extname } from 'node:path'
import { AppError } from '../../shared/errors'

export type LinkMode = 'copy' | 'hardlink' | 'symlink'

/** A label as a folder name on every OS: no separators, reserved characters or trailing dots. */
export function safeName(name: string): string {
  let s = name
    .normalize('NFC')
    // control characters are invalid in Windows file names
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_')
    .replace(/[. ]+$/g, '')
  if (s === '' || s === '.' || s === '..') s = '_'
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(s)) s = `_${s}`
  return s.slice(0, 200)
}

/** Picks unique names per folder (case-insensitively, for macOS and Windows): a.jpg, a_1.jpg, ... */
export class NameAllocator {
  private used = new Map<string, Set<string>>()
  take(dir: string, wanted: string): string {
    let set = this.used.get(dir)
    if (!set) this.used.set(dir, (set = new Set()))
    const ext = extname(wanted)
    const stem = wanted.slice(0, wanted.length - ext.length)
    let name = wanted
    for (let i = 1; set.has(name.toLowerCase()); i++) name = `${stem}_${i}${ext}`
    set.add(name.toLowerCase())
    return name
  }
  /** gives a name back (its file was not written after all) */
  release(dir: string, name: string): void {
    this.used.get(dir)?.delete(name.toLowerCase())
  }
}

export async function assertTarget(outDir: string, force: boolean): Promise<void> {
  if (!existsSync(outDir)) return
  const entries = await readdir(outDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOTDIR') throw new AppError('target_not_empty', `${outDir} is a file, not a folder.`)
    throw err
  })
  if (entries.length > 0 && !force) {
    throw new AppError(
      'target_not_empty',
      `${outDir} is not empty. Choose an empty folder, or allow writing into a non-empty one.`,
      { outDir, entries: entries.length, remedy: 'write_anyway' }
    )
  }
}

export async function placeFile(src: string, dst: string, mode: LinkMode): Promise<void> {
  if (mode === 'symlink') {
    await symlink(src, dst)
    return
  }
  if (mode === 'hardlink') {
    try {
      await link(src, dst)
      return
    } catch (err) {
      // another volume: a copy keeps the export whole
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
    }
  }
  await copyFile(src, dst)
}
