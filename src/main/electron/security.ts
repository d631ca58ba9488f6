// App-wide hardening: no navigation away from our page, no new windows, no webviews, every
// permission (camera, notifications, geolocation...) denied. Zebra needs none of them.
import { app, session, shell } from 'electron'
import { log } from '../log'

export function hardenApp(isAppUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) {
        event.preventDefault()
        log('warn', `blocked navigation to ${url}`)
      }
    })
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      // an https link (e.g. the model's Hub page) opens in the user's browser, never inside Zebra
      if (url.startsWith('https://')) void shell.openExternal(url)
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
