// Path containment: nothing outside the project's image roots is read or written through the API.
import { realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'

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
