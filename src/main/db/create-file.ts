// The file side of creating a project: the temp file it is built in, publishing it under its name
// without ever replacing a file that appeared meanwhile, and the temp files of inits that were
// killed before they could remove their own.
import { copyFileSync, constants, linkSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { AppError } from '../../shared/errors'

/** the temp file this process builds `path` in */
export function creatingFile(path: string, pid = process.pid): string {
  return `${path}.${pid}.creating`
}

/** a temp file and the SQLite files beside it */
export function withSidecars(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]
}

/** Whether a process of this machine with this pid exists (stale temp files and job locks). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists, it is another user's
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the temp files (and their -wal/-shm) that inits of any project in `path`'s folder left
 * when they were killed: those whose process is gone. A live process's temp file is its work in
 * progress and stays. Returns the names removed.
 */
export function removeStaleCreating(path: string): string[] {
  const dir = dirname(path)
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const m = /\.(\d+)\.creating(-wal|-shm|-journal)?$/.exec(name)
    if (!m) continue
    const pid = Number(m[1])
    if (pid === process.pid || processAlive(pid)) continue
    try {
      rmSync(join(dir, name), { force: true })
      removed.push(name)
    } catch {
      // another user's file, or already gone: not ours to insist on
    }
  }
  return removed
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
