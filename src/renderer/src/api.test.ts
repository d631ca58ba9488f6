// Both transports end to end on the renderer's side: the browser transport against the real bridge
// on 127.0.0.1, and the Electron transport through main's real IPC answer function, the structured
// clone IPC applies, and the renderer wrapper. Either way one AppError arrives with its details.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Envelope, Handlers, ZebraBridge } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { call, createBrowserApi, createElectronApi, takeToken, toAppError } from './api'

const handlers = {
  'presets.list': async () => [{ name: 'cifar10', classes: 10, templates: 18 }],
  'project.open': async (i: { path: string }) => {
    throw new AppError('project_corrupt', `${i.path} is not a Zebra project`, {
      path: i.path,
      userVersion: 3,
      tables: ['images', 'labels']
    })
  },
  'project.close': async () => {
    throw new Error('a bug with a stack')
  }
} as unknown as Handlers

const corrupt = {
  code: 'project_corrupt',
  message: '/nope.zebra is not a Zebra project',
  details: { path: '/nope.zebra', userVersion: 3, tables: ['images', 'labels'] }
}

function shape(err: unknown): { code: string; message: string; details?: unknown } {
  expect(err).toBeInstanceOf(AppError)
  const e = err as AppError
  return e.details === undefined
    ? { code: e.code, message: e.message }
    : { code: e.code, message: e.message, details: e.details }
}

// The bridge is Node code outside this (DOM-only) tsconfig: load it by a path TypeScript does not
// follow, and describe the little of it used here.
interface Bridge {
  port: number
  token: string
  close(): Promise<void>
}
interface BridgeModules {
  server: { startBridge(o: unknown): Promise<Bridge> }
  events: { createEventHub(): unknown }
  ipc: {
    answerInvoke(h: Handlers, trusted: boolean, channel: unknown, input: unknown): Promise<Envelope<unknown>>
  }
}
async function loadBridge(): Promise<BridgeModules> {
  const dir = '../../main/'
  return {
    server: (await import(/* @vite-ignore */ `${dir}bridge/server`)) as BridgeModules['server'],
    events: (await import(/* @vite-ignore */ `${dir}transport/events`)) as BridgeModules['events'],
    ipc: (await import(/* @vite-ignore */ `${dir}transport/ipc`)) as BridgeModules['ipc']
  }
}

let bridge: Bridge
let ipc: BridgeModules['ipc']
beforeAll(async () => {
  const { server, events, ipc: ipcModule } = await loadBridge()
  ipc = ipcModule
  const createEventHub = events.createEventHub
  bridge = await server.startBridge({
    handlers,
    events: createEventHub(),
    staticDir: null,
    resolveImage: async () => {
      throw new AppError('not_found', 'none')
    }
  })
})
afterAll(() => bridge.close())

describe('browser api', () => {
  it('invokes over HTTP with the token and unwraps envelopes', async () => {
    const api = createBrowserApi({ token: bridge.token, base: `http://127.0.0.1:${bridge.port}` })
    expect(await api.invoke('presets.list', {})).toEqual([{ name: 'cifar10', classes: 10, templates: 18 }])
    const err = await api.invoke('project.open', { path: '/nope.zebra' }).catch((e: unknown) => e)
    expect(shape(err)).toEqual(corrupt)
    const invalid = shape(await call(api, 'project.open', { path: '' }).catch((e: unknown) => e))
    expect(invalid.code).toBe('invalid_input')
    expect(invalid.details).toEqual({ issues: [expect.objectContaining({ path: 'path' })] })
    const bug = shape(await api.invoke('project.close', {}).catch((e: unknown) => e))
    expect(bug.code).toBe('internal')
    expect(bug.message).toContain('a bug with a stack')
  })

  it('says when the server stops answering, and when it is back (same port and token)', async () => {
    const { server, events } = await loadBridge()
    const start = (port = 0, token?: string): Promise<Bridge> =>
      server.startBridge({
        handlers,
        events: events.createEventHub(),
        staticDir: null,
        port,
        token,
        resolveImage: async () => {
          throw new AppError('not_found', 'none')
        }
      })
    let b = await start()
    const api = createBrowserApi({ token: b.token, base: `http://127.0.0.1:${b.port}` })
    const seen: boolean[] = []
    const off = api.onConnection!((up) => seen.push(up))
    await api.invoke('presets.list', {})
    expect(seen).toEqual([]) // up from the start: nothing to say
    await b.close()
    expect(shape(await api.invoke('presets.list', {}).catch((e: unknown) => e)).code).toBe('offline')
    expect(seen).toEqual([false])
    b = await start(b.port, b.token)
    await api.invoke('presets.list', {})
    expect(seen).toEqual([false, true])
    off()
    await b.close()
  })

  it('is refused with a wrong token and builds tokenised image URLs', async () => {
    const api = createBrowserApi({ token: 'wrong', base: `http://127.0.0.1:${bridge.port}` })
    const err = shape(await api.invoke('presets.list', {}).catch((e: unknown) => e))
    expect(err.code).toBe('unauthorized')
    expect(api.imageUrl(5, { thumb: true })).toBe(
      `http://127.0.0.1:${bridge.port}/api/image/5?thumb=1&token=wrong`
    )
  })

  it('normalises foreign throws to the one AppError, without parsing messages', () => {
    const kept = new AppError('busy', 'A job runs', { jobId: 'j1' })
    expect(toAppError(kept)).toBe(kept)
    expect(shape(toAppError(new Error('[busy] A job runs')))).toEqual({
      code: 'internal',
      message: '[busy] A job runs'
    })
    expect(toAppError('plain').code).toBe('internal')
  })

  it('takes the token from the URL once and keeps it in sessionStorage', () => {
    window.history.replaceState(null, '', '/?token=abc123&x=1')
    expect(takeToken(window.location, window.sessionStorage)).toBe('abc123')
    expect(window.location.search).toBe('?x=1')
    expect(takeToken(window.location, window.sessionStorage)).toBe('abc123')
  })
})

describe('electron api (IPC envelopes)', () => {
  // what Electron's IPC does to a value between main and the preload, and contextBridge after it
  function overIpc(trusted: boolean): ZebraBridge {
    return {
      transport: 'electron',
      invoke: async (channel, input) =>
        structuredClone(await ipc.answerInvoke(handlers, trusted, channel, input)) as never,
      send: () => undefined,
      on: () => () => undefined,
      imageUrl: (id) => `zebra-image://img/${id}`
    }
  }

  it('delivers values and rethrows the AppError with code, message and details intact', async () => {
    const api = createElectronApi(overIpc(true))
    expect(await api.invoke('presets.list', {})).toEqual([{ name: 'cifar10', classes: 10, templates: 18 }])
    expect(shape(await api.invoke('project.open', { path: '/nope.zebra' }).catch((e: unknown) => e))).toEqual(
      corrupt
    )
    const invalid = shape(await api.invoke('project.open', { path: '' }).catch((e: unknown) => e))
    expect(invalid.code).toBe('invalid_input')
    expect(invalid.details).toEqual({ issues: [expect.objectContaining({ path: 'path' })] })
    expect(shape(await api.invoke('project.close', {}).catch((e: unknown) => e)).code).toBe('internal')
  })

  it('refuses an untrusted frame and reports a broken channel as internal', async () => {
    const refused = shape(
      await createElectronApi(overIpc(false))
        .invoke('presets.list', {})
        .catch((e) => e)
    )
    expect(refused.code).toBe('unauthorized')
    const broken: ZebraBridge = {
      ...overIpc(true),
      invoke: async () => {
        throw new Error("Error invoking remote method 'zebra:invoke': No handler registered")
      }
    }
    const err = shape(
      await createElectronApi(broken)
        .invoke('presets.list', {})
        .catch((e) => e)
    )
    expect(err.code).toBe('internal')
    expect(err.message).toContain('No handler registered')
    const notEnvelope: ZebraBridge = { ...overIpc(true), invoke: async () => 'surprise' as never }
    expect(
      shape(
        await createElectronApi(notEnvelope)
          .invoke('presets.list', {})
          .catch((e) => e)
      ).code
    ).toBe('internal')
  })
})
