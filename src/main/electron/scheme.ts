// The renderer's origin in Electron (served by protocol.ts). Kept apart so pure modules can use
// it without loading Electron.
export const APP_SCHEME = 'app'
export const APP_HOST = 'zebra'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
