// The review screen's list sources against an in-memory Handlers object whose inputs are parsed
// with the contract's schemas (as both transports do): possible mistakes (A takes the model's
// label, K keeps yours), a text search reviewed like any queue, a duplicate group labelled in one
// step and undone in one, and a list opened by another screen.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { invokeSchemas, type ProjectSummary, type ReviewItem, type ZebraApi } from '../../../shared/contract'
import { AppContext, type AppState, type ReviewList } from '../context'
import { ReviewScreen } from './Review'

afterEach(cleanup)

const labels = ['cat', 'dog', 'bird'].map((name, i) => ({
  id: i + 1,
  name,
  descriptions: [],
  color: '#446688',
  hotkey: null,
  archived: false
}))

function store() {
  const calls: { channel: string; input: Record<string, unknown> }[] = []
  const label = new Map<number, number>([[7, 1]])
  const batches: number[][] = []
  const item = (id: number): ReviewItem => ({
    image: {
      id,
      root: '/i',
      relPath: `img${id}.jpg`,
      width: 8,
      height: 8,
      format: 'jpeg',
      bytes: 1,
      state: 'ok',
      reason: null
    },
    suggestions: labels.map((l, r) => ({
      rank: r + 1,
      labelId: l.id,
      label: l.name,
      prob: 0.5 - r / 10,
      source: 'zeroshot' as const
    })),
    current: label.has(id)
      ? {
          kind: 'corrected',
          labelId: label.get(id)!,
          label: labels[label.get(id)! - 1]!.name,
          annotator: 't',
          at: ''
        }
      : null,
    position: 99,
    total: 99
  })
  const stats = () => ({
    total: 20,
    reviewed: label.size,
    byKind: { accepted: 0, corrected: label.size, rejected: 0, skipped: 0, unsure: 0 },
    acceptRate: 0
  })
  const then = (i: Record<string, unknown>) =>
    ((i.then as { ids?: number[] } | undefined)?.ids ?? []).map(item)
  const handlers: Record<string, (i: Record<string, unknown>) => unknown> = {
    'review.stats': stats,
    'review.get': (i) => item(i.imageId as number),
    'review.items': (i) => (i.imageIds as number[]).map(item),
    'review.decide': (i) => {
      label.set(i.imageId as number, (i.labelId as number) ?? 1)
      batches.push([i.imageId as number])
      return { decisionId: batches.length, item: item(i.imageId as number), next: then(i), stats: stats() }
    },
    'review.decideGroup': (i) => {
      const ids = i.imageIds as number[]
      for (const x of ids) label.set(x, i.labelId as number)
      batches.push(ids)
      return { count: ids.length, next: then(i), stats: stats() }
    },
    'review.undo': () => {
      const b = batches.pop()
      for (const x of b ?? []) label.delete(x)
      const id = b?.[0] ?? null
      return { imageId: id, imageIds: b ?? [], item: id === null ? null : item(id), stats: stats() }
    },
    'review.keepLabel': (i) => ({ imageId: i.imageId, decisionId: 1, next: then(i), stats: stats() }),
    'review.mistakes': () => [
      {
        imageId: 7,
        relPath: 'img7.jpg',
        label: 'cat',
        labelId: 1,
        suggested: 'dog',
        suggestedId: 2,
        prob: 0.8
      },
      {
        imageId: 8,
        relPath: 'img8.jpg',
        label: 'bird',
        labelId: 3,
        suggested: 'cat',
        suggestedId: 1,
        prob: 0.7
      }
    ],
    'search.text': (i) =>
      i.query === 'a red car'
        ? [3, 1, 2].map((id, k) => ({ imageId: id, relPath: `img${id}.jpg`, score: 0.3 - k / 100 }))
        : [],
    'review.duplicateGroups': (i) => {
      const copies = {
        imageIds: [10, 11, 12],
        relPaths: ['img10.jpg', 'img11.jpg', 'img12.jpg'],
        unreviewed: 3,
        labels: [{ labelId: 1, label: 'cat', count: 3, decided: 0 }],
        mixed: false
      }
      if (i.level === 'identical')
        return { level: 'identical', threshold: null, auto: false, typical: null, groups: [copies] }
      const count = (labelId: number, n: number) => ({
        labelId,
        label: labels[labelId - 1]!.name,
        count: n,
        decided: 0
      })
      return {
        level: 'similar',
        threshold: i.threshold ?? 0.987,
        auto: i.threshold === undefined,
        typical: 0.95,
        groups: [
          copies,
          {
            imageIds: [5, 6],
            relPaths: ['img5.jpg', 'img6.jpg'],
            unreviewed: 0,
            labels: [count(2, 2)],
            mixed: false
          },
          {
            imageIds: [14, 15, 16, 17, 18, 19, 20],
            relPaths: [14, 15, 16, 17, 18, 19, 20].map((x) => `img${x}.jpg`),
            unreviewed: 7,
            labels: [count(1, 4), count(3, 3)],
            mixed: true
          }
        ]
      }
    }
  }
  const api: ZebraApi = {
    transport: 'browser',
    async invoke(channel, input) {
      const parsed = invokeSchemas[channel].parse(input) as Record<string, unknown>
      calls.push({ channel, input: parsed })
      const h = handlers[channel]
      if (!h) throw new Error(`no ${channel} here`)
      return h(parsed) as never
    },
    send: () => undefined,
    on: () => () => undefined,
    imageUrl: (id, o) => `data:image/gif;base64,R0lGODlhAQABAAAAACw=#${id}${o?.thumb ? 't' : ''}`
  }
  return { api, calls, label, of: (ch: string) => calls.filter((c) => c.channel === ch).map((c) => c.input) }
}

function renderReview(s: ReturnType<typeof store>, reviewList: ReviewList | null = null): void {
  const state: AppState = {
    api: s.api,
    info: null,
    model: null,
    project: { labels, counts: { prelabeled: 20 } } as unknown as ProjectSummary,
    jobs: {},
    go: () => undefined,
    refreshProject: async () => undefined,
    refreshModel: async () => undefined,
    setProject: () => undefined,
    setModel: () => undefined,
    notify: () => undefined,
    openExport: () => undefined,
    reviewList,
    clearReviewList: () => undefined
  }
  render(
    <AppContext.Provider value={state}>
      <ReviewScreen />
    </AppContext.Provider>
  )
}

const file = (): string => screen.queryByTestId('review-file')?.textContent ?? ''
const press = (key: string): void => {
  act(() => {
    fireEvent.keyDown(window, { key })
  })
}
const pick = (kind: string): void => {
  fireEvent.change(screen.getByRole('combobox', { name: 'Queue source' }), { target: { value: kind } })
}
const level = (value: string): void => {
  fireEvent.change(screen.getByRole('combobox', { name: 'Duplicates level' }), { target: { value } })
}

describe('review list sources', () => {
  it('possible mistakes: A takes the model’s label, K keeps yours, then the end of the list', async () => {
    const s = store()
    renderReview(s)
    pick('mistakes')
    await waitFor(() => expect(file()).toBe('img7.jpg'))
    const panel = screen.getByTestId('mistake-panel')
    expect(panel.textContent).toContain('Your label: cat')
    expect(panel.textContent).toContain('Model suggests: dog')
    expect(screen.getByText(/in this queue$/).textContent).toBe('1 of 2 in this queue')
    press('a')
    await waitFor(() => expect(file()).toBe('img8.jpg'))
    await waitFor(() =>
      expect(s.of('review.decide')).toMatchObject([{ imageId: 7, kind: 'corrected', labelId: 2 }])
    )
    press('k')
    expect(await screen.findByText('End of “Possible mistakes”')).toBeTruthy()
    await waitFor(() => expect(s.of('review.keepLabel')).toMatchObject([{ imageId: 8 }]))
    expect(s.of('review.decide')).toHaveLength(1) // keep is not a decision
  })

  it('search: the matches open as a queue, reviewed with the usual keys', async () => {
    const s = store()
    renderReview(s)
    pick('search')
    expect(await screen.findByText('Type what the images show above, then press Enter.')).toBeTruthy()
    const box = screen.getByRole('searchbox', { name: 'Search text' })
    expect(document.activeElement).toBe(box)
    fireEvent.change(box, { target: { value: 'a red car' } })
    press('1') // typing in the box decides nothing
    fireEvent.submit(box.closest('form')!)
    await waitFor(() => expect(file()).toBe('img3.jpg'))
    expect(document.activeElement).toBe(screen.getByTestId('stage'))
    expect(screen.getByTestId('search-score').textContent).toContain('a red car')
    const before = s.calls.length
    press('2')
    await waitFor(() => expect(file()).toBe('img1.jpg'))
    await waitFor(() =>
      expect(s.of('review.decide')).toMatchObject([{ imageId: 3, kind: 'accepted', rank: 2 }])
    )
    expect(screen.getByText(/in this queue$/).textContent).toBe('2 of 3 in this queue')
    // one request for the key press: the decision's answer brings the list's next items and counters
    await waitFor(() => expect(screen.getByTestId('counter-reviewed').textContent).toBe('2 / 20 reviewed'))
    expect(s.calls.slice(before).map((c) => c.channel)).toEqual(['review.decide'])
  })

  it('duplicates: identical files first, then the model’s own threshold, shown', async () => {
    const s = store()
    renderReview(s)
    pick('duplicates')
    await waitFor(() => expect(file()).toBe('img10.jpg'))
    expect(s.of('review.duplicateGroups')).toMatchObject([{ level: 'identical' }])
    expect(screen.getByTestId('duplicate-group').textContent).toContain('Group of 3 identical files')
    expect(screen.getByText(/in this queue$/).textContent).toBe('1 of 1 in this queue')
    const options = within(screen.getByRole('combobox', { name: 'Duplicates level' })).getAllByRole('option')
    expect(options.map((o) => o.getAttribute('value'))).toEqual([
      'identical',
      'auto',
      '0.9',
      '0.95',
      '0.98',
      '0.99',
      '0.995',
      '0.999'
    ])
    level('auto')
    await waitFor(() =>
      expect(screen.getByTestId('duplicate-threshold').textContent).toBe('≥ 0.987 (chosen for this model)')
    )
    expect(s.of('review.duplicateGroups')[1]).toEqual({ level: 'similar', limit: 10_000 })
    await waitFor(() =>
      expect(screen.getByTestId('duplicate-group').textContent).toContain(
        'Group of 3 near-duplicates at similarity ≥ 0.987 (chosen for this model)'
      )
    )
    level('0.999')
    await waitFor(() =>
      expect(s.of('review.duplicateGroups')[2]).toEqual({ level: 'similar', threshold: 0.999, limit: 10_000 })
    )
    await waitFor(() =>
      expect(screen.getByTestId('duplicate-group').textContent).toContain('at similarity ≥ 0.999 (')
    )
    expect(screen.queryByTestId('duplicate-threshold')).toBeNull()
  })

  it('duplicates: the group as thumbnails, one label for all in one step, one undo for all', async () => {
    const s = store()
    renderReview(s)
    pick('duplicates')
    await waitFor(() => expect(file()).toBe('img10.jpg'))
    level('0.95')
    await waitFor(() => expect(screen.getByText(/in this queue$/).textContent).toBe('1 of 2 in this queue'))
    const group = screen.getByTestId('duplicate-group')
    expect(
      within(group)
        .getAllByRole('img')
        .map((i) => i.getAttribute('alt'))
    ).toEqual(['img10.jpg', 'img11.jpg', 'img12.jpg'])
    // the fully reviewed group is not in the queue: 2 groups left
    expect(screen.getByText(/in this queue$/).textContent).toBe('1 of 2 in this queue')
    press('0')
    const search = await screen.findByRole('combobox', { name: 'Search labels' })
    expect(screen.getByRole('dialog', { name: 'Which label for all 3 images of this group?' })).toBeTruthy()
    fireEvent.change(search, { target: { value: 'bird' } })
    fireEvent.keyDown(search, { key: 'Enter' })
    await waitFor(() => expect(file()).toBe('img14.jpg'))
    await waitFor(() =>
      expect(s.of('review.decideGroup')).toMatchObject([{ imageIds: [10, 11, 12], labelId: 3 }])
    )
    expect([10, 11, 12].map((x) => s.label.get(x))).toEqual([3, 3, 3])
    press('u')
    await waitFor(() => expect(file()).toBe('img10.jpg'))
    expect([10, 11, 12].map((x) => s.label.has(x))).toEqual([false, false, false])
    expect(s.of('review.undo')).toHaveLength(1)
    press('1') // the top suggestion for the whole group
    await waitFor(() => expect(s.of('review.decideGroup')).toHaveLength(2))
    expect(s.of('review.decideGroup')[1]).toMatchObject({ imageIds: [10, 11, 12], labelId: 1 })
  })

  it('a mixed group says so, and one key only proposes its label: the same key again or Y labels all', async () => {
    const s = store()
    renderReview(s)
    pick('duplicates')
    await waitFor(() => expect(file()).toBe('img10.jpg'))
    level('0.95')
    await waitFor(() => expect(screen.getByText(/in this queue$/).textContent).toBe('1 of 2 in this queue'))
    expect(screen.queryByTestId('group-mixed')).toBeNull() // the copies agree
    press('ArrowRight')
    await waitFor(() => expect(file()).toBe('img14.jpg'))
    expect(screen.getByRole('alert').textContent).toContain('mixed: 4 cat, 3 bird')
    press('1')
    const confirm = await screen.findByTestId('group-confirm')
    expect(confirm.textContent).toContain('Label all 7 as cat? 3 of them have another label now.')
    expect(s.of('review.decideGroup')).toEqual([])
    // another label replaces the proposal, still nothing written
    press('0')
    const search = await screen.findByRole('combobox', { name: 'Search labels' })
    fireEvent.change(search, { target: { value: 'bird' } })
    fireEvent.keyDown(search, { key: 'Enter' })
    await waitFor(() =>
      expect(screen.getByTestId('group-confirm').textContent).toContain('Label all 7 as bird? 4 of them')
    )
    expect(s.of('review.decideGroup')).toEqual([])
    press('y')
    await waitFor(() => expect(s.of('review.decideGroup')).toHaveLength(1))
    expect(s.of('review.decideGroup')[0]).toMatchObject({
      imageIds: [14, 15, 16, 17, 18, 19, 20],
      labelId: 3
    })
    expect(s.label.get(20)).toBe(3)
    // undone, the group is back: the same digit twice also confirms
    press('u')
    await waitFor(() => expect(file()).toBe('img14.jpg'))
    await waitFor(() => expect(screen.queryByTestId('group-confirm')).toBeNull())
    press('1')
    await screen.findByTestId('group-confirm')
    press('1')
    await waitFor(() => expect(s.of('review.decideGroup')).toHaveLength(2))
    expect(s.of('review.decideGroup')[1]).toMatchObject({ labelId: 1 })
  })

  it('a list opened by another screen starts at its focus image', async () => {
    const s = store()
    renderReview(s, { title: 'Compare: cat predicted as dog', imageIds: [4, 9, 2], focus: 9 })
    await waitFor(() => expect(file()).toBe('img9.jpg'))
    expect(screen.getByText(/in this queue$/).textContent).toBe('2 of 3 in this queue')
    expect(
      (screen.getByRole('combobox', { name: 'Queue source' }) as HTMLSelectElement).selectedOptions[0]!
        .textContent
    ).toBe('Compare: cat predicted as dog')
    press('ArrowRight')
    await waitFor(() => expect(file()).toBe('img2.jpg'))
    press('ArrowLeft')
    press('ArrowLeft')
    await waitFor(() => expect(file()).toBe('img4.jpg'))
    expect(s.of('review.decide')).toEqual([])
  })
})
