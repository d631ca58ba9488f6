// Exposes exactly the ZebraApi (src/shared/contract.ts) as window.zebra. Errors come back from
// main as Envelope data and are rethrown here as Error objects carrying {code, details}, so the
// renderer handles both transports the same way (see src/renderer/src/api.ts).
import { contextBridge } from 'electron'
import type {
  Envelope,
  EventChannel,
  EventMap,
  InvokeChannel,
  InvokeInput,
  InvokeOutput,
  SendChannel,
  SendInput,
  ZebraApi
} from '../shared/contract'
import { invokeRaw, onEventRaw, sendRaw } from './ipc'

// Type-only imports: the sandboxed preload may not require() packages (contract.ts loads zod),
// so the one constant is repeated here and checked against the contract's literal type.
const IMAGE_PROTOCOL: typeof import('../shared/contract').IMAGE_PROTOCOL = 'zebra-image'

class ZebraError extends Error {
  code: string
  details: unknown
  constructor(code: string, message: string, details: unknown) {
    super(message)
    this.name = 'ZebraError'
    this.code = code
    this.details = details
  }
}

const api: ZebraApi = {
  transport: 'electron',
  async invoke<K extends InvokeChannel>(channel: K, input: InvokeInput<K>): Promise<InvokeOutput<K>> {
    const env = (await invokeRaw(channel, input)) as Envelope<InvokeOutput<K>>
    if (env.ok) return env.value
    // contextBridge copies only message for Errors: the renderer re-reads code from the prefix
    throw new ZebraError(env.error.code, `[${env.error.code}] ${env.error.message}`, env.error.details)
  },
  send<K extends SendChannel>(channel: K, input: SendInput<K>): void {
    sendRaw(channel, input)
  },
  on<K extends EventChannel>(channel: K, listener: (payload: EventMap[K]) => void): () => void {
    return onEventRaw((c, payload) => {
      if (c === channel) listener(payload as EventMap[K])
    })
  },
  imageUrl(imageId: number, opts?: { thumb?: boolean }): string {
    return `${IMAGE_PROTOCOL}://img/${imageId}${opts?.thumb ? '?thumb=1' : ''}`
  }
}

contextBridge.exposeInMainWorld('zebra', api)
