// A small native menu: the Edit roles make copy/paste work in text fields on macOS; no reload or
// devtools in packaged builds.
import { app, Menu, type MenuItemConstructorOptions } from 'electron'

export function installMenu(dev: boolean): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(dev
          ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }, { type: 'separator' as const }]
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' }
      ]
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: `Zebra ${app.getVersion()}`, enabled: false }] }
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}
