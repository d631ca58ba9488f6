// The agreement panel of the compare screen against an in-memory api whose inputs are parsed with
// the contract's schemas (as both transports do): the last report kept in the project file shows
// on opening, "Measure agreement" replaces it, the pair matrix reads the same from either side,
// undefined figures say why, one annotator gets the sentence instead of numbers, errors alert.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  invokeSchemas,
  type AgreementReport,
  type AgreementStat,
  type InvokeChannel,
  type ZebraApi
} from '../../../shared/contract'
import { CompareScreen } from './Compare'
import { AgreementSection } from './CompareAgreement'

beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver
})
afterEach(cleanup)

const v = (value: number): AgreementStat => ({ value, withheld: null })
const tooFew: AgreementStat = {
  value: null,
  withheld: { code: 'too_few', message: 'Kappa needs at least 2 images decided by both; they share 1.' }
}

const report: AgreementReport = {
  kind: 'single',
  unit: 'image',
  annotators: [
    { name: 'alice', decided: 11 },
    { name: 'bob', decided: 10 },
    { name: 'carol', decided: 2 }
  ],
  units: 12,
  alpha: v(0.5763),
  percent: v(0.6923),
  pairs: [
    { a: 'alice', b: 'bob', shared: 8, percent: v(0.625), kappa: v(0.3684) },
    { a: 'alice', b: 'carol', shared: 2, percent: v(1), kappa: v(1) },
    { a: 'bob', b: 'carol', shared: 1, percent: v(0), kappa: tooFew }
  ],
  labels: [
    { labelId: 1, label: 'cat', units: 12, decisions: 9, alpha: v(0.697), percent: v(0.846) },
    { labelId: null, label: '(none of these)', units: 12, decisions: 3, alpha: v(0.31), percent: v(0.77) }
  ],
  note: null,
  computedAt: '2026-12-07T21:00:00.000Z'
}

function createApi(answers: Partial<Record<InvokeChannel, () => unknown>>) {
  const calls: InvokeChannel[] = []
  const api: ZebraApi = {
    transport: 'browser',
    async invoke(channel, input) {
      invokeSchemas[channel].parse(input)
      calls.push(channel)
      const h = answers[channel]
      if (!h) throw new Error(`no handler for ${channel}`)
      return h() as never
    },
    send() {},
    on: () => () => undefined,
    imageUrl: (id) => `zebra-image://img/${id}`
  }
  return { api, calls }
}

const cell = (table: HTMLElement, row: string, col: number): string => {
  const r = within(table)
    .getByRole('rowheader', { name: new RegExp(`^${row}`) })
    .closest('tr')!
  return within(r).getAllByRole('cell')[col]!.textContent ?? ''
}

describe('AgreementSection', () => {
  it('shows the saved report on opening: overall figures, the pair matrix and per label', async () => {
    const { api, calls } = createApi({
      'agreement.saved': () => ({ report, savedAt: '2026-12-07T21:00:00.000Z' })
    })
    render(<AgreementSection api={api} />)
    await waitFor(() => expect(screen.getByTestId('agreement-alpha').textContent).toBe('0.576'))
    expect(calls).toEqual(['agreement.saved'])
    expect(screen.getByTestId('agreement-percent').textContent).toBe('69.2%')
    expect(screen.getByTestId('agreement-status').textContent).toContain('3 annotators, 12 images')
    const matrix = screen.getByRole('table', { name: 'Agreement between annotators' })
    // symmetric: alice's row at bob equals bob's row at alice; the diagonal is empty
    expect(cell(matrix, 'alice', 1)).toBe('κ 0.368 · 62.5% (8 shared)')
    expect(cell(matrix, 'bob', 0)).toBe(cell(matrix, 'alice', 1))
    expect(cell(matrix, 'alice', 0)).toBe('—')
    expect(cell(matrix, 'carol', 1)).toContain('κ – (too few shared)')
    const undefinedKappa = within(matrix).getAllByText('– (too few shared)')
    expect(undefinedKappa).toHaveLength(2) // bob-carol and carol-bob
    expect(undefinedKappa[0]!.getAttribute('title')).toContain('they share 1')
    const labels = screen.getByRole('table', { name: 'Agreement per label' })
    expect(cell(labels, 'cat', 2)).toBe('0.697')
    expect(cell(labels, '\\(none of these\\)', 1)).toBe('3')
  })

  it('measures a new report that replaces the saved one', async () => {
    const fresh: AgreementReport = {
      ...report,
      alpha: v(0.8),
      percent: v(0.9),
      computedAt: new Date().toISOString()
    }
    const { api, calls } = createApi({ 'agreement.saved': () => null, 'agreement.report': () => fresh })
    render(<AgreementSection api={api} />)
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Measure agreement' })))
    expect(calls).toEqual(['agreement.saved', 'agreement.report'])
    expect(screen.getByTestId('agreement-alpha').textContent).toBe('0.800')
    expect(screen.getByTestId('agreement-percent').textContent).toBe('90.0%')
  })

  it('with one annotator says agreement needs two instead of showing figures', async () => {
    const alone: AgreementReport = {
      ...report,
      annotators: [{ name: 'readme', decided: 4 }],
      pairs: [],
      note: "Agreement needs decisions by two annotators: this project's log has one (readme)."
    }
    const { api } = createApi({ 'agreement.saved': () => null, 'agreement.report': () => alone })
    render(<AgreementSection api={api} />)
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Measure agreement' })))
    expect(screen.getByRole('note').textContent).toContain('needs decisions by two annotators')
    expect(screen.queryByRole('table', { name: 'Agreement between annotators' })).toBeNull()
  })

  it('shows a failure as an alert', async () => {
    const { api } = createApi({
      'agreement.saved': () => null,
      'agreement.report': () => {
        throw new Error('Open or create a project first.')
      }
    })
    render(<AgreementSection api={api} />)
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Measure agreement' })))
    expect(screen.getByRole('alert').textContent).toContain('Open or create a project first')
  })

  it('is part of the compare screen', async () => {
    const { api } = createApi({
      'presets.list': () => [],
      'project.summary': () => null,
      'compare.saved': () => null,
      'agreement.saved': () => ({ report, savedAt: report.computedAt })
    })
    render(<CompareScreen api={api} />)
    const region = await screen.findByRole('region', { name: 'Agreement between annotators' })
    await waitFor(() => expect(within(region).getByTestId('agreement-alpha').textContent).toBe('0.576'))
  })
})
