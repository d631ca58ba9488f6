// Test support for the review screen's tests: a small in-memory Handlers object with the review
// channels (a queue of n images, decisions, undo/redo), a transport over it that parses inputs
// with the contract's schemas as both real transports do, and the screen rendered on it.
import { render } from '@testing-library/react'
import {
  invokeSchemas,
  type DecisionKind,
  type Handlers,
  type InvokeParsed,
  type ProjectSummary,
  type ReviewItem,
  type ZebraApi
} from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { AppContext, type AppState } from '../context'
import { ReviewScreen } from '../screens/Review'

export const labels = ['cat', 'dog', 'bird', 'rocket', 'coffee', 'horse'].map((name, i) => ({
  id: i + 1,
  name,
  descriptions: [],
  color: '#446688',
  hotkey: null,
  archived: false
}))

interface Decision {
  imageId: number
  kind: DecisionKind
  labelId: number | null
}

export function createStore(n: number) {
  const decided = new Map<number, Decision>()
  const log: Decision[] = []
  const undone: Decision[] = []
  const ids = Array.from({ length: n }, (_, i) => i + 1)
  const item = (id: number, q: { status: string }): ReviewItem => {
    const queue = ids.filter((x) => q.status !== 'unreviewed' || !decided.has(x))
    const d = decided.get(id)
    return {
      image: {
        id,
        root: '/imgs',
        relPath: `img${id}.jpg`,
        width: 10,
        height: 10,
        format: 'jpeg',
        bytes: 100,
        state: 'ok',
        reason: null
      },
      suggestions: [0, 1, 2, 3, 4].map((r) => ({
        rank: r + 1,
        labelId: labels[(id + r) % labels.length]!.id,
        label: labels[(id + r) % labels.length]!.name,
        prob: [0.6, 0.2, 0.1, 0.06, 0.04][r]!,
        source: 'zeroshot' as const
      })),
      current: d
        ? { kind: d.kind, labelId: d.labelId, label: null, annotator: 't', at: new Date(0).toISOString() }
        : null,
      position: queue.indexOf(id) + 1,
      total: queue.length
    }
  }
  const queueFrom = (q: { status: string; from?: number }): number[] => {
    const pending = ids.filter((x) => q.status !== 'unreviewed' || !decided.has(x))
    return q.from === undefined ? pending : pending.filter((x) => x > q.from!)
  }
  const stats = () => {
    const byKind = { accepted: 0, corrected: 0, rejected: 0, skipped: 0, unsure: 0 }
    for (const d of decided.values()) byKind[d.kind]++
    const denom = byKind.accepted + byKind.corrected + byKind.rejected
    return { total: n, reviewed: decided.size, byKind, acceptRate: denom ? byKind.accepted / denom : 0 }
  }
  const next = (q: { status: string; from?: number; direction?: string }): ReviewItem | null => {
    if (q.direction === 'prev') {
      const before = ids.filter((x) => x < (q.from ?? 0) && (q.status !== 'unreviewed' || !decided.has(x)))
      const id = before.at(-1)
      return id === undefined ? null : item(id, q)
    }
    const id = queueFrom(q)[0]
    return id === undefined ? null : item(id, q)
  }
  const after = (q: { status: string }, from: number, k: number): ReviewItem[] =>
    queueFrom({ ...q, from })
      .filter((x) => x !== from)
      .slice(0, k)
      .map((x) => item(x, q))
  const handlers = {
    'review.next': async (q: InvokeParsed<'review.next'>) => next(q),
    'review.get': async (q: InvokeParsed<'review.get'>) => {
      if (!ids.includes(q.imageId)) throw new AppError('not_found', `no image ${q.imageId}`)
      return item(q.imageId, q)
    },
    'review.window': async (q: InvokeParsed<'review.window'>) => {
      const it = q.at !== undefined ? item(q.at, q) : next(q)
      return { item: it, ahead: it ? after(q, it.image.id, q.ahead) : [], stats: stats() }
    },
    'review.queue': async (q: InvokeParsed<'review.queue'>) => queueFrom(q).slice(0, q.limit),
    'review.decide': async (d: InvokeParsed<'review.decide'>) => {
      const it = item(d.imageId, { status: 'all' })
      const labelId = d.kind === 'accepted' ? it.suggestions[d.rank! - 1]!.labelId : (d.labelId ?? null)
      const dec = { imageId: d.imageId, kind: d.kind, labelId }
      decided.set(d.imageId, dec)
      log.push(dec)
      undone.length = 0
      const q = d.then?.query
      return {
        decisionId: log.length,
        item: item(d.imageId, { status: 'all' }),
        next: q ? after(q, d.imageId, d.then!.ahead) : [],
        stats: stats()
      }
    },
    'review.undo': async (u: InvokeParsed<'review.undo'>) => {
      const last = log.pop()
      if (!last) return { imageId: null, imageIds: [], item: null, stats: stats() }
      decided.delete(last.imageId)
      undone.push(last)
      const q = u.query ?? { status: 'all' }
      return { imageId: last.imageId, imageIds: [last.imageId], item: item(last.imageId, q), stats: stats() }
    },
    'review.redo': async (u: InvokeParsed<'review.redo'>) => {
      const d = undone.pop()
      if (!d) return { imageId: null, imageIds: [], item: null, stats: stats() }
      decided.set(d.imageId, d)
      log.push(d)
      const it = u.query ? next({ ...u.query, from: d.imageId }) : item(d.imageId, { status: 'all' })
      return { imageId: d.imageId, imageIds: [d.imageId], item: it, stats: stats() }
    },
    'review.stats': async () => stats()
  } as unknown as Handlers
  return { handlers, decided, log }
}

/** Event listeners the screen subscribed (api.on), by channel: a test emits through them. */
export type Listeners = Record<string, ((p: unknown) => void)[]>

function apiOver(handlers: Handlers, calls?: string[], listeners: Listeners = {}): ZebraApi {
  return {
    transport: 'browser',
    async invoke(channel, input) {
      calls?.push(channel)
      const parsed = invokeSchemas[channel].safeParse(input)
      if (!parsed.success) throw new AppError('invalid_input', parsed.error.message)
      return (await (handlers[channel] as (i: unknown) => Promise<unknown>)(parsed.data)) as never
    },
    send: () => undefined,
    on: (ch, fn) => {
      const list = (listeners[ch] ??= [])
      list.push(fn as (p: unknown) => void)
      return () => list.splice(list.indexOf(fn as (p: unknown) => void), 1)
    },
    imageUrl: (id) => `data:image/gif;base64,R0lGODlhAQABAAAAACw=#${id}`
  }
}

export type ReviewStore = ReturnType<typeof createStore>

interface RenderOpts {
  calls?: string[]
  state?: Partial<AppState>
  listeners?: Listeners
  /** the open project (default: the six labels of this store, one label per image) */
  project?: Partial<ProjectSummary>
}

/** The review screen over `store`; `notes` collects what it tells the user. */
export function renderReview(store: { handlers: Handlers }, notes: string[], opts: RenderOpts = {}): void {
  renderScreen(store, notes, <ReviewScreen />, opts)
}

/** Any screen over `store` (the tag pass, …), with the app state a screen reads. */
export function renderScreen(
  store: { handlers: Handlers },
  notes: string[],
  ui: React.ReactNode,
  opts: RenderOpts = {}
): void {
  const state: AppState = {
    api: apiOver(store.handlers, opts.calls, opts.listeners),
    info: null,
    model: null,
    project: (opts.project ?? { labels }) as unknown as ProjectSummary,
    jobs: {},
    go: () => undefined,
    refreshProject: async () => undefined,
    refreshModel: async () => undefined,
    setProject: () => undefined,
    setModel: () => undefined,
    notify: (m) => void notes.push(m),
    openExport: () => undefined,
    ...opts.state
  }
  render(<AppContext.Provider value={state}>{ui}</AppContext.Provider>)
}
