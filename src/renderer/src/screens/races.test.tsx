// Overlapping requests on the real screens: a slow answer to an earlier request must
// never replace the answer to the latest one. The transport is answered by the test, in the order
// a busy server or a slow disk would; the screens are the real components.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { InvokeOutput, ModelStatus, ProjectSummary, ReviewItem } from '../../../shared/contract'
import { controlledApi, renderWith } from '../testing/controlled'
import { GridScreen } from './Grid'
import { ModelScreen } from './Model'
import { ReviewScreen } from './Review'

beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver
})
afterEach(cleanup)

const labels = ['cat', 'dog', 'bird', 'rocket', 'coffee'].map((name, i) => ({
  id: i + 1,
  name,
  descriptions: [],
  color: '#446688',
  hotkey: null,
  archived: false
}))
const project = { labels, templateSets: [] } as unknown as ProjectSummary

const item = (id: number, total: number): ReviewItem => ({
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
  suggestions: labels.map((l, r) => ({
    rank: r + 1,
    labelId: l.id,
    label: l.name,
    prob: [0.6, 0.2, 0.1, 0.06, 0.04][r]!,
    source: 'zeroshot' as const
  })),
  current: null,
  position: 1,
  total
})

const page = (labelId: number, total: number): InvokeOutput<'grid.page'> => ({
  total,
  rows: Array.from({ length: Math.min(total, 3) }, (_, i) => ({
    imageId: labelId * 100 + i,
    relPath: `l${labelId}/${i}.jpg`,
    labelId,
    label: labels[labelId - 1]!.name,
    prob: 0.9 - i / 10,
    current: null
  }))
})

const window_ = (): Window => globalThis.window

describe('latest request wins', () => {
  const stats = (reviewed: number): InvokeOutput<'review.stats'> => ({
    total: 10,
    reviewed,
    byKind: { accepted: reviewed, corrected: 0, rejected: 0, skipped: 0, unsure: 0 },
    acceptRate: 1
  })
  const window = (it: ReviewItem | null, reviewed = 0): InvokeOutput<'review.window'> => ({
    item: it,
    ahead: [],
    stats: stats(reviewed)
  })

  it('review: the queue and counters of the latest filter are shown, not the slow answer of the first one', async () => {
    const c = controlledApi()
    renderWith(c, <ReviewScreen />, project)
    const first = c.take('review.window')
    expect(first.input.status).toBe('unreviewed')

    fireEvent.change(screen.getByRole('combobox', { name: 'Status filter' }), { target: { value: 'all' } })
    const second = c.take('review.window')
    expect(second.input.status).toBe('all')

    await act(async () => second.resolve(window(item(2, 10), 3)))
    await waitFor(() => expect(screen.getByTestId('review-file').textContent).toBe('img2.jpg'))
    await waitFor(() => expect(screen.getByTestId('counter-reviewed').textContent).toBe('3 / 10 reviewed'))
    await act(async () => first.resolve(window(item(1, 4), 1)))
    expect(screen.getByTestId('review-file').textContent).toBe('img2.jpg')
    expect(screen.getByTestId('counter-reviewed').textContent).toBe('3 / 10 reviewed')
    expect(c.notes).toEqual([])
  })

  it('review: a slow "previous" answer does not replace the image moved to after it', async () => {
    const c = controlledApi()
    renderWith(c, <ReviewScreen />, project)
    await act(async () => c.take('review.window').resolve(window(item(5, 10))))
    await waitFor(() => expect(screen.getByTestId('review-file').textContent).toBe('img5.jpg'))
    act(() => void fireEvent.keyDown(window_(), { key: 'ArrowLeft' }))
    const prev = c.take('review.window')
    expect(prev.input).toMatchObject({ from: 5, direction: 'prev' })
    act(() => void fireEvent.keyDown(window_(), { key: 'ArrowRight' }))
    const next = c.take('review.window')
    expect(next.input).toMatchObject({ from: 5, direction: 'next' })
    await act(async () => next.resolve(window(item(6, 10))))
    await waitFor(() => expect(screen.getByTestId('review-file').textContent).toBe('img6.jpg'))
    await act(async () => prev.resolve(window(item(4, 10))))
    expect(screen.getByTestId('review-file').textContent).toBe('img6.jpg')
  })

  it('grid: the count and tiles of the latest label are shown, not the slow first view’s', async () => {
    const c = controlledApi()
    renderWith(c, <GridScreen />, project)
    const cat = c.take('grid.page') // the grid opens on all images
    expect(cat.input).toMatchObject({ offset: 0 })
    expect(cat.input.labelId).toBeUndefined()

    fireEvent.change(screen.getByRole('combobox', { name: 'Label' }), { target: { value: '2' } })
    const dog = c.take('grid.page')
    expect(dog.input).toMatchObject({ labelId: 2, offset: 0 })

    await act(async () => dog.resolve(page(2, 3)))
    await waitFor(() => expect(screen.getByTestId('grid-total').textContent).toBe('3 images'))
    await act(async () => cat.resolve(page(1, 7)))
    expect(screen.getByTestId('grid-total').textContent).toBe('3 images')
  })

  it('grid: "select above" keeps the latest threshold’s count only', async () => {
    const c = controlledApi()
    renderWith(c, <GridScreen />, project)
    await act(async () => c.take('grid.page').resolve(page(1, 3)))
    await waitFor(() => expect(screen.getByTestId('grid-total').textContent).toBe('3 images'))
    const threshold = screen.getByLabelText('Probability threshold')
    const selectAbove = screen.getByRole('button', {
      name: 'Select all with probability at least the threshold'
    })
    fireEvent.change(threshold, { target: { value: '0.1' } })
    fireEvent.click(selectAbove)
    const low = c.take('grid.page')
    fireEvent.change(threshold, { target: { value: '0.85' } })
    fireEvent.click(selectAbove)
    const high = c.take('grid.page')
    expect([low.input.minProb, high.input.minProb]).toEqual([0.1, 0.85])
    await act(async () => high.resolve(page(1, 1)))
    await waitFor(() => expect(screen.getByTestId('grid-selected').textContent).toBe('1 selected'))
    await act(async () => low.resolve(page(1, 3)))
    expect(screen.getByTestId('grid-selected').textContent).toBe('1 selected')
  })
})

describe('latest request wins on the model screen', () => {
  const status = (variant: 'fp32' | 'quantized', provider: string): ModelStatus => ({
    loaded: true,
    loading: false,
    path: '/models/clip',
    name: 'clip',
    demo: false,
    reads: 'english',
    variant,
    availableVariants: ['fp32', 'quantized'],
    requestedProvider: 'auto',
    provider,
    providerNote: null,
    embedDim: 512,
    hubModel: 'openai/clip-vit-base-patch32',
    downloaded: true,
    error: null
  })

  it('two option changes in a row: the model of the last one is kept', async () => {
    const c = controlledApi()
    const set: ModelStatus[] = []
    renderWith(c, <ModelScreen />, undefined, {
      model: status('quantized', 'cpu'),
      setModel: (m) => void set.push(m)
    })
    fireEvent.change(screen.getByRole('combobox', { name: 'Variant' }), { target: { value: 'fp32' } })
    const first = c.take('model.setOptions')
    fireEvent.change(screen.getByRole('combobox', { name: 'Execution provider' }), {
      target: { value: 'cpu' }
    })
    const second = c.take('model.setOptions')
    expect([first.input, second.input]).toEqual([{ variant: 'fp32' }, { ep: 'cpu' }])
    await act(async () => second.resolve(status('fp32', 'cpu')))
    await act(async () => first.resolve(status('fp32', 'webgpu')))
    expect(set.map((m) => m.provider)).toEqual(['cpu'])
    expect(c.notes).toEqual([])
  })
})
