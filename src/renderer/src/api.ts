// The renderer's one door to the main process. In Electron the preload has put the contract on
// window.zebra; in a browser (npm run serve) we build the same ZebraApi over fetch + EventSource,
// authenticated with the token from the page URL (kept in sessionStorage, removed from the bar).
import {
  BRIDGE_TOKEN_HEADER,
  BRIDGE_TOKEN_PARAM,
  EVENT_CHANNELS,
  type Envelope,
  type EventChannel,
  type EventMap,
  type InvokeChannel,
  type InvokeInput,
  type InvokeOutput,
  type ZebraApi,
  type ZebraBridge
} from '../../shared/contract'
import { AppError, toAppError, unwrap } from '../../shared/errors'
import { i18n } from './i18n'

// toAppError (shared/errors.ts) normalises whatever a call threw (an AppError passes through
// unchanged; a foreign Error becomes `internal` with its message).
export { toAppError }

/**
 * The Electron side: window.zebra (the preload's ZebraBridge) resolves with main's Envelope, and
 * here, on the renderer's side of contextBridge, an error envelope becomes the AppError with its
 * code, message and details. A rejected IPC call (no handler, window closing) is `internal`.
 */
export function createElectronApi(bridge: ZebraBridge): ZebraApi {
  return {
    transport: 'electron',
    async invoke<K extends InvokeChannel>(channel: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
      let env: Envelope<InvokeOutput<K>>
      try {
        env = await bridge.invoke(channel, input)
      } catch (err) {
        throw new AppError(
          'internal',
          i18n.t('common:api.mainNoAnswer', { channel, message: toAppError(err).message })
        )
      }
      return unwrap<InvokeOutput<K>>(env)
    },
    send: (channel, input) => bridge.send(channel, input),
    on: (channel, listener) => bridge.on(channel, listener),
    imageUrl: (imageId, opts) => bridge.imageUrl(imageId, opts)
  }
}

const TOKEN_KEY = 'zebra.token'

/** Reads the token from ?token= (then hides it from the address bar) or from sessionStorage. */
export function takeToken(
  loc: Location = window.location,
  storage: Storage = window.sessionStorage
): string | null {
  const url = new URL(loc.href)
  const fromUrl = url.searchParams.get(BRIDGE_TOKEN_PARAM)
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete(BRIDGE_TOKEN_PARAM)
    try {
      window.history.replaceState(null, '', url.pathname + url.search + url.hash)
    } catch {
      // jsdom or a locked-down history: keeping the token in the bar is harmless
    }
    return fromUrl
  }
  return storage.getItem(TOKEN_KEY)
}

export interface BrowserApiOptions {
  token: string
  /** origin + path prefix of the bridge; '' = same origin */
  base?: string
  fetchImpl?: typeof fetch
  EventSourceImpl?: typeof EventSource
}

export function createBrowserApi(opts: BrowserApiOptions): ZebraApi {
  const base = opts.base ?? ''
  const doFetch = opts.fetchImpl ?? ((...a: Parameters<typeof fetch>) => fetch(...a))
  const ES = opts.EventSourceImpl ?? (typeof EventSource === 'undefined' ? undefined : EventSource)
  const listeners = new Map<EventChannel, Set<(p: never) => void>>()
  let source: EventSource | null = null
  // the server is away while the event stream is lost or a request could not reach it; a request
  // that gets an answer clears the latter, the stream's reopening the former
  const conn = { streamLost: false, fetchFailed: false, up: true }
  const connListeners = new Set<(up: boolean) => void>()
  const setConn = (patch: Partial<typeof conn>): void => {
    Object.assign(conn, patch)
    const up = !conn.streamLost && !conn.fetchFailed
    if (up === conn.up) return
    conn.up = up
    for (const l of connListeners) l(up)
  }
  const q = `${BRIDGE_TOKEN_PARAM}=${encodeURIComponent(opts.token)}`

  const deliver = <K extends EventChannel>(channel: K, payload: EventMap[K]): void => {
    for (const l of listeners.get(channel) ?? []) l(payload as never)
  }

  function ensureSource(): void {
    if (source || !ES) return
    source = new ES(`${base}/api/events?${q}`)
    // EventSource retries by itself while the server is away (same port and token after a restart:
    // see bridge/identity.ts). Events sent meanwhile are lost, so on reconnect the screens refetch:
    // the model status as a model.changed, and a project.changed that makes them reread the project.
    let lost = false
    source.addEventListener('error', () => {
      lost = true
      setConn({ streamLost: true })
    })
    source.addEventListener('open', () => {
      if (!lost) return
      lost = false
      setConn({ streamLost: false, fetchFailed: false })
      deliver('project.changed', { reason: 'reconnected' })
      void api.invoke('model.status', {}).then(
        (m) => deliver('model.changed', m),
        () => undefined
      )
    })
    for (const channel of EVENT_CHANNELS) {
      source.addEventListener(channel, (ev) => {
        const set = listeners.get(channel)
        if (!set?.size) return
        const payload = JSON.parse((ev as MessageEvent<string>).data) as never
        for (const l of set) l(payload)
      })
    }
  }

  const api: ZebraApi = {
    transport: 'browser',
    async invoke<K extends InvokeChannel>(channel: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
      let res: Response
      try {
        res = await doFetch(`${base}/api/invoke/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: opts.token },
          body: JSON.stringify(input ?? {})
        })
      } catch (err) {
        setConn({ fetchFailed: true })
        throw new AppError(
          'offline',
          i18n.t('common:api.serverUnreachable', { message: (err as Error).message })
        )
      }
      setConn({ fetchFailed: false })
      // the bridge answers every request, error or not, with a JSON Envelope
      let env: unknown
      try {
        env = await res.json()
      } catch {
        throw new AppError('internal', i18n.t('common:api.unexpectedAnswer', { status: res.status }))
      }
      return unwrap<InvokeOutput<K>>(env)
    },
    send(channel, input) {
      void doFetch(`${base}/api/send/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: opts.token },
        body: JSON.stringify(input)
      }).catch(() => undefined)
    },
    on<K extends EventChannel>(channel: K, listener: (payload: EventMap[K]) => void): () => void {
      ensureSource()
      let set = listeners.get(channel)
      if (!set) listeners.set(channel, (set = new Set()))
      set.add(listener as (p: never) => void)
      return () => set.delete(listener as (p: never) => void)
    },
    imageUrl(imageId, o) {
      return `${base}/api/image/${imageId}?${o?.thumb ? 'thumb=1&' : ''}${q}`
    },
    onConnection(listener) {
      ensureSource()
      connListeners.add(listener)
      return () => connListeners.delete(listener)
    }
  }
  return api
}

let cached: ZebraApi | null = null

/** window.zebra in Electron, else the HTTP bridge; null when opened without a token. */
export function getApi(): ZebraApi | null {
  if (cached) return cached
  if (window.zebra) return (cached = createElectronApi(window.zebra))
  const token = takeToken()
  if (!token) return null
  return (cached = createBrowserApi({ token }))
}

/** invoke that always throws AppError (both transports; api.invoke does too, this also covers test doubles). */
export async function call<K extends InvokeChannel>(
  api: ZebraApi,
  channel: K,
  input: InvokeInput<K>
): Promise<InvokeOutput<K>> {
  try {
    return await api.invoke(channel, input)
  } catch (err) {
    throw toAppError(err)
  }
}
