// Electron main process entry (window, protocols, IPC are wired under src/main/electron).
import { app } from 'electron'

void app.whenReady().then(() => undefined)
