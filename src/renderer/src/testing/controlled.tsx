// Test support for the race tests: a transport whose every invoke waits until the test answers it,
// so a test can let a later request finish before an earlier one (a slow disk, a busy server).
// Inputs are parsed with the contract's schemas, as both real transports do. Only the transport is
// controlled; the components and hooks under test are the real ones.
import { render, type RenderResult } from '@testing-library/react'
import type { ReactNode } from 'react'
import {
  invokeSchemas,
  type InvokeChannel,
  type ProjectSummary,
  type ZebraApi
} from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { AppContext, type AppState } from '../context'

interface Pending {
  channel: InvokeChannel
  input: Record<string, unknown>
  resolve(value: unknown): void
  reject(err: unknown): void
}

export interface Controlled {
  api: ZebraApi
  /** invokes not answered yet, oldest first */
  pending: Pending[]
  /** the oldest pending invoke of `channel` (throws if none) */
  take(channel: InvokeChannel): Pending
  notes: string[]
}

export function controlledApi(): Controlled {
  const pending: Pending[] = []
  const notes: string[] = []
  const api: ZebraApi = {
    transport: 'browser',
    invoke(channel, input) {
      const parsed = invokeSchemas[channel].safeParse(input)
      if (!parsed.success) return Promise.reject(new AppError('invalid_input', parsed.error.message))
      return new Promise((resolve, reject) => {
        pending.push({ channel, input: parsed.data as Record<string, unknown>, resolve, reject })
      }) as never
    },
    send: () => undefined,
    on: () => () => undefined,
    imageUrl: (id, o) => `data:image/gif;base64,R0lGODlhAQABAAAAACw=#${id}${o?.thumb ? 't' : ''}`
  }
  return {
    api,
    pending,
    notes,
    take(channel) {
      const i = pending.findIndex((p) => p.channel === channel)
      if (i < 0)
        throw new Error(`no pending ${channel} (pending: ${pending.map((p) => p.channel).join(', ')})`)
      return pending.splice(i, 1)[0]!
    }
  }
}

export function renderWith(
  c: Controlled,
  ui: ReactNode,
  project?: Partial<ProjectSummary>,
  overrides: Partial<AppState> = {}
): RenderResult {
  const state: AppState = {
    api: c.api,
    info: null,
    model: null,
    project: (project ?? null) as ProjectSummary | null,
    jobs: {},
    go: () => undefined,
    refreshProject: async () => undefined,
    refreshModel: async () => undefined,
    setProject: () => undefined,
    setModel: () => undefined,
    notify: (m) => void c.notes.push(m),
    openExport: () => undefined,
    ...overrides
  }
  return render(<AppContext.Provider value={state}>{ui}</AppContext.Provider>)
}
