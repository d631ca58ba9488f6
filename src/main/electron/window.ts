// The one app window: sandboxed, isolated, no Node in the renderer; only the preload's
// contextBridge API (window.zebra) crosses over.
import { join } from 'node:path'
import { BrowserWindow } from 'electron'
import { APP_ORIGIN } from './scheme'

export function createMainWindow(opts: { preload: string; devUrl: string | null }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Zebra',
    backgroundColor: '#1b1d22',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false
    }
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(opts.devUrl ?? `${APP_ORIGIN}/index.html`)
  return win
}

export function preloadPath(mainDir: string): string {
  return join(mainDir, '../preload/index.js')
}
