// The member's own progress beside the review bar's everyone-counter, against an in-memory api
// whose inputs are parsed with the contract's schemas: nothing for a plain project; the member's
// own decided count (not the others') and their leased images left; updated by a team.status event.
import { act, cleanup, render, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { invokeSchemas, type TeamStatus, type ZebraApi } from '../../../shared/contract'
import { TeamOwnProgress } from './TeamProgress'

afterEach(cleanup)

function createApi(initial: TeamStatus | null) {
  const listeners = new Set<(s: TeamStatus) => void>()
  const api: ZebraApi = {
    transport: 'browser',
    async invoke(channel, input) {
      invokeSchemas[channel].parse(input)
      if (channel !== 'team.status') throw new Error(`no handler for ${channel}`)
      return initial as never
    },
    send() {},
    on(channel, listener) {
      if (channel !== 'team.status') return () => undefined
      const l = listener as (s: TeamStatus) => void
      listeners.add(l)
      return () => listeners.delete(l)
    },
    imageUrl: (id) => `zebra-image://img/${id}`
  }
  return { api, emit: (s: TeamStatus) => listeners.forEach((l) => l(s)) }
}

const status: TeamStatus = {
  annotator: 'ann',
  role: 'annotator',
  url: 'postgres://ann@db.example.org/birds',
  online: true,
  waiting: 0,
  lastSyncAt: null,
  leased: 4,
  counts: [
    { annotator: 'bob', decided: 12 },
    { annotator: 'ann', decided: 1 }
  ]
}

it('shows nothing for a project that is not a team replica', async () => {
  const { api } = createApi(null)
  const { container } = render(<TeamOwnProgress api={api} />)
  await act(async () => undefined)
  expect(container.textContent).toBe('')
})

it("counts the member's own decisions and leased images, and follows the sync's events", async () => {
  const { api, emit } = createApi(status)
  render(<TeamOwnProgress api={api} />)
  await act(async () => undefined)
  expect(screen.getByTestId('counter-own').textContent).toBe('yours: 1 decided · 4 leased to do')
  act(() => emit({ ...status, leased: 3, counts: [{ annotator: 'ann', decided: 2 }] }))
  expect(screen.getByTestId('counter-own').textContent).toBe('yours: 2 decided · 3 leased to do')
  act(() => emit({ ...status, annotator: 'carl', counts: status.counts }))
  expect(screen.getByTestId('counter-own').textContent).toBe('yours: 0 decided · 4 leased to do')
})
