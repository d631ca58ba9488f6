// window.zebra exists in the Electron renderer (exposed by src/preload/index.ts); in browser
// mode it is absent and src/renderer/src/api.ts builds the same API over HTTP.
import type { ZebraBridge } from '../shared/contract'

declare global {
  interface Window {
    zebra?: ZebraBridge
  }
}

export {}
