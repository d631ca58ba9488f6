// Two custom schemes: app:// serves the built renderer (so the page has a real origin and a CSP
// header instead of file://), zebra-image:// serves images of the open project by id. Image paths
// come only from the services' resolveImage, which refuses files outside the project's roots.
import { readFile } from 'node:fs/promises'
import { extname, resolve } from 'node:path'
import { protocol } from 'electron'
import { IMAGE_PROTOCOL } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { log } from '../log'
import { contentSecurityPolicy } from '../transport/csp'
import { MIME, resolveUnderRoot, statusFor, type ResolveImage } from '../transport/static'
import { APP_HOST, APP_SCHEME } from './scheme'

/** Must run before app is ready. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    {
      scheme: IMAGE_PROTOCOL,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true }
    }
  ])
}

function errorResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })
}

export function handleProtocols(rendererDir: string, resolveImage: ResolveImage): void {
  const root = resolve(rendererDir)
  const csp = contentSecurityPolicy('electron')

  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST) return errorResponse(404, 'Not found')
    const target = resolveUnderRoot(root, url.pathname)
    if (!target.ok) return errorResponse(target.reason === 'malformed' ? 400 : 404, 'Not found')
    try {
      const body = await readFile(target.file)
      return new Response(body, {
        headers: {
          'content-type': MIME[extname(target.file).toLowerCase()] ?? 'application/octet-stream',
          'content-security-policy': csp,
          'x-content-type-options': 'nosniff'
        }
      })
    } catch {
      return errorResponse(404, 'Not found')
    }
  })

  protocol.handle(IMAGE_PROTOCOL, async (request) => {
    // zebra-image://img/<id>?thumb=1
    const url = new URL(request.url)
    const id = Number(url.pathname.replace(/^\//, ''))
    if (!Number.isSafeInteger(id) || id < 0) return errorResponse(400, 'Bad image id')
    try {
      const { file, mime } = await resolveImage(id, url.searchParams.get('thumb') === '1')
      const body = await readFile(file)
      return new Response(body, { headers: { 'content-type': mime, 'cache-control': 'private, max-age=60' } })
    } catch (err) {
      if (err instanceof AppError) return errorResponse(statusFor(err.code), err.message)
      log('error', `image ${id} failed`, err)
      return errorResponse(500, 'Could not read the image')
    }
  })
}
