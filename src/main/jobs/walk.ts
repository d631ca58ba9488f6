// Lists image files under a root, recursively, without following links out of the root.
import type { Dirent } from 'node:fs'
import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { IMAGE_EXTENSIONS } from '../clip/files'
import { isInside, toPosixRel } from '../db/paths'

/** Extensions scanned as images (one list for the CLI and the scanner). A file with one of these
 * that fails to decode is recorded unreadable. */
export { IMAGE_EXTENSIONS }

export interface FoundFile {
  /** '/'-separated path relative to the root */
  rel: string
  abs: string
  bytes: number
  mtimeMs: number
}

/** Walks `root` (absolute, realpath'd) depth-first in name order; skips dot-folders and links that leave the root. */
export async function* walkImages(root: string, signal?: AbortSignal): AsyncGenerator<FoundFile> {
  const stack: string[] = [root]
  while (stack.length > 0) {
    if (signal?.aborted) return
    const dir = stack.pop()!
    let entries: Dirent[]
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch {
      continue
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const subdirs: string[] = []
    for (const e of entries) {
      if (e.name.startsWith('.')) continue
      const abs = join(dir, e.name)
      let isDir = e.isDirectory()
      let isFile = e.isFile()
      if (e.isSymbolicLink()) {
        // follow only links that stay inside the root
        try {
          const real = await realpath(abs)
          if (!isInside(root, real)) continue
          const st = await stat(real)
          isDir = st.isDirectory()
          isFile = st.isFile()
          if (isDir) continue // a linked folder inside the root is scanned through its real path
        } catch {
          continue
        }
      }
      if (isDir) {
        subdirs.push(abs)
        continue
      }
      if (!isFile || !IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase())) continue
      try {
        const st = await lstat(abs).then((s) => (s.isSymbolicLink() ? stat(abs) : s))
        yield {
          rel: toPosixRel(abs.slice(root.length + 1)),
          abs,
          bytes: st.size,
          mtimeMs: Math.floor(st.mtimeMs)
        }
      } catch {
        continue
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!)
  }
}
