// The transport-independent half of every request: validate the input with the contract's zod
// schema, call the handler, and wrap the answer in an Envelope. Electron IPC and the HTTP bridge
// both go through here, so validation and error mapping cannot drift between them.
import { z } from 'zod'
import {
  invokeSchemas,
  sendSchemas,
  type Envelope,
  type Handlers,
  type InvokeChannel,
  type InvokeOutput,
  type SendChannel
} from '../../shared/contract'
import { AppError, toAppError } from '../../shared/errors'
import { log } from '../log'

export function isInvokeChannel(name: string): name is InvokeChannel {
  return Object.prototype.hasOwnProperty.call(invokeSchemas, name)
}

function isSendChannel(name: string): name is SendChannel {
  return Object.prototype.hasOwnProperty.call(sendSchemas, name)
}

/** Turns a zod failure into the user-facing invalid_input error, naming the fields. */
function invalidInput(channel: string, err: z.ZodError): AppError {
  const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
  const first = issues[0]
  const where = first?.path ? ` (${first.path}: ${first.message})` : first ? ` (${first.message})` : ''
  return new AppError('invalid_input', `Invalid request for ${channel}${where}`, { issues })
}

/**
 * Runs one request. Never throws: AppErrors pass through as data, anything else is logged with
 * its stack and reported as `internal` so the renderer never sees a raw stack trace.
 */
export async function dispatchInvoke(
  handlers: Handlers,
  channel: string,
  input: unknown
): Promise<Envelope<unknown>> {
  if (!isInvokeChannel(channel)) {
    return { ok: false, error: { code: 'not_found', message: `Unknown channel: ${channel}` } }
  }
  const parsed = invokeSchemas[channel].safeParse(input ?? {})
  if (!parsed.success) return { ok: false, error: invalidInput(channel, parsed.error).toJSON() }
  try {
    const handler = handlers[channel] as (i: unknown) => Promise<InvokeOutput<InvokeChannel>>
    const value = await handler(parsed.data)
    return { ok: true, value: value === undefined ? null : value }
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toJSON() }
    // Known system failures (disk full, busy database...) keep their own code; everything else
    // is a bug: log the stack here, send only a message the user can act on.
    log('error', `unexpected error in ${channel}`, err)
    const mapped = toAppError(err)
    if (mapped.code !== 'internal') return { ok: false, error: mapped.toJSON() }
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `Something went wrong in ${channel}: ${mapped.message}. The details are in the log.`
      }
    }
  }
}

/** Fire-and-forget messages from the renderer (only renderer.log today). */
export function dispatchSend(channel: string, input: unknown): Envelope<null> {
  if (!isSendChannel(channel)) {
    return { ok: false, error: { code: 'not_found', message: `Unknown channel: ${channel}` } }
  }
  const parsed = sendSchemas[channel].safeParse(input ?? {})
  if (!parsed.success) return { ok: false, error: invalidInput(channel, parsed.error).toJSON() }
  if (channel === 'renderer.log') {
    // control characters (newlines, ANSI escapes) would let a page forge log lines or the terminal
    // eslint-disable-next-line no-control-regex
    const message = parsed.data.message.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    log(parsed.data.level, `[renderer] ${message}`)
  }
  return { ok: true, value: null }
}
