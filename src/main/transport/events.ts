// Fan-out of main -> renderer events. The services get `emit`; each transport subscribes
// (the Electron window, every open SSE stream of the bridge).
import type { EventChannel, EventMap } from '../../shared/contract'

type EventListener = <K extends EventChannel>(channel: K, payload: EventMap[K]) => void

export interface EventHub {
  emit<K extends EventChannel>(channel: K, payload: EventMap[K]): void
  /** returns an unsubscribe function */
  subscribe(listener: EventListener): () => void
}

export function createEventHub(onListenerError?: (err: unknown) => void): EventHub {
  const listeners = new Set<EventListener>()
  return {
    emit(channel, payload) {
      for (const l of listeners) {
        try {
          l(channel, payload)
        } catch (err) {
          // one broken subscriber (a closed socket) must not starve the others
          onListenerError?.(err)
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}
