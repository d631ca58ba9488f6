// App-wide hardening: no navigation away from our page (top frame or any subframe), no new
// windows, no webviews, every permission (camera, notifications, geolocation...) denied, external
// links only to allow-listed hosts, and a CSP on dev-server pages too. Zebra needs none of the rest.
import { app, session, shell } from 'electron'
import { log } from '../log'
import { devServerSecurityPolicy } from '../transport/csp'
import { externalUrlAllowed } from './trust'

export interface HardenOptions {
  isAppUrl: (url: string) => boolean
  /** test runs (ZEBRA_TEST=1) never hand a URL to the OS: they log it instead */
  testMode: boolean
}

function openOutside(url: string, testMode: boolean): void {
  if (!externalUrlAllowed(url)) {
    log('warn', `refused to open ${url}: not an allow-listed https host`)
    return
  }
  if (testMode) {
    log('info', `test mode: would open ${url} in the browser`)
    return
  }
  void shell.openExternal(url)
}

export function hardenApp(opts: HardenOptions): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!opts.isAppUrl(url)) {
        event.preventDefault()
        log('warn', `blocked navigation to ${url}`)
      }
    })
    // iframes included: will-navigate covers only the top frame
    contents.on('will-frame-navigate', (event) => {
      if (!opts.isAppUrl(event.url)) {
        event.preventDefault()
        log('warn', `blocked frame navigation to ${event.url}`)
      }
    })
    contents.on('will-redirect', (event, url) => {
      if (!opts.isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      // an allow-listed https link (e.g. the model's Hub page) opens in the user's browser, never inside Zebra
      openOutside(url, opts.testMode)
      return { action: 'deny' }
    })
  })
}

export function denyPermissions(): void {
  const s = session.defaultSession
  s.setPermissionRequestHandler((_wc, permission, callback) => {
    log('warn', `denied permission request: ${permission}`)
    callback(false)
  })
  s.setPermissionCheckHandler(() => false)
}

/** app:// responses carry their CSP from protocol.ts; the dev server's pages get one here. */
export function devServerCsp(devUrl: string): void {
  const csp = devServerSecurityPolicy(devUrl)
  const origin = new URL(devUrl).origin
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    if (!details.url.startsWith(origin + '/')) return callback({})
    callback({ responseHeaders: { ...details.responseHeaders, 'content-security-policy': [csp] } })
  })
}
