// Image files of the open project for the renderer: the original (or a browser-safe preview of
// formats browsers do not show) and cached thumbnails. Every path is realpath'd and must lie in one
// of the project's roots: a DB row or a link cannot make us read anything else.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, realpath, rename, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import sharp from 'sharp'
import { AppError } from '../../../shared/errors'
import { isInside } from '../../db/paths'
import type { Project } from '../../db/project'

const THUMB_SIZE = 256
const PREVIEW_MAX = 4096
/**
 * Past this many pixels (or this long a side) the review screen gets the bounded preview instead
 * of the original: a 30000^2 PNG is 150 KB on disk but ~3.6 GB decoded in the browser.
 */
export const DISPLAY_MAX_PIXELS = 24_000_000
const DISPLAY_MAX_SIDE = 8192
// decoding for a preview streams (sequentialRead) so memory stays bounded; beyond this we refuse
const INPUT_PIXEL_LIMIT = 2 ** 30
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
async function safeImagePath(project: Project, imageId: number): Promise<string> {
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
    const img = sharp(src, {
      failOn: 'truncated',
      limitInputPixels: INPUT_PIXEL_LIMIT,
      sequentialRead: true
    }).rotate()
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

/** true when the image is too large to hand to a browser as is (header read only) */
async function tooLargeToShow(src: string): Promise<boolean> {
  try {
    const m = await sharp(src, { limitInputPixels: false }).metadata()
    const w = m.width ?? 0
    const h = m.height ?? 0
    return w * h > DISPLAY_MAX_PIXELS || Math.max(w, h) > DISPLAY_MAX_SIDE
  } catch {
    return false // the browser shows its own broken-image state; render() would fail the same
  }
}

/**
 * The file to send for an image: the original when browsers show its format and it is not past
 * DISPLAY_MAX_PIXELS, else a cached JPEG preview (PREVIEW_MAX px); with `thumb`, a cached JPEG
 * thumbnail (THUMB_SIZE px). Cached renditions are keyed by path, size and mtime.
 */
export async function resolveProjectImage(
  project: Project,
  imageId: number,
  thumb: boolean,
  cacheDir: string
): Promise<{ file: string; mime: string }> {
  const src = await safeImagePath(project, imageId)
  const webMime = WEB_MIME[extname(src).toLowerCase()]
  if (!thumb && webMime && !(await tooLargeToShow(src))) return { file: src, mime: webMime }
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
