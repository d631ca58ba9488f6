// The review screen's reviewer lists against an in-memory Handlers object whose inputs are parsed
// with the contract's schemas (as both transports do): "Disagreements" shows each annotator's
// label beside the image and records each decision adjudicated, and "Sample of an annotator’s
// decisions" loads the chosen annotator's sample, also deciding adjudicated.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import type { AnnotatedImage } from '../../../shared/adjudication'
import { invokeSchemas, type ProjectSummary, type ReviewItem, type ZebraApi } from '../../../shared/contract'
import { AppContext, type AppState } from '../context'
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

const annotated = (imageId: number, said: [string, string | null][]): AnnotatedImage => ({
  imageId,
  relPath: `img${imageId}.jpg`,
  labels: said.map(([annotator, label]) => ({
    annotator,
    label,
    labelId: label === null ? null : labels.find((l) => l.name === label)!.id
  })),
  tags: [],
  adjudicated: null
})

function store() {
  const calls: { channel: string; input: Record<string, unknown> }[] = []
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
    current: null,
    position: 1,
    total: 1
  })
  const stats = () => ({
    total: 20,
    reviewed: 0,
    byKind: { accepted: 0, corrected: 0, rejected: 0, skipped: 0, unsure: 0 },
    acceptRate: 0
  })
  const handlers: Record<string, (i: Record<string, unknown>) => unknown> = {
    'review.stats': stats,
    'review.items': (i) => (i.imageIds as number[]).map(item),
    'review.decide': (i) => ({
      decisionId: 1,
      item: item(i.imageId as number),
      next: ((i.then as { ids?: number[] } | undefined)?.ids ?? []).map(item),
      stats: stats()
    }),
    'review.disagreements': () => ({
      annotators: ['alice', 'bob', 'carol'],
      total: 2,
      items: [
        {
          ...annotated(4, [
            ['alice', 'cat'],
            ['bob', 'dog'],
            ['carol', null]
          ]),
          spread: 2 / 3
        },
        {
          ...annotated(9, [
            ['alice', 'cat'],
            ['bob', 'cat'],
            ['carol', 'bird']
          ]),
          adjudicated: 'cat',
          spread: 1 / 3
        }
      ]
    }),
    'review.sample': (i) => {
      const who = (i.annotator as string | undefined) ?? 'alice'
      return {
        annotator: who,
        annotators: ['alice', 'bob', 'carol'],
        labelled: 7,
        items: [annotated(who === 'bob' ? 12 : 11, [[who, 'dog']])]
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
    imageUrl: (id) => `data:image/gif;base64,R0lGODlhAQABAAAAACw=#${id}`
  }
  return { api, of: (ch: string) => calls.filter((c) => c.channel === ch).map((c) => c.input) }
}

function renderReview(s: ReturnType<typeof store>): void {
  const state: AppState = {
    api: s.api,
    info: null,
    model: null,
    // nothing pre-labelled: the reviewer's lists need no embeddings
    project: { labels, counts: { prelabeled: 0 } } as unknown as ProjectSummary,
    jobs: {},
    go: () => undefined,
    refreshProject: async () => undefined,
    refreshModel: async () => undefined,
    setProject: () => undefined,
    setModel: () => undefined,
    notify: () => undefined,
    openExport: () => undefined,
    reviewList: null,
    clearReviewList: () => undefined
  }
  render(
    <AppContext.Provider value={state}>
      <ReviewScreen />
    </AppContext.Provider>
  )
}

const file = (): string => screen.queryByTestId('review-file')?.textContent ?? ''
const pick = (name: string, value: string): void => {
  fireEvent.change(screen.getByRole('combobox', { name }), { target: { value } })
}

it('Disagreements: each annotator’s label beside the image, each decision adjudicated', async () => {
  const s = store()
  renderReview(s)
  pick('Queue source', 'disagreements')
  await waitFor(() => expect(file()).toBe('img4.jpg'))
  const panel = screen.getByTestId('annotator-labels')
  expect([...panel.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
    'alice: cat',
    'bob: dog',
    'carol: (none of these)'
  ])
  fireEvent.keyDown(window, { key: '2' })
  await waitFor(() => expect(file()).toBe('img9.jpg'))
  expect(screen.getByTestId('annotator-labels').textContent).toContain('Adjudicated before: cat')
  await waitFor(() =>
    expect(s.of('review.decide')).toMatchObject([{ imageId: 4, kind: 'accepted', rank: 2, adjudicate: true }])
  )
  fireEvent.keyDown(window, { key: '1' })
  expect(await screen.findByText('End of “Disagreements”')).toBeTruthy()
  await waitFor(() => expect(s.of('review.decide')).toHaveLength(2))
  expect(s.of('review.decide')[1]).toMatchObject({ imageId: 9, adjudicate: true })
})

it('Sample of an annotator’s decisions: the chosen annotator’s sample, decided adjudicated', async () => {
  const s = store()
  renderReview(s)
  pick('Queue source', 'sample')
  await waitFor(() => expect(file()).toBe('img11.jpg'))
  pick('Annotator', 'bob')
  await waitFor(() => expect(file()).toBe('img12.jpg'))
  expect(s.of('review.sample').at(-1)).toMatchObject({ annotator: 'bob', size: 20 })
  expect(screen.getByRole('option', { name: 'Sample of carol’s decisions' })).toBeTruthy()
  expect(screen.getByTestId('annotator-labels').textContent).toContain('bob: dog')
  fireEvent.keyDown(window, { key: '1' })
  await waitFor(() => expect(s.of('review.decide')).toMatchObject([{ imageId: 12, adjudicate: true }]))
})
