// The browser transport against the real bridge on 127.0.0.1: the page's view of the contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Handlers } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { ApiError, call, createBrowserApi, takeToken, toApiError } from './api'

const handlers = {
  'presets.list': async () => [{ name: 'cifar10', classes: 10, templates: 18 }],
  'project.open': async (i: { path: string }) => {
    throw new AppError('project_corrupt', `${i.path} is not a Zebra project`)
  }
} as unknown as Handlers

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
}
async function loadBridge(): Promise<BridgeModules> {
  const dir = '../../main/bridge/'
  return {
    server: (await import(/* @vite-ignore */ `${dir}server`)) as BridgeModules['server'],
    events: (await import(/* @vite-ignore */ `${dir}events`)) as BridgeModules['events']
  }
}

let bridge: Bridge
beforeAll(async () => {
  const { server, events } = await loadBridge()
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
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe('project_corrupt')
    const invalid = await call(api, 'project.open', { path: '' }).catch((e: unknown) => e)
    expect((invalid as ApiError).code).toBe('invalid_input')
  })

  it('is refused with a wrong token and builds tokenised image URLs', async () => {
    const api = createBrowserApi({ token: 'wrong', base: `http://127.0.0.1:${bridge.port}` })
    const err = (await api.invoke('presets.list', {}).catch((e: unknown) => e)) as ApiError
    expect(err.code).toBe('unauthorized')
    expect(api.imageUrl(5, { thumb: true })).toBe(
      `http://127.0.0.1:${bridge.port}/api/image/5?thumb=1&token=wrong`
    )
  })

  it('reads the error code the Electron preload encodes in the message', () => {
    expect(
      toApiError(new Error("Error invoking remote method 'x': [no_project] Open a project first")).code
    ).toBe('no_project')
    expect(toApiError(new Error('[busy] A job runs')).message).toBe('A job runs')
    expect(toApiError('plain').code).toBe('internal')
  })

  it('takes the token from the URL once and keeps it in sessionStorage', () => {
    window.history.replaceState(null, '', '/?token=abc123&x=1')
    expect(takeToken(window.location, window.sessionStorage)).toBe('abc123')
    expect(window.location.search).toBe('?x=1')
    expect(takeToken(window.location, window.sessionStorage)).toBe('abc123')
  })
})
