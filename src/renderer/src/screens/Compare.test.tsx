// The compare screen against an in-memory api whose inputs are parsed with the contract's schemas
// (as both transports do): running a comparison, reading the ranked templates, sorting the
// per-class table from the keyboard, confusion thumbnails, applying a set, the learning curve.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  invokeSchemas,
  type InvokeChannel,
  type ProjectSummary,
  type ZebraApi
} from '../../../shared/contract'
import type { CompareReport, LearningCurvePoint } from '../../../shared/report'
import { CompareScreen, sortClasses } from './Compare'

beforeAll(() => {
  // jsdom has no layout: recharts' ResponsiveContainer only needs the observer to exist.
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver
})
afterEach(cleanup)

const report: CompareReport = {
  images: 40,
  labels: ['cat', 'dog', 'bird'],
  templates: [
    { template: 'a photo of a {}.', top1: 0.5, top5: 1, meanPerClass: 0.48 },
    { template: 'art of the {}.', top1: 0.7, top5: 1, meanPerClass: 0.69 },
    { template: 'itap of a {}.', top1: 0.6, top5: 1, meanPerClass: 0.61 }
  ],
  ensembles: [
    {
      name: 'Default',
      templates: ['a photo of a {}.', 'art of the {}.', 'itap of a {}.'],
      descriptions: false,
      synonyms: false,
      top1: 0.75,
      top5: 1,
      meanPerClass: 0.74,
      ece: 0.12
    },
    {
      name: 'greedy selection',
      templates: ['art of the {}.', 'itap of a {}.'],
      descriptions: false,
      synonyms: false,
      top1: 0.8,
      top5: 1,
      meanPerClass: 0.79,
      ece: 0.1
    }
  ],
  detailEnsemble: 'Default',
  perClass: [
    { label: 'cat', support: 15, precision: 0.9, recall: 0.6, accuracy: 0.6 },
    { label: 'dog', support: 15, precision: 0.7, recall: 0.9, accuracy: 0.9 },
    { label: 'bird', support: 10, precision: 0.6, recall: 0.75, accuracy: 0.75 }
  ],
  confusions: [{ trueLabel: 'cat', predicted: 'dog', count: 5, exampleImageIds: [11, 12] }],
  confusionMatrix: [
    [9, 5, 1],
    [1, 13, 1],
    [1, 1, 8]
  ],
  coverage: Array.from({ length: 101 }, (_, k) => ({
    threshold: k / 100,
    coverage: 1 - k / 100,
    precision: 0.75 + k / 400
  })),
  suggestedThreshold: { threshold: 0.8, coverage: 0.2, precision: 0.95, target: 0.95 },
  greedy: {
    templates: ['art of the {}.', 'itap of a {}.'],
    trainTop1: 0.82,
    heldOutTop1: 0.78,
    baselineHeldOutTop1: 0.74,
    steps: [
      { added: 'art of the {}.', trainTop1: 0.72, heldOutTop1: 0.7 },
      { added: 'itap of a {}.', trainTop1: 0.82, heldOutTop1: 0.78 }
    ],
    trainImages: 28,
    heldOutImages: 12,
    seed: 0
  },
  timingMs: 5
}

const curve: LearningCurvePoint[] = [
  { n: 2, zeroshot_top1: 0.3, adapted_top1: 0.3 },
  { n: 8, zeroshot_top1: 0.3, adapted_top1: 0.55 },
  { n: 28, zeroshot_top1: 0.3, adapted_top1: 0.8 }
]

function summary(sets: { id: number; name: string; templates: string[] }[], active: number): ProjectSummary {
  return {
    path: '/p.zebra',
    name: 'p',
    roots: ['/imgs'],
    createdAt: '',
    openedAt: '',
    settings: { modelPath: null, variant: 'fp32', ep: 'auto', temperature: 100, topK: 5, adapt: true },
    counts: {
      images: 60,
      prelabeled: 60,
      reviewed: 40,
      unreadable: 0,
      missing: 0,
      byKind: { accepted: 30, corrected: 10, rejected: 0, skipped: 0, unsure: 0 }
    },
    labels: [],
    templateSets: sets,
    activeTemplateSetId: active,
    sample: false
  }
}

/** Waits until the project's template sets are loaded (the run button is enabled then). */
async function runComparison(): Promise<void> {
  await waitFor(() =>
    expect((screen.getByRole('checkbox', { name: /Default/ }) as HTMLInputElement).checked).toBe(true)
  )
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Run comparison' })))
}

function createApi() {
  const calls: { channel: InvokeChannel; input: unknown }[] = []
  let sets = [{ id: 1, name: 'Default', templates: report.ensembles[0].templates }]
  const handlers: Partial<Record<InvokeChannel, (input: never) => unknown>> = {
    'presets.list': () => [{ name: 'CIFAR10', classes: 10, templates: 18 }],
    'project.summary': () => summary(sets, 1),
    'compare.run': () => report,
    'compare.learningCurve': () => curve,
    'compare.apply': (input: { name: string; templates: string[] }) => {
      sets = [...sets, { id: sets.length + 1, name: input.name, templates: input.templates }]
      return summary(sets, sets.length)
    }
  }
  const api: ZebraApi = {
    transport: 'browser',
    async invoke(channel, input) {
      const parsed = invokeSchemas[channel].parse(input)
      calls.push({ channel, input: parsed })
      const h = handlers[channel]
      if (!h) throw new Error(`no handler for ${channel}`)
      return h(parsed as never) as never
    },
    send() {},
    on: () => () => undefined,
    imageUrl: (id, opts) => `zebra-image://img/${id}${opts?.thumb ? '?thumb=1' : ''}`
  }
  return { api, calls }
}

describe('CompareScreen', () => {
  it('runs a comparison and shows templates ranked by top-1, ensembles and confusions', async () => {
    const { api, calls } = createApi()
    render(<CompareScreen api={api} />)
    await runComparison()
    expect(calls.find((c) => c.channel === 'compare.run')?.input).toEqual({
      templateSetIds: [1],
      presets: [],
      greedy: true
    })
    const ranked = within(screen.getByRole('region', { name: 'Templates ranked by top-1' }))
    const rows = ranked.getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getAllByRole('cell')[1].textContent)).toEqual([
      'art of the {}.',
      'itap of a {}.',
      'a photo of a {}.'
    ])
    expect(screen.getByRole('status').textContent).toContain('40 reviewed images')
    const ens = within(screen.getByRole('region', { name: 'Ensembles vs the best single template' }))
    expect(ens.getByText(/Best single template/).textContent).toContain('+5.0 points')
    const thumbs = within(screen.getByRole('region', { name: 'Largest confusions' })).getAllByRole('img')
    expect(thumbs.map((t) => t.getAttribute('src'))).toEqual([
      'zebra-image://img/11?thumb=1',
      'zebra-image://img/12?thumb=1'
    ])
    expect(thumbs[0].getAttribute('alt')).toContain('cat, predicted dog')
    expect(screen.getByText(/≥ 0.80 covers 20.0% of images/)).toBeTruthy()
  })

  it('sorts the per-class table by column header buttons', async () => {
    const { api } = createApi()
    render(<CompareScreen api={api} />)
    await runComparison()
    const region = within(screen.getByRole('region', { name: /Per class/ }))
    const labels = (): string[] => region.getAllByRole('rowheader').map((r) => r.textContent ?? '')
    expect(labels()).toEqual(['cat', 'bird', 'dog']) // default: lowest recall first
    const precision = region.getByRole('button', { name: /precision/ })
    precision.focus()
    expect(document.activeElement).toBe(precision)
    fireEvent.click(precision)
    expect(labels()).toEqual(['cat', 'dog', 'bird'])
    expect(region.getByRole('columnheader', { name: /precision/ }).getAttribute('aria-sort')).toBe(
      'descending'
    )
    fireEvent.click(precision)
    expect(labels()).toEqual(['bird', 'dog', 'cat'])
    expect(sortClasses(report.perClass, 'label', 'asc').map((c) => c.label)).toEqual(['bird', 'cat', 'dog'])
  })

  it('makes the greedy selection the default and shows the learning curve', async () => {
    const { api, calls } = createApi()
    render(<CompareScreen api={api} />)
    await runComparison()
    await act(async () =>
      fireEvent.click(
        screen.getByRole('button', { name: 'Make the greedy selection the default and re-score' })
      )
    )
    expect(calls.find((c) => c.channel === 'compare.apply')?.input).toEqual({
      name: 'Greedy selection',
      templates: ['art of the {}.', 'itap of a {}.']
    })
    expect(screen.getByRole('status').textContent).toContain(
      '"Greedy selection" is now the project\'s default'
    )
    await waitFor(() => expect(screen.getByRole('checkbox', { name: /Greedy selection/ })).toBeTruthy())
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Show learning curve' })))
    const table = screen.getByRole('table', { name: 'Learning curve' })
    const last = within(table).getAllByRole('row').at(-1)!
    expect(
      within(last)
        .getAllByRole('cell')
        .map((c) => c.textContent)
    ).toEqual(['28', '30.0%', '80.0%'])
  })

  it('shows errors from the main process as alerts', async () => {
    const { api } = createApi()
    const failing: ZebraApi = {
      ...api,
      invoke: (async (channel: InvokeChannel, input: unknown) => {
        if (channel === 'compare.run') throw new Error('No reviewed images to compare against.')
        return api.invoke(channel as never, input as never)
      }) as ZebraApi['invoke']
    }
    render(<CompareScreen api={failing} />)
    await runComparison()
    expect(screen.getByRole('alert').textContent).toContain('No reviewed images')
  })
})
