// The team pill against an in-memory api whose inputs are parsed with the contract's schemas: it
// shows nothing for a project that is not a team replica, says online and how long ago it synced,
// turns to "offline, N decisions waiting" on a team.status event, and back once the event says so.
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  invokeSchemas,
  type EventChannel,
  type EventMap,
  type TeamStatus,
  type ZebraApi
} from '../../../shared/contract'
import { TeamPill, teamPillText } from './TeamPill'

afterEach(cleanup)

function createApi(initial: TeamStatus | null) {
  const listeners = new Map<EventChannel, Set<(p: unknown) => void>>()
  const api: ZebraApi = {
    transport: 'browser',
    async invoke(channel, input) {
      invokeSchemas[channel].parse(input)
      if (channel !== 'team.status') throw new Error(`no handler for ${channel}`)
      return initial as never
    },
    send() {},
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener as (p: unknown) => void)
      listeners.set(channel, set)
      return () => set.delete(listener as (p: unknown) => void)
    },
    imageUrl: (id) => `zebra-image://img/${id}`
  }
  const emit = <K extends EventChannel>(ch: K, payload: EventMap[K]): void =>
    listeners.get(ch)?.forEach((l) => l(payload))
  return { api, emit }
}

const base: TeamStatus = {
  annotator: 'ann',
  role: 'annotator',
  url: 'postgres://ann@db.example.org/birds',
  online: true,
  waiting: 0,
  lastSyncAt: new Date().toISOString(),
  leased: 7,
  counts: [
    { annotator: 'ann', decided: 12 },
    { annotator: 'bob', decided: 9 }
  ]
}

describe('the team pill', () => {
  it('shows nothing for a project that is not a team replica', async () => {
    const { api } = createApi(null)
    const { container } = render(<TeamPill api={api} />)
    await act(async () => undefined)
    expect(container.textContent).toBe('')
  })

  it('says online and synced, then offline with the decisions waiting, then online again', async () => {
    const { api, emit } = createApi(base)
    render(<TeamPill api={api} />)
    const pill = await screen.findByTestId('team-status')
    expect(pill.textContent).toMatch(/^team: online · synced \d+ s ago$/)
    expect(pill.title).toContain('You are ann (an annotator) on postgres://ann@db.example.org/birds.')
    expect(pill.title).toContain('ann: 12, bob: 9')
    expect(pill.title).toContain('7 leased images left')

    act(() => emit('team.status', { ...base, online: false, waiting: 3, error: 'Cannot reach the server' }))
    expect(pill.textContent).toBe('team: offline, 3 decisions waiting')
    expect(pill.className).toContain('warn')
    expect(pill.title).toContain('Cannot reach the server')

    act(() => emit('team.status', { ...base, lastSyncAt: new Date().toISOString() }))
    expect(pill.textContent).toMatch(/^team: online · synced \d+ s ago$/)
    expect(pill.className).not.toContain('warn')
  })

  it('words the age of the last sync and the decisions on their way', () => {
    const at = Date.parse('2026-12-07T22:00:00.000Z')
    const s = { ...base, lastSyncAt: '2026-12-07T22:00:00.000Z' }
    expect(teamPillText(s, at + 2_000)).toBe('team: online · synced 2 s ago')
    expect(teamPillText(s, at + 5 * 60_000)).toBe('team: online · synced 5 min ago')
    expect(teamPillText({ ...s, waiting: 1 }, at)).toBe('team: online · synced 0 s ago · 1 decision to send')
    expect(teamPillText({ ...s, online: false, waiting: 1 }, at)).toBe('team: offline, 1 decision waiting')
    expect(teamPillText({ ...s, online: false, waiting: 0 }, at)).toBe('team: offline')
    expect(teamPillText({ ...s, lastSyncAt: null }, at)).toBe('team: online · not synced yet')
  })
})
