// The compare screen of a tags project against an in-memory api whose inputs are parsed with the
// contract's schemas: the saved report comes back on opening, a run shows each set's mAP, the
// per-tag table of the best set (another chosen from the list), the learning curve in mAP, and
// the models compared tag by tag; the single-label controls (greedy, top-1 curve) are not offered.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  invokeSchemas,
  type InvokeChannel,
  type ModelsReport,
  type ProjectSummary,
  type ZebraApi
} from '../../../shared/contract'
import type { CompareReport } from '../../../shared/report'
import type { TagCompareRow, TagSetScore } from '../../../shared/tag-report'
import { CompareScreen } from './Compare'

beforeAll(() => {
  // jsdom has no layout: recharts' ResponsiveContainer only needs the observer to exist.
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver
})
afterEach(cleanup)

const withheld = {
  kind: 'withheld' as const,
  needs: 10,
  reason: 'Too few decisions on this tag (10) to suggest a threshold: decide 10 more images.'
}
const row = (label: string, ap: number, p: number): TagCompareRow => ({
  label,
  present: 5,
  absent: 5,
  ap,
  atHalf: { precision: p, recall: 0.6, f1: (2 * p * 0.6) / (p + 0.6) },
  atThreshold: null,
  threshold: withheld
})
const plain: TagSetScore = {
  name: 'Plain',
  templates: ['a {}.'],
  mAP: 0.5,
  microF1: 0.4,
  perTag: [row('photo', 0.6, 0.5), row('red', 0.4, 0.25)]
}
const custom: TagSetScore = {
  name: 'Custom',
  templates: ['a photo of a {} shape.', 'art of a {}.'],
  mAP: 0.75,
  microF1: 0.6,
  perTag: [
    {
      ...row('photo', 0.9, 0.8),
      threshold: { kind: 'ok', threshold: 0.87, precision: 0.92, coverage: 0.4, recall: 0.7 },
      atThreshold: { precision: 0.92, recall: 0.7, f1: 0.795 }
    },
    row('red', 0.6, 0.5)
  ]
}
const report: CompareReport = {
  images: 10,
  labels: ['photo', 'red'],
  templates: [],
  ensembles: [],
  detailEnsemble: null,
  perClass: [],
  confusions: [],
  confusionMatrix: [],
  cells: [],
  coverage: [],
  suggestedThreshold: null,
  thresholdWithheld: null,
  greedy: null,
  timingMs: 7,
  tags: {
    images: 10,
    tags: ['photo', 'red'],
    target: 0.9,
    scale: 100,
    sets: [plain, custom],
    best: 'Custom',
    curve: {
      basis: 'Custom',
      points: [
        { n: 2, zeroShotMAP: 0.6, calibratedMAP: 0.6, adaptedMAP: 0.7 },
        { n: 7, zeroShotMAP: 0.6, calibratedMAP: 0.6, adaptedMAP: 0.95 }
      ]
    }
  }
}
const models: ModelsReport = {
  images: 10,
  labels: ['photo', 'red'],
  templateSet: 'Custom',
  currentModelId: 'm1',
  note: null,
  timingMs: 3,
  tags: { target: 0.9, scale: 100 },
  models: [
    {
      modelId: 'm1',
      name: 'demo-model',
      variant: 'fp32',
      dir: '/models/demo',
      current: true,
      embedded: 13,
      reviewed: 10,
      top1: null,
      top5: null,
      corrections: null,
      savedCorrections: null,
      suggestedThreshold: null,
      thresholdWithheld: null,
      speed: null,
      speedNote: 'never measured here',
      problem: null,
      neededFolder: null,
      tags: { ...custom, name: 'demo-model', curve: report.tags!.curve!.points }
    }
  ]
}

function summary(): ProjectSummary {
  return {
    path: '/t.zebra',
    name: 't',
    roots: ['/imgs'],
    createdAt: '',
    openedAt: '',
    settings: { modelPath: null, variant: 'fp32', ep: 'auto', temperature: 100, topK: 5, adapt: true },
    counts: {
      images: 13,
      prelabeled: 13,
      reviewed: 10,
      unreadable: 0,
      missing: 0,
      byKind: { accepted: 10, corrected: 0, rejected: 0, skipped: 0, unsure: 0 }
    },
    labels: [],
    templateSets: [
      { id: 1, name: 'Custom', templates: custom.templates },
      { id: 2, name: 'Plain', templates: plain.templates }
    ],
    activeTemplateSetId: 1,
    sample: false,
    kind: 'tags'
  }
}

function createApi(saved: boolean) {
  const calls: { channel: InvokeChannel; input: unknown }[] = []
  const handlers: Partial<Record<InvokeChannel, (input: never) => unknown>> = {
    'presets.list': () => [],
    'project.summary': () => summary(),
    'compare.saved': () =>
      saved ? { report, options: { greedy: true }, savedAt: '2026-12-07T21:00:00.000Z' } : null,
    'compare.run': () => report,
    'compare.models': () => models,
    'compare.apply': () => summary()
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
    imageUrl: (id) => `zebra-image://img/${id}`
  }
  return { api, calls }
}

const cells = (r: HTMLElement): string[] =>
  within(r)
    .getAllByRole('cell')
    .map((c) => c.textContent ?? '')

describe('CompareScreen on a tags project', () => {
  it('shows each set by mAP, the per-tag table and the learning curve in mAP', async () => {
    const { api, calls } = createApi(false)
    render(<CompareScreen api={api} />)
    await waitFor(() => expect(screen.getByRole('checkbox', { name: /Plain/ })).toBeTruthy())
    expect(screen.queryByRole('checkbox', { name: /Greedy/ })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Show learning curve' })).toBeNull()
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Run comparison' })))
    expect(calls.find((c) => c.channel === 'compare.run')?.input).toMatchObject({ templateSetIds: [1, 2] })
    expect(screen.getByRole('status').textContent).toContain(
      '2 template sets tag by tag on 10 decided images'
    )

    const sets = within(screen.getByRole('region', { name: 'Template sets by mAP' }))
    expect(sets.getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['Custom', 'Plain'])
    expect(cells(sets.getAllByRole('row')[1]!).slice(0, 3)).toEqual(['2', '75.0%', '60.0%'])

    const perTag = within(screen.getByRole('region', { name: 'Per tag' }))
    const table = perTag.getByRole('table', { name: 'Per tag: Custom' })
    const photo = within(table).getByRole('rowheader', { name: 'photo' }).closest('tr')!
    expect(cells(photo)).toEqual([
      '5',
      '5',
      '90.0%',
      '80.0%',
      '60.0%',
      '68.6%',
      '≥ 0.87',
      '92.0%',
      '70.0%',
      '79.5%'
    ])
    const red = within(table).getByRole('rowheader', { name: 'red' }).closest('tr')!
    expect(cells(red).slice(6)).toEqual(['withheld: 10 more', '–', '–', '–'])
    expect(perTag.getByText(/Thresholds withheld: Too few decisions/)).toBeTruthy()
    fireEvent.change(perTag.getByLabelText('Template set'), { target: { value: 'Plain' } })
    const plainTable = perTag.getByRole('table', { name: 'Per tag: Plain' })
    expect(cells(within(plainTable).getByRole('rowheader', { name: 'photo' }).closest('tr')!)[2]).toBe(
      '60.0%'
    )

    const curve = within(screen.getByRole('region', { name: 'Learning curve' }))
    expect(curve.getByText(/starting from/).textContent).toContain('Custom')
    expect(
      cells(curve.getByRole('table', { name: 'Learning curve' }).querySelectorAll('tr')[2] as HTMLElement)
    ).toEqual(['7', '60.0%', '60.0%', '95.0%'])
  })

  it('makes a set the default, and compares the models tag by tag', async () => {
    const { api, calls } = createApi(false)
    render(<CompareScreen api={api} />)
    await waitFor(() => expect(screen.getByRole('checkbox', { name: /Plain/ })).toBeTruthy())
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Run comparison' })))
    await act(async () =>
      fireEvent.click(screen.getByRole('button', { name: 'Make "Plain" the default and re-score' }))
    )
    expect(calls.find((c) => c.channel === 'compare.apply')?.input).toEqual({
      name: 'Plain',
      templates: ['a {}.']
    })
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Compare models' })))
    expect(screen.getByTestId('models-status').textContent).toContain('1 model on 10 decided images')
    const m = screen.getByRole('table', { name: 'Models compared' })
    expect(cells(within(m).getAllByRole('row')[1]!)).toEqual(['fp32', '13', '75.0%', '60.0%', '95.0%', '–'])
    const ap = screen.getByRole('table', { name: 'AP per tag and model' })
    expect(cells(within(ap).getByRole('rowheader', { name: 'red' }).closest('tr')!)).toEqual(['60.0%'])
  })

  it('shows the saved report again on opening, with what it was', async () => {
    const { api } = createApi(true)
    render(<CompareScreen api={api} />)
    await waitFor(() => expect(screen.getByRole('region', { name: 'Template sets by mAP' })).toBeTruthy())
    expect(screen.getByRole('status').textContent).toContain(
      '2 template sets tag by tag on 10 decided images'
    )
  })
})
