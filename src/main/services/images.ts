// Image files of the open project for the renderer: the original (or a browser-safe preview of
// formats browsers do not show) and cached thumbnails. Every path is realpath'd and must lie in one
// of the project's roots: a DB row or a link cannot make us read anything else.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, realpath, rename, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import sharp from 'sharp'
import { AppError } from '../../shared/errors'
import { isInside } from '../db/paths'
import type { Project } from '../db/project'

export const THUMB_SIZE = 256
const PREVIEW_MAX = 4096
const WEB_MIME: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.jpe': 'image/jpeg',
  '.jfif': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif'
}

/** realpath of an image of the project, refused (outside_roots) when it is not inside a root. */
export async function safeImagePath(project: Project, imageId: number): Promise<string> {
  const file = project.imageFile(imageId)
  let real: string
  try {
    real = await realpath(file)
  } catch {
    throw new AppError('not_found', `The image file is missing: ${file}. Rescan the project.`, { imageId })
  }
  for (const r of project.roots()) {
    const root = await realpath(r.path).catch(() => r.path)
    if (isInside(root, real)) return real
  }
  throw new AppError('outside_roots', 'That image lies outside the project folders and is not served.', {
    imageId
  })
}

const inflight = new Map<string, Promise<void>>()

async function render(src: string, dst: string, kind: 'thumb' | 'preview'): Promise<void> {
  await mkdir(join(dst, '..'), { recursive: true })
  const tmp = `${dst}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    const img = sharp(src, { failOn: 'truncated' }).rotate()
    if (kind === 'thumb') {
      await img
        .resize(THUMB_SIZE, THUMB_SIZE, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 80 })
        .toFile(tmp)
    } else {
      await img
        .resize(PREVIEW_MAX, PREVIEW_MAX, { fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality: 90 })
        .toFile(tmp)
    }
    await rename(tmp, dst)
  } catch (err) {
    throw new AppError(
      'image_unreadable',
      `Cannot read this image: ${(err as Error).message.split('\n')[0]}`,
      { file: src }
    )
  }
}

/**
 * The file to send for an image: the original when browsers show its format, else a cached JPEG
 * preview; with `thumb`, a cached JPEG thumbnail (THUMB_SIZE px), keyed by path, size and mtime.
 */
export async function resolveProjectImage(
  project: Project,
  imageId: number,
  thumb: boolean,
  cacheDir: string
): Promise<{ file: string; mime: string }> {
  const src = await safeImagePath(project, imageId)
  const webMime = WEB_MIME[extname(src).toLowerCase()]
  if (!thumb && webMime) return { file: src, mime: webMime }
  const st = await stat(src)
  const kind = thumb ? 'thumb' : 'preview'
  const key = createHash('sha1').update(`${kind}\0${src}\0${st.size}\0${st.mtimeMs}`).digest('hex')
  const dst = join(cacheDir, key.slice(0, 2), `${key}.jpg`)
  if (!existsSync(dst)) {
    let p = inflight.get(dst)
    if (!p) {
      p = render(src, dst, kind).finally(() => inflight.delete(dst))
      inflight.set(dst, p)
    }
    await p
  }
  return { file: dst, mime: 'image/jpeg' }
}
