// Path containment: nothing outside the project's image roots is read or written through the API.
import { lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs'
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path'

/** true when `child` is `parent` or inside it (both absolute, already resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..')
}

/** realpath, or the resolved path when it does not exist (yet). */
export function realOrResolved(p: string): string {
  try {
    return realpathSync.native(p)
  } catch {
    return resolve(p)
  }
}

/** Relative path stored in the DB: always '/'-separated so a project moves between OSes. */
export function toPosixRel(rel: string): string {
  return sep === '/' ? rel : rel.split(sep).join('/')
}

export function fromPosixRel(rel: string): string {
  return sep === '/' ? rel : rel.split('/').join(sep)
}

/**
 * What is wrong with a symbolic link at `file` for a project file that must be created or opened
 * through it: 'loop' (it never resolves), 'dangling' (what it points to does not exist) or 'empty'
 * (it points to a 0-byte file); null when `file` is no link, or a link to a file with content.
 */
export function linkTrouble(file: string): { kind: 'loop' | 'dangling' | 'empty'; target: string } | null {
  try {
    if (!lstatSync(file).isSymbolicLink()) return null
  } catch {
    return null
  }
  const target = resolve(dirname(file), readlinkSync(file))
  try {
    return statSync(file).size === 0 ? { kind: 'empty', target } : null
  } catch (err) {
    return { kind: (err as NodeJS.ErrnoException).code === 'ELOOP' ? 'loop' : 'dangling', target }
  }
}
