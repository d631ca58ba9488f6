// The only preload module that touches ipcRenderer (eslint enforces it). Channel names must match
// src/main/electron/ipc.ts; they are repeated (not imported) because the sandboxed preload is
// bundled on its own and must not pull main-process code in.
import { ipcRenderer, type IpcRendererEvent } from 'electron'

const IPC_INVOKE = 'zebra:invoke'
const IPC_SEND = 'zebra:send'
const IPC_EVENT = 'zebra:event'

export function invokeRaw(channel: string, input: unknown): Promise<unknown> {
  return ipcRenderer.invoke(IPC_INVOKE, channel, input)
}

export function sendRaw(channel: string, input: unknown): void {
  ipcRenderer.send(IPC_SEND, channel, input)
}

/** Listens to every contract event; returns an unsubscribe function. */
export function onEventRaw(listener: (channel: string, payload: unknown) => void): () => void {
  const wrapped = (_e: IpcRendererEvent, channel: string, payload: unknown): void =>
    listener(channel, payload)
  ipcRenderer.on(IPC_EVENT, wrapped)
  return () => {
    ipcRenderer.off(IPC_EVENT, wrapped)
  }
}
