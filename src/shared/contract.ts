// The one contract between the renderer and the main process, and its one import entry. Both
// transports (Electron IPC and the localhost HTTP bridge) serve exactly these channels, validate
// inputs with these schemas, and deliver exactly these events. Nothing exists in only one
// transport. The pieces live beside this file: domain.ts (data types), invoke.ts (request channels,
// schemas, outputs), events.ts (events and sends), errors.ts (AppError and the result envelope).
import type { Envelope } from './errors'
import type { EventChannel, EventMap, SendChannel, SendInput } from './events'
import type { InvokeChannel, InvokeInput, InvokeOutput } from './invoke'

export * from './domain'
export * from './duplicates'
export * from './formats'
export * from './invoke'
export * from './events'
export * from './folders'
export * from './not-taken'
export * from './tags'
export * from './agreement'
export * from './merge'
export * from './team'
export * from './team-channels'
export type { LearningCurvePoint } from './report'
export type * from './models-report'
export type { AppErrorShape, Envelope } from './errors'

/**
 * What the renderer calls, in both transports. invoke resolves with the value or rejects with an
 * AppError {code, message, details} (src/renderer/src/api.ts builds it for either transport).
 */
export interface ZebraApi {
  transport: 'electron' | 'browser'
  invoke<K extends InvokeChannel>(channel: K, input: InvokeInput<K>): Promise<InvokeOutput<K>>
  send<K extends SendChannel>(channel: K, input: SendInput<K>): void
  /** returns an unsubscribe function */
  on<K extends EventChannel>(channel: K, listener: (payload: EventMap[K]) => void): () => void
  /** a URL the renderer can put in <img src>, for an image of the open project */
  imageUrl(imageId: number, opts?: { thumb?: boolean }): string
  /**
   * The browser transport only: follows whether the server answers (false from a failed request
   * or a lost event stream until it is back), so the screen can say so before the next key press.
   */
  onConnection?(listener: (up: boolean) => void): () => void
}

/**
 * What the Electron preload exposes as window.zebra: the same API, except that invoke resolves
 * with the result Envelope. contextBridge copies only an Error's message across worlds, so errors
 * travel as data and the renderer rethrows the AppError on its own side of the bridge.
 */
export interface ZebraBridge extends Omit<ZebraApi, 'invoke' | 'transport'> {
  transport: 'electron'
  invoke<K extends InvokeChannel>(channel: K, input: InvokeInput<K>): Promise<Envelope<InvokeOutput<K>>>
}

export const IMAGE_PROTOCOL = 'zebra-image'
export const BRIDGE_TOKEN_PARAM = 'token'
export const BRIDGE_TOKEN_HEADER = 'x-zebra-token'
