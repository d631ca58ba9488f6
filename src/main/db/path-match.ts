// A path from outside (a CSV of labels, embeddings computed elsewhere) to an image of the project:
// absolute and inside an image root, or relative to a root (or to a root's parent, as in
// "images/a.jpg" for the root ".../images"). A relative path may not climb out with "..".
import { isAbsolute, join, resolve } from 'node:path'
import type { Statement } from 'better-sqlite3'
import type { ImageState } from '../../shared/contract'
import { toPosixRel } from './paths'
import type { Project } from './project'

export type PathMatch = { imageId: number; state: ImageState } | { imageId: null; reason: string }

export function imagePathMatcher(project: Project): (path: string) => PathMatch {
  const find = project.db.prepare('SELECT id, state FROM images WHERE root_id = ? AND rel_path = ?')
  const roots = project.roots()
  return (path) => matchWith(project, roots, find, path)
}

function matchWith(
  project: Project,
  roots: { id: number; path: string }[],
  find: Statement,
  path: string
): PathMatch {
  const p = path.trim()
  if (!p) return { imageId: null, reason: 'empty path' }
  const lookup = (rootId: number, rel: string): PathMatch | null => {
    const r = find.get(rootId, rel) as { id: number; state: ImageState } | undefined
    return r ? { imageId: r.id, state: r.state } : null
  }
  if (isAbsolute(p)) {
    const root = project.rootOf(p)
    if (!root) return { imageId: null, reason: `outside the project folders: ${p}` }
    return (
      lookup(root.id, toPosixRel(root.rel)) ?? {
        imageId: null,
        reason: `not in the project (scan first?): ${p}`
      }
    )
  }
  const rel = toPosixRel(p).replace(/^\.\//, '')
  if (rel.split('/').includes('..')) return { imageId: null, reason: `path leaves the image folder: ${p}` }
  for (const root of roots) {
    const direct = lookup(root.id, rel)
    if (direct) return direct
    const viaParent = project.rootOf(resolve(join(root.path, '..'), p))
    const m = viaParent ? lookup(viaParent.id, toPosixRel(viaParent.rel)) : null
    if (m) return m
  }
  return { imageId: null, reason: `not in the project (scan first?): ${p}` }
}
