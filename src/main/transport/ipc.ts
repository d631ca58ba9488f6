// The Electron-free half of the IPC handlers (src/main/electron/ipc.ts passes Electron's event
// through isTrustedSender first). Every answer is an Envelope: Electron's invoke would reject
// with only a message string, so errors must travel as data to keep {code, message, details}.
import type { Envelope, Handlers } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { dispatchInvoke } from './dispatch'

export const IPC_INVOKE = 'zebra:invoke'
export const IPC_SEND = 'zebra:send'
export const IPC_EVENT = 'zebra:event'

export async function answerInvoke(
  handlers: Handlers,
  trusted: boolean,
  channel: unknown,
  input: unknown
): Promise<Envelope<unknown>> {
  if (!trusted)
    return { ok: false, error: new AppError('unauthorized', 'Request from an untrusted frame').toJSON() }
  if (typeof channel !== 'string') {
    return { ok: false, error: new AppError('invalid_input', 'Channel must be a string').toJSON() }
  }
  return dispatchInvoke(handlers, channel, input)
}
