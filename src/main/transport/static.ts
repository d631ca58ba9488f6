// What both transports serve besides invoke: the built renderer's files and the open project's
// images. The file guard is one pure function so app:// (Electron) and GET /* (bridge) refuse the
// same paths.
import { join, resolve, sep } from 'node:path'
import type { ErrorCode } from '../../shared/errors'

export type ResolveImage = (imageId: number, thumb: boolean) => Promise<{ file: string; mime: string }>

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8'
}

export type RootPath = { ok: true; file: string } | { ok: false; reason: 'malformed' | 'outside' }

/**
 * The file a URL path names inside `root` (an absolute, resolved folder). Refused: a malformed
 * path (bad percent-encoding, NUL) and any path that escapes the folder ("..", encoded "%2e%2e",
 * encoded separators). "/" is index.html. Symlinks are the caller's business (realpath).
 */
export function resolveUnderRoot(root: string, urlPathname: string): RootPath {
  let rel: string
  try {
    rel = decodeURIComponent(urlPathname)
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (rel.includes('\0')) return { ok: false, reason: 'malformed' }
  if (rel === '/' || rel === '') rel = '/index.html'
  const file = resolve(join(root, rel))
  return file.startsWith(root + sep) ? { ok: true, file } : { ok: false, reason: 'outside' }
}

/** HTTP status for an AppError code reached outside the invoke envelope (images, auth, files). */
export function statusFor(code: ErrorCode): number {
  switch (code) {
    case 'unauthorized':
      return 401
    case 'outside_roots':
      return 403
    case 'not_found':
      return 404
    case 'no_project':
    case 'project_in_use':
      return 409
    case 'image_unreadable':
    case 'unsupported':
      return 415
    case 'invalid_input':
      return 400
    default:
      return 500
  }
}
