// Finds the project image an imported entry means: by its path (absolute, or relative to an image
// folder or to that folder's parent), by a path below some folder above the images (Label
// Studio's document root), or, for a copy in another tool's tree, by its file name when exactly
// one image has that name and, when the copy's size is known, that size.
import { basename, isAbsolute, join, resolve } from 'node:path'
import { imageIdByRel } from '../../db/images'
import { imageFileRows, type ImageFileRow } from '../../db/image-index'
import { toPosixRel } from '../../db/paths'
import type { Project } from '../../db/project'

export type Found = { imageId: number } | { reason: string }

export class ImageResolver {
  private names: Map<string, ImageFileRow[]> | null = null
  constructor(private readonly project: Project) {}

  /** An absolute path, or one relative to an image folder or to its parent ("images/a.jpg"). */
  byPath(p: string): Found {
    if (isAbsolute(p)) {
      const root = this.project.rootOf(p)
      if (!root) return { reason: 'outside the project folders' }
      const id = imageIdByRel(this.project.db, root.id, toPosixRel(root.rel))
      return id === null ? { reason: 'not in the project (scan first?)' } : { imageId: id }
    }
    const rel = toPosixRel(p).replace(/^\.\//, '')
    if (rel.split('/').includes('..')) return { reason: 'path leaves the image folder' }
    for (const root of this.project.roots()) {
      let id = imageIdByRel(this.project.db, root.id, rel)
      if (id !== null) return { imageId: id }
      const viaParent = this.project.rootOf(resolve(join(root.path, '..'), p))
      if (viaParent) id = imageIdByRel(this.project.db, viaParent.id, toPosixRel(viaParent.rel))
      if (id !== null) return { imageId: id }
    }
    return { reason: 'not in the project (scan first?)' }
  }

  /** A posix path below an unknown folder above the images: the path itself, then ever shorter tails. */
  byTail(relPosix: string): Found {
    const parts = relPosix.split('/').filter((s) => s && s !== '.')
    if (parts.includes('..')) return { reason: 'path leaves the image folder' }
    const abs = this.byPath(`/${parts.join('/')}`)
    if ('imageId' in abs) return abs
    for (let i = 0; i < parts.length; i++) {
      const f = this.byPath(parts.slice(i).join('/'))
      if ('imageId' in f) return f
    }
    return { reason: 'not in the project (scan first?)' }
  }

  /** The one image named `name` (any case), narrowed by size when `bytes` is known. */
  byFileName(name: string, bytes?: number | null): Found {
    if (!this.names) {
      this.names = new Map()
      for (const r of imageFileRows(this.project.db)) {
        const k = basename(r.rel_path).toLowerCase()
        const list = this.names.get(k)
        if (list) list.push(r)
        else this.names.set(k, [r])
      }
    }
    const named = this.names.get(name.toLowerCase()) ?? []
    if (named.length === 0) return { reason: 'no image of the project has this file name' }
    // a same-named file of another size is another picture (IMG_0001.jpg of another camera)
    const found = bytes == null ? named : named.filter((r) => r.bytes === null || r.bytes === bytes)
    if (found.length === 1) return { imageId: found[0]!.id }
    return found.length === 0
      ? { reason: 'the image of this file name in the project has another size' }
      : { reason: `${found.length} images of the project have this file name` }
  }
}
