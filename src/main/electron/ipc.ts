// The only main-process module that touches ipcMain (eslint enforces it). Every request is checked
// to come from our own window's top frame on the app:// origin, then goes through the same
// dispatch as the HTTP bridge: zod validation before any handler runs, errors as data.
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron'
import type { Envelope, EventChannel, EventMap, Handlers } from '../../shared/contract'
import { log } from '../log'
import { dispatchSend } from '../transport/dispatch'
import { answerInvoke, IPC_EVENT, IPC_INVOKE, IPC_SEND } from '../transport/ipc'
import { isTrustedSender } from './trust'

export interface IpcOptions {
  handlers: Handlers
  /** the window allowed to call us (null while none is open) */
  mainContents: () => WebContents | null
  /** whether a frame URL belongs to our renderer (app://zebra/… or the dev server) */
  isAppUrl: (url: string) => boolean
}

function trusted(event: IpcMainInvokeEvent | IpcMainEvent, opts: IpcOptions): boolean {
  const main = opts.mainContents()
  return isTrustedSender(
    event.sender,
    event.senderFrame,
    main ? { contents: main, mainFrame: main.mainFrame } : null,
    opts.isAppUrl
  )
}

/** Registers the handlers; returns a function that removes them. */
export function registerIpc(opts: IpcOptions): () => void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, input: unknown): Promise<Envelope<unknown>> => {
    const ok = trusted(event, opts)
    if (!ok) log('warn', `refused IPC from ${event.senderFrame?.url ?? 'an unknown frame'}`)
    return answerInvoke(opts.handlers, ok, channel, input)
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
