// Electron main process: one window, the contract served over typed IPC, images and the renderer
// over custom protocols. The services are the same ones the browser bridge uses.
import { join } from 'node:path'
import { app, type BrowserWindow } from 'electron'
import { createServices } from './services'
import { dataDir } from './paths'
import { log, setLogDir } from './log'
import { registerIpc, sendEvent } from './electron/ipc'
import { installMenu } from './electron/menu'
import { APP_HOST, APP_SCHEME, handleProtocols, registerSchemes } from './electron/protocol'
import { denyPermissions, hardenApp } from './electron/security'
import { createMainWindow, preloadPath } from './electron/window'

// electron-vite sets this in `npm run dev` only; a packaged app always loads app://
const devUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null

function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url)
    if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true
    return devUrl !== null && u.origin === new URL(devUrl).origin
  } catch {
    return false
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let win: BrowserWindow | null = null
  registerSchemes()
  hardenApp(isAppUrl)
  setLogDir(dataDir())

  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })

  void app.whenReady().then(() => {
    denyPermissions()
    installMenu(!app.isPackaged)
    const services = createServices({
      emit: (channel, payload) => sendEvent(win?.webContents ?? null, channel, payload),
      dataDir: dataDir(),
      transport: 'electron',
      testMode: process.env.ZEBRA_TEST === '1'
    })
    handleProtocols(join(__dirname, '../renderer'), (id, thumb) => services.resolveImage(id, thumb))
    const unregister = registerIpc({
      handlers: services.handlers,
      mainContents: () => win?.webContents ?? null,
      isAppUrl
    })
    win = createMainWindow({ preload: preloadPath(__dirname), devUrl })
    win.on('closed', () => (win = null))

    app.on('window-all-closed', () => app.quit())
    app.on('will-quit', () => {
      unregister()
      void Promise.resolve(services.dispose()).catch((err: unknown) => log('error', 'dispose failed', err))
    })
    log('info', `Zebra ${app.getVersion()} started (data: ${dataDir()})`)
  })
}
