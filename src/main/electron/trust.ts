// Pure checks behind the Electron hardening (no Electron import, so they are unit-tested in plain
// Node): which frame may call IPC, which URLs are our renderer, which external links may open.
import { APP_HOST, APP_SCHEME } from './scheme'

/** The few fields of Electron's WebFrameMain the sender check reads. */
export interface FrameInfo {
  parent: unknown | null
  processId: number
  routingId: number
  url: string
}

/**
 * Whether an IPC message comes from our window's top frame showing our renderer: never another
 * WebContents, never an iframe, never a page the window was navigated to.
 */
export function isTrustedSender(
  sender: unknown,
  senderFrame: FrameInfo | null | undefined,
  main: { contents: unknown; mainFrame: { processId: number; routingId: number } } | null,
  isAppUrl: (url: string) => boolean
): boolean {
  if (!main || sender !== main.contents || !senderFrame) return false
  return (
    senderFrame.parent === null &&
    senderFrame.processId === main.mainFrame.processId &&
    senderFrame.routingId === main.mainFrame.routingId &&
    isAppUrl(senderFrame.url)
  )
}

/** app://zebra/… always; the dev server's origin only when one is given (npm run dev). */
export function appUrlMatcher(devUrl: string | null): (url: string) => boolean {
  const devOrigin = devUrl ? new URL(devUrl).origin : null
  return (url: string) => {
    try {
      const u = new URL(url)
      if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true
      return devOrigin !== null && u.origin === devOrigin
    } catch {
      return false
    }
  }
}

/** Hosts a link in the app may open in the user's browser (model pages on the Hub, the docs). */
const EXTERNAL_HOSTS: readonly string[] = ['huggingface.co', 'github.com']

/** https only, on an allow-listed host exactly (no subdomain tricks, no credentials, no port). */
export function externalUrlAllowed(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  return (
    u.protocol === 'https:' &&
    u.username === '' &&
    u.password === '' &&
    u.port === '' &&
    hosts.includes(u.hostname)
  )
}
