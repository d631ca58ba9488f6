// The file side of creating a project: the temp file it is built in, and publishing it under its
// name without ever replacing a file that appeared meanwhile.
import { copyFileSync, constants, linkSync, renameSync, rmSync, statSync } from 'node:fs'
import { AppError } from '../../shared/errors'

/** the temp file this process builds `path` in */
export function creatingFile(path: string, pid = process.pid): string {
  return `${path}.${pid}.creating`
}

/** a temp file and the SQLite files beside it */
export function withSidecars(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]
}

function exists(path: string): AppError {
  return new AppError('invalid_input', `${path} already exists: open it, or choose another file name.`, {
    file: path
  })
}

/**
 * Publishes the finished temp file under `path` in one step that fails when `path` exists (a hard
 * link, unlike a rename, never replaces): of two inits of one path exactly one wins, and the other
 * is told the file exists. An empty file at `path` (one a save dialog made) is taken over.
 */
export function publishNoReplace(tmp: string, path: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      linkSync(tmp, path)
      rmSync(tmp, { force: true })
      return
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'EEXIST') {
        if (attempt > 0 || !takeEmpty(path)) throw exists(path)
        continue
      }
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err
      // a file system without hard links (FAT, some network shares): an exclusive copy still never
      // replaces another file
      try {
        copyFileSync(tmp, path, constants.COPYFILE_EXCL)
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw exists(path)
        throw e
      }
      rmSync(tmp, { force: true })
      return
    }
  }
}

/**
 * Moves an empty file at `path` out of the way; false when what is there is not empty. The move
 * comes first (one process gets any one file) and the size is checked on what was moved, so a
 * project another init published meanwhile is put back, never deleted.
 */
function takeEmpty(path: string): boolean {
  const aside = `${path}.${process.pid}.creating-empty`
  try {
    renameSync(path, aside)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true // gone: try the link again
    throw err
  }
  if (statSync(aside).size === 0) {
    rmSync(aside, { force: true })
    return true
  }
  linkSync(aside, path) // fails, and keeps `aside`, only if a third init published meanwhile
  rmSync(aside, { force: true })
  return false
}
