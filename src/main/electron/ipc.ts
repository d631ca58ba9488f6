// The only main-process module that touches ipcMain (eslint enforces it). Every request is checked
// to come from our own window's top frame on the app:// origin, then goes through the same
// dispatch as the HTTP bridge: zod validation before any handler runs, errors as data.
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron'
import type { Envelope, EventChannel, EventMap, Handlers } from '../../shared/contract'
import { dispatchInvoke, dispatchSend } from '../bridge/dispatch'
import { log } from '../log'

export const IPC_INVOKE = 'zebra:invoke'
export const IPC_SEND = 'zebra:send'
export const IPC_EVENT = 'zebra:event'

export interface IpcOptions {
  handlers: Handlers
  /** the window allowed to call us (null while none is open) */
  mainContents: () => WebContents | null
  /** whether a frame URL belongs to our renderer (app://zebra/… or the dev server) */
  isAppUrl: (url: string) => boolean
}

function trusted(event: IpcMainInvokeEvent | IpcMainEvent, opts: IpcOptions): boolean {
  const main = opts.mainContents()
  const frame = event.senderFrame
  if (!main || event.sender !== main || !frame) return false
  // only the top frame of our window: never an iframe, never a navigated-away page
  const top = main.mainFrame
  return (
    frame.parent === null &&
    frame.processId === top.processId &&
    frame.routingId === top.routingId &&
    opts.isAppUrl(frame.url)
  )
}

/** Registers the handlers; returns a function that removes them. */
export function registerIpc(opts: IpcOptions): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown): Promise<Envelope<unknown>> => {
    if (!trusted(event, opts)) {
      log('warn', `refused IPC from ${event.senderFrame?.url ?? 'an unknown frame'}`)
      return { ok: false, error: { code: 'unauthorized', message: 'Request from an untrusted frame' } }
    }
    if (typeof channel !== 'string') {
      return { ok: false, error: { code: 'invalid_input', message: 'Channel must be a string' } }
    }
    return dispatchInvoke(opts.handlers, channel, input)
  })
  const onSend = (event: IpcMainEvent, channel: unknown, input: unknown): void => {
    if (!trusted(event, opts) || typeof channel !== 'string') return
    const env = dispatchSend(channel, input)
    if (!env.ok) log('warn', `bad send on ${channel}: ${env.error.message}`)
  }
  ipcMain.on(IPC_SEND, onSend)
  return () => {
    ipcMain.removeHandler(IPC_INVOKE)
    ipcMain.off(IPC_SEND, onSend)
  }
}

/** Pushes one contract event to the window (dropped silently when the window is gone). */
export function sendEvent<K extends EventChannel>(
  contents: WebContents | null,
  channel: K,
  payload: EventMap[K]
): void {
  if (!contents || contents.isDestroyed()) return
  contents.send(IPC_EVENT, channel, payload)
}
