// The review screen driven by the keyboard against a small in-memory Handlers object
// (testing/review-store.tsx); inputs are parsed with the contract's schemas, as both real
// transports do.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { InvokeParsed } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import {
  createStore,
  labels,
  renderReview as renderOn,
  type Listeners,
  type ReviewStore
} from '../testing/review-store'

let store: ReviewStore
const notes: string[] = []
const listeners: Listeners = {}
const renderReview = (calls?: string[]): void => renderOn(store, notes, { calls, listeners })
const emit = (ch: string, payload: unknown): void => {
  act(() => {
    for (const fn of listeners[ch] ?? []) fn(payload)
  })
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

  it("an empty queue opens again when a team replica's sync brings work", async () => {
    // every image decided: the queue is empty, as a team member's is with all their leases done
    for (let id = 1; id <= 6; id++) store.decided.set(id, { imageId: id, kind: 'accepted', labelId: 1 })
    renderReview()
    expect(await screen.findByText('Nothing left here')).toBeTruthy()
    // the sync pulled in a lease: image 4 is the member's to decide
    store.decided.delete(4)
    emit('project.changed', { reason: 'team' })
    await waitFor(() => expect(file()).toBe('img4.jpg'))
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
