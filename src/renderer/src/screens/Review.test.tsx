// The review screen driven by the keyboard against a small in-memory Handlers object; inputs are
// parsed with the contract's schemas, as both real transports do.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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
import { ReviewScreen } from './Review'

const labels = ['cat', 'dog', 'bird', 'rocket', 'coffee', 'horse'].map((name, i) => ({
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

function createStore(n: number) {
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

const listeners: Record<string, ((p: unknown) => void)[]> = {}
const emit = (ch: string, payload: unknown): void => {
  act(() => {
    for (const fn of listeners[ch] ?? []) fn(payload)
  })
}

function apiOver(handlers: Handlers, calls?: string[]): ZebraApi {
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

let store: ReturnType<typeof createStore>
const notes: string[] = []

function renderReview(calls?: string[]): void {
  const api = apiOver(store.handlers, calls)
  const state: AppState = {
    api,
    info: null,
    model: null,
    project: { labels } as unknown as ProjectSummary,
    jobs: {},
    go: () => undefined,
    refreshProject: async () => undefined,
    refreshModel: async () => undefined,
    setProject: () => undefined,
    setModel: () => undefined,
    notify: (m) => void notes.push(m),
    openExport: () => undefined
  }
  render(
    <AppContext.Provider value={state}>
      <ReviewScreen />
    </AppContext.Provider>
  )
}

const file = (): string => screen.getByTestId('review-file').textContent ?? ''
const press = (key: string, opts: Partial<KeyboardEventInit> = {}): void => {
  act(() => {
    fireEvent.keyDown(window, { key, ...opts })
  })
}

beforeEach(() => {
  for (const k of Object.keys(listeners)) delete listeners[k]
  store = createStore(6)
  notes.length = 0
})
afterEach(cleanup)

describe('review screen keyboard', () => {
  it('accepts with one key, corrects via fuzzy search, skips, undoes and redoes', async () => {
    renderReview()
    await waitFor(() => expect(file()).toBe('img1.jpg'))
    const top1 = screen.getAllByRole('button', { name: /^Accept / })[0]!.getAttribute('aria-label')!

    press('1') // one keystroke per accepted suggestion
    await waitFor(() => expect(file()).toBe('img2.jpg'))
    await waitFor(() => expect(store.log).toHaveLength(1))
    expect(store.log[0]).toMatchObject({ imageId: 1, kind: 'accepted' })
    // the counter of the prefetched item is read again once the decision is saved
    await waitFor(() => expect(screen.getByText(/in this queue$/).textContent).toBe('1 of 5 in this queue'))
    expect(top1).toContain(labels.find((l) => l.id === store.log[0]!.labelId)!.name)

    press('x')
    const search = await screen.findByRole('combobox', { name: 'Search labels' })
    fireEvent.change(search, { target: { value: 'rockt' } })
    fireEvent.keyDown(search, { key: 'Enter' })
    await waitFor(() => expect(store.log).toHaveLength(2))
    expect(store.log[1]).toEqual({ imageId: 2, kind: 'corrected', labelId: 4 })
    await waitFor(() => expect(file()).toBe('img3.jpg'))

    press('0')
    const again = await screen.findByRole('combobox', { name: 'Search labels' })
    fireEvent.keyDown(again, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('combobox', { name: 'Search labels' })).toBeNull())
    expect(store.log).toHaveLength(2) // Esc records nothing
    expect(file()).toBe('img3.jpg')

    press('s')
    await waitFor(() => expect(store.log).toHaveLength(3))
    expect(store.log[2]).toMatchObject({ imageId: 3, kind: 'skipped' })
    await waitFor(() => expect(file()).toBe('img4.jpg'))

    press('u')
    await waitFor(() => expect(file()).toBe('img3.jpg'))
    expect(store.decided.has(3)).toBe(false)

    press('z', { ctrlKey: true })
    await waitFor(() => expect(file()).toBe('img2.jpg'))
    expect(store.decided.has(2)).toBe(false)

    press('Z', { ctrlKey: true, shiftKey: true })
    await waitFor(() => expect(store.decided.get(2)).toMatchObject({ kind: 'corrected', labelId: 4 }))
    await waitFor(() => expect(file()).toBe('img3.jpg'))
    await waitFor(() => expect(screen.getByTestId('counter-reviewed').textContent).toBe('2 / 6 reviewed'))
    expect(notes).toEqual([])
  })

  it('a key press is one request; a burst of keys faster than the answers is applied in full, in order', async () => {
    store = createStore(14)
    const calls: string[] = []
    renderReview(calls)
    await waitFor(() => expect(file()).toBe('img1.jpg'))
    await waitFor(() => expect(screen.getByTestId('counter-reviewed').textContent).toBe('0 / 14 reviewed'))
    calls.length = 0
    press('1')
    await waitFor(() => expect(store.log).toHaveLength(1))
    await waitFor(() => expect(screen.getByText(/in this queue$/).textContent).toBe('1 of 13 in this queue'))
    expect(file()).toBe('img2.jpg')
    expect(calls).toEqual(['review.decide'])

    // twelve keys without waiting for a single answer: more than the items the screen has ahead
    calls.length = 0
    for (let i = 0; i < 12; i++) press(String((i % 3) + 1))
    await waitFor(() => expect(store.log).toHaveLength(13))
    expect(store.log.map((d) => d.imageId)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1))
    expect(calls).toEqual(Array.from({ length: 12 }, () => 'review.decide'))
    await waitFor(() => expect(file()).toBe('img14.jpg'))
    await waitFor(() => expect(screen.getByTestId('counter-reviewed').textContent).toBe('13 / 14 reviewed'))
  })

  it('a decision made elsewhere on the image on screen is shown and said', async () => {
    renderReview()
    await waitFor(() => expect(file()).toBe('img1.jpg'))
    expect(screen.queryByTestId('current-decision')).toBeNull()
    // another window decides the image on screen
    store.decided.set(1, { imageId: 1, kind: 'corrected', labelId: 3 })
    emit('project.changed', { reason: 'decision', origin: 'another-window' })
    await waitFor(() => expect(screen.getByTestId('current-decision').textContent).toContain('corrected'))
    expect(notes.join()).toContain('img1.jpg was just decided by t: corrected')
    await waitFor(() => expect(screen.getByTestId('counter-reviewed').textContent).toBe('1 / 6 reviewed'))
  })

  it('moves with arrows without deciding, shows the keys with ?, and ignores keys while typing', async () => {
    renderReview()
    await waitFor(() => expect(file()).toBe('img1.jpg'))
    press('ArrowRight')
    await waitFor(() => expect(file()).toBe('img2.jpg'))
    press('ArrowLeft')
    await waitFor(() => expect(file()).toBe('img1.jpg'))
    expect(store.log).toHaveLength(0)

    press('?')
    expect(await screen.findByTestId('keys-overlay')).toBeTruthy()
    press('1') // keys do nothing while the overlay is open
    press('Escape')
    await waitFor(() => expect(screen.queryByTestId('keys-overlay')).toBeNull())

    const select = screen.getByRole('combobox', { name: 'Order' })
    fireEvent.keyDown(select, { key: '1' })
    expect(store.log).toHaveLength(0)
  })

  it('reaches the end of the queue and says so', async () => {
    store = createStore(2)
    renderReview()
    await waitFor(() => expect(file()).toBe('img1.jpg'))
    press('1')
    await waitFor(() => expect(file()).toBe('img2.jpg'))
    press('2')
    expect(await screen.findByTestId('review-empty')).toBeTruthy()
    await waitFor(() => expect(store.log.map((d) => d.imageId)).toEqual([1, 2]))
  })

  it('after a failed save the status line shows only the failure', async () => {
    const real = store.handlers['review.decide']
    let fail = true
    ;(store.handlers as Record<string, unknown>)['review.decide'] = async (
      d: InvokeParsed<'review.decide'>
    ) => {
      if (fail) {
        fail = false
        throw new AppError('disk_full', 'disk full')
      }
      return real(d)
    }
    renderReview()
    await waitFor(() => expect(file()).toBe('img1.jpg'))
    press('1')
    await waitFor(() => expect(notes.join()).toContain('Could not save the decision for img1.jpg: disk full'))
    await waitFor(() => expect(file()).toBe('img1.jpg')) // the unsaved image comes back
    const status = screen.getByTestId('last-action').textContent ?? ''
    expect(status).toBe('not saved — img1.jpg')
    expect(status).not.toContain('accepted')
    expect(store.log).toHaveLength(0)
  })

  it('a filter change hands the keys back to the stage; zoom keys and pixel size', async () => {
    renderReview()
    await waitFor(() => expect(file()).toBe('img1.jpg'))
    const select = screen.getByRole('combobox', { name: 'Status filter' })
    select.focus()
    fireEvent.change(select, { target: { value: 'all' } })
    expect(document.activeElement).toBe(screen.getByTestId('stage'))
    await waitFor(() => expect(file()).toBe('img1.jpg'))

    const img = screen.getByRole('img', { name: 'img1.jpg' })
    Object.defineProperty(img, 'naturalWidth', { value: 31 })
    Object.defineProperty(img, 'naturalHeight', { value: 17 })
    fireEvent.load(img)
    expect(screen.getByTestId('pixel-size').textContent).toBe('31 × 17 px')
    expect(screen.getByTestId('zoom-level').textContent).toBe('100% (fit)')
    press('+')
    expect(screen.getByTestId('zoom-level').textContent).toBe('125%')
    press('-')
    press('-')
    expect(screen.getByTestId('zoom-level').textContent).toBe('80%')
    press('o')
    expect(screen.getByTestId('zoom-level').textContent).toBe('100%')
    press('f')
    expect(screen.getByTestId('zoom-level').textContent).toBe('100% (fit)')
    // zoom keys decide nothing
    expect(store.log).toHaveLength(0)
  })
})
