// Electron main process: one window, the contract served over typed IPC, images and the renderer
// over custom protocols. The services are the same ones the browser bridge uses.
import { join } from 'node:path'
import { app, safeStorage, type BrowserWindow } from 'electron'
import { createServices } from './services'
import { dataDir } from './paths'
import { log, setLogDir } from './log'
import { registerIpc, sendEvent } from './electron/ipc'
import { installMenu } from './electron/menu'
import { appSecretStore } from './electron/secrets'
import { handleProtocols, registerSchemes } from './electron/protocol'
import { denyPermissions, devServerCsp, hardenApp } from './electron/security'
import { appUrlMatcher } from './electron/trust'
import { createMainWindow, preloadPath } from './electron/window'

// electron-vite sets this in `npm run dev` only; a packaged app always loads app://
const devUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null

const isAppUrl = appUrlMatcher(devUrl)
const testMode = process.env.ZEBRA_TEST === '1'

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  let win: BrowserWindow | null = null
  registerSchemes()
  hardenApp({ isAppUrl, testMode })
  setLogDir(dataDir())

  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })

  void app.whenReady().then(() => {
    denyPermissions()
    if (devUrl) devServerCsp(devUrl)
    installMenu(!app.isPackaged)
    const services = createServices({
      emit: (channel, payload) => sendEvent(win?.webContents ?? null, channel, payload),
      dataDir: dataDir(),
      transport: 'electron',
      testMode,
      // after 'ready': before it, safeStorage cannot tell whether the keychain is there
      secrets: appSecretStore(dataDir(), safeStorage)
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
