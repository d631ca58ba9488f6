// The review screen's keyboard around its edges: every filter hands the keys back to the image,
// ← at the head of the unreviewed queue shows the decision just made, and the bar names who is
// deciding. Over the in-memory review store of testing/review-store.tsx.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createStore, labels, renderReview, type ReviewStore } from '../testing/review-store'

let store: ReviewStore
const notes: string[] = []
beforeEach(() => {
  store = createStore(6)
  notes.length = 0
})
afterEach(cleanup)

const file = (): string => screen.getByTestId('review-file').textContent ?? ''
// keys go where the browser sends them: to the focused element
const press = (key: string): void => {
  act(() => {
    fireEvent.keyDown(document.activeElement ?? window, { key })
  })
}

it('after a change of any filter the keys act on the image at once', async () => {
  const project = { labels, counts: { prelabeled: 6 } } as never
  renderReview(store, notes, { state: { project } })
  await waitFor(() => expect(file()).toBe('img1.jpg'))
  const change = (name: string, value: string): void => {
    const select = screen.getByRole('combobox', { name })
    select.focus()
    fireEvent.change(select, { target: { value } })
    expect(document.activeElement).toBe(screen.getByTestId('stage'))
  }

  change('Status filter', 'all')
  await waitFor(() => expect(file()).toBe('img1.jpg'))
  press('s')
  await waitFor(() => expect(store.log).toHaveLength(1))

  change('Order', 'lowest_confidence')
  await waitFor(() => expect(file()).toBe('img1.jpg'))
  press('1')
  await waitFor(() => expect(store.log).toHaveLength(2))

  change('Suggested label filter', '2')
  await waitFor(() => expect(file()).toBe('img1.jpg'))
  press('n')
  await waitFor(() => expect(store.log).toHaveLength(3))

  // another source (text search: its box takes the cursor) and back: the keys work at once
  const source = screen.getByRole('combobox', { name: 'Queue source' })
  fireEvent.change(source, { target: { value: 'search' } })
  expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search text' }))
  change('Queue source', 'queue')
  await waitFor(() => expect(file()).toBe('img2.jpg')) // unreviewed again: img1 is decided
  press('2')
  await waitFor(() => expect(store.log).toHaveLength(4))
  expect(store.log.map((d) => d.kind)).toEqual(['skipped', 'accepted', 'unsure', 'accepted'])
})

it('← on the first unreviewed image shows the one decided just before; → goes back', async () => {
  renderReview(store, notes)
  await waitFor(() => expect(file()).toBe('img1.jpg'))
  press('1')
  await waitFor(() => expect(file()).toBe('img2.jpg'))
  await waitFor(() => expect(store.log).toHaveLength(1))

  press('ArrowLeft')
  await waitFor(() => expect(file()).toBe('img1.jpg'))
  expect(screen.getByTestId('current-decision').textContent).toContain('accepted')
  expect(screen.getByTestId('last-action').textContent).toContain('last decided — img1.jpg')
  press('ArrowRight')
  await waitFor(() => expect(file()).toBe('img2.jpg'))
  expect(store.log).toHaveLength(1) // looking decided nothing

  // a key on the image glanced at changes its decision, then the queue goes on where it was
  press('ArrowLeft')
  await waitFor(() => expect(file()).toBe('img1.jpg'))
  press('s')
  await waitFor(() => expect(store.log).toHaveLength(2))
  expect(store.log[1]).toMatchObject({ imageId: 1, kind: 'skipped' })
  await waitFor(() => expect(file()).toBe('img2.jpg'))
})

it('← before any decision of this session stays put', async () => {
  renderReview(store, notes)
  await waitFor(() => expect(file()).toBe('img1.jpg'))
  press('ArrowLeft')
  press('ArrowRight')
  await waitFor(() => expect(file()).toBe('img2.jpg'))
  press('ArrowLeft')
  await waitFor(() => expect(file()).toBe('img1.jpg'))
  press('ArrowLeft')
  expect(file()).toBe('img1.jpg')
  expect(notes).toEqual([])
})

it('the bar names who is deciding', async () => {
  const info = { annotator: 'Ada' } as never
  const opened: string[] = []
  renderReview(store, notes, { state: { info, openSettings: (tab) => void opened.push(tab) } })
  await waitFor(() => expect(file()).toBe('img1.jpg'))
  expect(screen.getByTestId('annotator').textContent).toBe('as Ada')
  fireEvent.click(screen.getByRole('button', { name: 'Deciding as Ada (change in Settings)' }))
  expect(opened).toEqual(['annotator'])
})

it('a team copy names the member, whom the store records, whatever the setting says', async () => {
  const info = { annotator: 'root' } as never
  const project = { labels, team: { annotator: 'ann', role: 'annotator' as const } }
  renderReview(store, notes, { state: { info }, project })
  await waitFor(() => expect(file()).toBe('img1.jpg'))
  expect(screen.getByTestId('annotator').textContent).toBe('as ann')
  expect(screen.queryByRole('button', { name: /Deciding as/ })).toBeNull()
})

it('a decision key on a filter that kept the focus decides; arrows still change the filter', async () => {
  renderReview(store, notes)
  await waitFor(() => expect(file()).toBe('img1.jpg'))
  const order = screen.getByRole('combobox', { name: 'Order' }) as HTMLSelectElement
  order.focus() // clicked open and closed again without a change: no change event
  press('s')
  await waitFor(() => expect(store.log).toEqual([{ imageId: 1, kind: 'skipped', labelId: null }]))
  expect(order.value).toBe('file')
  const ev = new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true })
  act(() => void order.dispatchEvent(ev))
  expect(ev.defaultPrevented).toBe(false) // left to the dropdown
  expect(file()).toBe('img2.jpg')
})
