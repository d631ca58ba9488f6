// The Content-Security-Policy of the renderer, the same in Electron (app:// responses) and in the
// browser bridge: our own scripts and styles only, no remote origin anywhere, images only from
// ourselves (bridge route / zebra-image: protocol) and in-memory blobs.
import { IMAGE_PROTOCOL } from '../../shared/contract'

export function contentSecurityPolicy(transport: 'electron' | 'browser'): string {
  const img = transport === 'electron' ? `'self' ${IMAGE_PROTOCOL}: data: blob:` : `'self' data: blob:`
  return [
    `default-src 'self'`,
    `script-src 'self'`,
    `style-src 'self'`,
    `img-src ${img}`,
    // the review screen fetches a failed image's URL once to show the server's reason
    `connect-src ${transport === 'electron' ? `'self' ${IMAGE_PROTOCOL}:` : `'self'`}`,
    `font-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-ancestors 'none'`
  ].join('; ')
}

/**
 * The policy `npm run dev` pages get (set by Electron on the dev server's responses): Electron's,
 * plus what Vite's dev server needs: the React refresh preamble is an inline script, and hot
 * reload talks over a WebSocket to the same host.
 */
export function devServerSecurityPolicy(devUrl: string): string {
  const u = new URL(devUrl)
  const ws = `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`
  return contentSecurityPolicy('electron')
    .replace(`script-src 'self'`, `script-src 'self' 'unsafe-inline'`)
    .replace(`style-src 'self'`, `style-src 'self' 'unsafe-inline'`)
    .replace(/connect-src ([^;]*)/, `connect-src $1 ${ws}`)
}
