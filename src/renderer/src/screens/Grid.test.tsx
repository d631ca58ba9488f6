// The grid screen names what it shows: each tile's zero-shot top-1 label (text and accessible
// name) in the all-labels and one-label views, the adapted top-1 review suggests when adaptation
// is on (named "adapted", asked per page), and beside a "p ≥ x" selection the expected precision
// and coverage of that threshold. Real components over a transport the test answers.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { GridRow, InvokeOutput, ProjectSummary, ThresholdEstimate } from '../../../shared/contract'
import { probPct } from '../../../shared/prob'
import { controlledApi, renderWith, type Controlled } from '../testing/controlled'
import { GridScreen } from './Grid'

// jsdom lays nothing out: the grid's scroll box gets the size a window would give it, so the
// virtualiser renders its rows (everything else keeps jsdom's 0)
const sizes = ['clientWidth', 'clientHeight'] as const
const own = sizes.map((k) => Object.getOwnPropertyDescriptor(HTMLElement.prototype, k))
beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver
  for (const k of sizes)
    Object.defineProperty(HTMLElement.prototype, k, {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('grid-scroll') ? 800 : 0
      }
    })
})
afterAll(() => {
  sizes.forEach((k, i) => own[i] && Object.defineProperty(HTMLElement.prototype, k, own[i]!))
})
afterEach(cleanup)

const labels = ['cat', 'dog', 'bird'].map((name, i) => ({
  id: i + 1,
  name,
  descriptions: [],
  color: '#446688',
  hotkey: null,
  archived: false
}))
const project = (adapt: boolean): ProjectSummary =>
  ({ labels, templateSets: [], settings: { adapt } }) as unknown as ProjectSummary

const rows: GridRow[] = [
  { imageId: 11, relPath: 'a/one.jpg', labelId: 1, label: 'cat', prob: 0.91, current: null },
  { imageId: 12, relPath: 'a/two.jpg', labelId: 2, label: 'dog', prob: 0.62, current: null },
  { imageId: 13, relPath: 'b/three.jpg', labelId: 1, label: 'cat', prob: 0.3, current: null }
]
const page = (rs: GridRow[]): InvokeOutput<'grid.page'> => ({ rows: rs, total: rs.length })

const tileNames = (): (string | null)[] =>
  screen.getAllByTestId('grid-tile').map((t) => t.getAttribute('aria-label'))

async function opened(c: Controlled, rs = rows): Promise<void> {
  await act(async () => c.take('grid.page').resolve(page(rs)))
  await waitFor(() => expect(screen.getByTestId('grid-total').textContent).toBe(`${rs.length} images`))
}

describe('grid tiles', () => {
  it('name their zero-shot top-1 in text and accessible name, with all labels and with one', async () => {
    const c = controlledApi()
    renderWith(c, <GridScreen />, project(false))
    await opened(c)
    await waitFor(() =>
      expect(tileNames()).toEqual(rows.map((r) => `${r.relPath}: ${r.label} ${probPct(r.prob)} zero-shot`))
    )
    expect(screen.getAllByTestId('tile-zeroshot').map((t) => t.textContent)).toEqual(
      rows.map((r) => `zero-shot${r.label}${probPct(r.prob)}`)
    )
    expect(screen.getByTestId('grid-legend').textContent).toBe('sorted by zero-shot top-1')
    // adapt off: no page asks for adapted suggestions
    expect(c.pending.map((p) => p.channel)).not.toContain('grid.adapted')

    fireEvent.change(screen.getByRole('combobox', { name: 'Label' }), { target: { value: '2' } })
    const dogs = rows.filter((r) => r.labelId === 2)
    await opened(c, dogs)
    await waitFor(() => expect(tileNames()).toEqual([`a/two.jpg: dog ${probPct(0.62)} zero-shot`]))
    expect(screen.getByRole('button', { name: /^Accept selected/ }).textContent).toBe(
      'Accept zero-shot top-1 (A)'
    )
  })

  it('show the adapted top-1 of the page, named, once adaptation has learnt; not the zero-shot echo', async () => {
    const c = controlledApi()
    renderWith(c, <GridScreen />, project(true))
    await opened(c)
    const ask = c.take('grid.adapted')
    expect(ask.input.imageIds).toEqual(rows.map((r) => r.imageId))
    const adapted: InvokeOutput<'grid.adapted'> = {
      source: 'adapted',
      rows: [
        { imageId: 11, labelId: 2, label: 'dog', prob: 0.637 },
        { imageId: 13, labelId: 1, label: 'cat', prob: 0.55 }
      ]
    }
    await act(async () => ask.resolve(adapted))
    await waitFor(() =>
      expect(tileNames()).toEqual([
        `a/one.jpg: cat ${probPct(0.91)} zero-shot; dog ${probPct(0.637)} adapted`,
        `a/two.jpg: dog ${probPct(0.62)} zero-shot`,
        `b/three.jpg: cat ${probPct(0.3)} zero-shot; cat ${probPct(0.55)} adapted`
      ])
    )
    expect(screen.getAllByTestId('tile-adapted').map((t) => t.textContent)).toEqual([
      `adapteddog${probPct(0.637)}`,
      `adaptedcat${probPct(0.55)}`
    ])
    expect(screen.getByTestId('grid-legend').textContent).toContain('adapted')

    // an adapter that has learnt nothing yet scores the zero-shot way: no second line
    fireEvent.change(screen.getByRole('combobox', { name: 'Grid status filter' }), {
      target: { value: 'all' }
    })
    await opened(c)
    await act(async () => c.take('grid.adapted').resolve({ ...adapted, source: 'zeroshot' }))
    expect(screen.queryAllByTestId('tile-adapted')).toHaveLength(0)
    expect(screen.getByTestId('grid-legend').textContent).toBe('sorted by zero-shot top-1')
  })
})

describe('select p ≥ x', () => {
  const estimate = (e: Partial<ThresholdEstimate>): ThresholdEstimate => ({
    minProb: 0.5,
    decided: 40,
    correct: 36,
    precision: 0.9,
    above: 2,
    total: 3,
    coverage: 2 / 3,
    ...e
  })

  it('shows the expected precision and coverage beside the selection, until the selection changes', async () => {
    const c = controlledApi()
    renderWith(c, <GridScreen />, project(false))
    await opened(c)
    fireEvent.change(screen.getByLabelText('Probability threshold'), { target: { value: '0.5' } })
    fireEvent.click(
      screen.getByRole('button', { name: 'Select all with probability at least the threshold' })
    )
    const t = c.take('grid.threshold')
    expect(t.input).toMatchObject({ minProb: 0.5, status: 'unreviewed' })
    expect(t.input.labelId).toBeUndefined()
    await act(async () => c.take('grid.page').resolve({ rows: rows.slice(0, 1), total: 2 }))
    await waitFor(() => expect(screen.getByTestId('grid-selected').textContent).toBe('2 selected'))
    await act(async () => t.resolve(estimate({})))
    const shown = await screen.findByTestId('grid-precision')
    expect(shown.textContent).toContain('expected precision 90.0% (36 of 40 decided images right)')
    expect(shown.textContent).toContain('covers 66.7% of 3')

    // below the minimum of decisions: no number, and why
    fireEvent.change(screen.getByLabelText('Probability threshold'), { target: { value: '0.9' } })
    fireEvent.click(
      screen.getByRole('button', { name: 'Select all with probability at least the threshold' })
    )
    const few = c.take('grid.threshold')
    await act(async () => c.take('grid.page').resolve({ rows: rows.slice(0, 1), total: 1 }))
    await act(async () => few.resolve(estimate({ minProb: 0.9, decided: 3, correct: 3, precision: null })))
    await waitFor(() =>
      expect(screen.getByTestId('grid-precision').textContent).toContain('too few decisions (3 of 10 needed)')
    )

    // a click changes the selection: the estimate no longer describes it
    fireEvent.click(screen.getAllByTestId('grid-tile')[2]!)
    await waitFor(() => expect(screen.getByTestId('grid-selected').textContent).toBe('2 selected'))
    expect(screen.queryByTestId('grid-precision')).toBeNull()
  })
})
