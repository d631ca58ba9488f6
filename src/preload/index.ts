// Exposes exactly the contract's ZebraBridge (src/shared/contract.ts) as window.zebra. invoke
// resolves with main's result Envelope as it came over IPC: contextBridge would strip an Error
// down to its message, so the renderer rethrows the one AppError itself (src/renderer/src/api.ts).
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
  ZebraBridge
} from '../shared/contract'
import { invokeRaw, onEventRaw, sendRaw } from './ipc'

// Type-only imports: the sandboxed preload may not require() packages (contract.ts loads zod),
// so the one constant is repeated here and checked against the contract's literal type.
const IMAGE_PROTOCOL: typeof import('../shared/contract').IMAGE_PROTOCOL = 'zebra-image'

const api: ZebraBridge = {
  transport: 'electron',
  invoke<K extends InvokeChannel>(channel: K, input: InvokeInput<K>): Promise<Envelope<InvokeOutput<K>>> {
    return invokeRaw(channel, input) as Promise<Envelope<InvokeOutput<K>>>
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
