// The tag pass against a small in-memory tags project (testing/tags-store.tsx): one tag's images by
// probability in pages, "p ≥ x" selecting and counting, a bulk mark as one batch and its undo, the
// next tag, the tag's calibration and threshold lines, and its negative prompts.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import type { TagInfo } from '../../../shared/contract'
import { renderScreen } from '../testing/review-store'
import { createTagStore, probOf, tagLabels } from '../testing/tags-store'
import { TagPassScreen } from './TagPass'
import { calibrationLine, thresholdLine } from './TagPassSide'

afterEach(cleanup)

const tiles = (): HTMLElement[] => screen.queryAllByTestId('pass-tile')
const selectedCount = (): string => screen.getByTestId('tag-pass-selected').textContent ?? ''

it('walks a tag by probability, selects p ≥ x, marks it in one batch and undoes it', async () => {
  const labels = tagLabels(8)
  const store = createTagStore(250, labels)
  const notes: string[] = []
  renderScreen(store, notes, <TagPassScreen />, { project: { labels, kind: 'tags' } })
  await waitFor(() => expect(tiles()).toHaveLength(100))
  // most probable first
  const probs = tiles().map((t) => Number(/: (\d+(?:\.\d+)?)%/.exec(t.getAttribute('aria-label')!)![1]))
  expect([...probs].sort((a, b) => b - a)).toEqual(probs)
  expect(screen.getByTestId('tag-calibration').textContent).toBe(
    'Cold start (zero-shot): needs 5 more present and 5 more absent decisions to calibrate'
  )
  // the next page joins the first
  fireEvent.click(screen.getByRole('button', { name: 'Load more' }))
  await waitFor(() => expect(tiles()).toHaveLength(200))

  const expected = Array.from({ length: 250 }, (_, i) => i + 1).filter((id) => probOf(id, 1) >= 0.8)
  fireEvent.change(screen.getByRole('slider', { name: 'Probability threshold' }), {
    target: { value: '0.8' }
  })
  fireEvent.click(screen.getByRole('button', { name: 'Select p ≥ 0.80' }))
  await waitFor(() => expect(selectedCount()).toBe(`${expected.length} selected (p ≥ 80%, undecided)`))
  fireEvent.click(screen.getByRole('button', { name: 'Mark present' }))
  await waitFor(() => expect(store.log).toHaveLength(1))
  expect(
    [...store.states]
      .filter(([, m]) => m.get(1) === 'present')
      .map(([id]) => id)
      .sort((a, b) => a - b)
  ).toEqual(expected)
  await waitFor(() => expect(notes.join()).toContain(`red: ${expected.length} images marked present`))
  // the undecided view no longer holds them
  await waitFor(() => expect(tiles()[0]!.getAttribute('aria-label')).toMatch(/undecided$/))
  expect(
    tiles().some((t) => expected.includes(Number(/img(\d+)/.exec(t.getAttribute('aria-label')!)![1])))
  ).toBe(false)

  // one undo takes the whole batch back
  fireEvent.click(screen.getByRole('button', { name: 'Undo' }))
  await waitFor(() => expect(store.log).toHaveLength(0))
  expect([...store.states.values()].some((m) => m.get(1) === 'present')).toBe(false)
  await waitFor(() => expect(notes.join()).toContain(`Undone: ${expected.length} image(s).`))

  // hand-picked tiles, marked absent
  await waitFor(() => expect(tiles()).toHaveLength(100))
  const [a, b] = tiles()
  fireEvent.click(a!)
  fireEvent.click(b!)
  expect(selectedCount()).toBe('2 selected')
  fireEvent.click(screen.getByRole('button', { name: 'Mark absent' }))
  await waitFor(() => expect(store.log).toHaveLength(1))
  expect([...store.states.values()].filter((m) => m.get(1) === 'absent')).toHaveLength(2)

  // next tag
  fireEvent.click(screen.getByRole('button', { name: 'Next tag →' }))
  await waitFor(() => expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('blue'))
})

it('edits a tag’s negative prompts; empty lists the defaults', async () => {
  const labels = tagLabels(3)
  const store = createTagStore(10, labels)
  const notes: string[] = []
  renderScreen(store, notes, <TagPassScreen />, { project: { labels, kind: 'tags' } })
  const box = await screen.findByRole('textbox', { name: 'Negative prompts of red' })
  expect(screen.getByRole('list', { name: 'Default negative prompts' }).textContent).toContain('a photo.')
  fireEvent.change(box, { target: { value: 'a photo of a blue shape.\n\n a photo of a green shape. ' } })
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save prompts' })))
  await waitFor(() =>
    expect(labels[0]!.negatives).toEqual(['a photo of a blue shape.', 'a photo of a green shape.'])
  )
  await waitFor(() => expect(screen.queryByRole('list', { name: 'Default negative prompts' })).toBeNull())
  await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Use the defaults' })))
  await waitFor(() => expect(labels[0]!.negatives).toEqual([]))
})

it('says what a threshold rests on', () => {
  const tag = { present: 30, absent: 70 } as TagInfo
  expect(
    thresholdLine(
      { ...tag, threshold: { kind: 'ok', threshold: 0.87, precision: 0.9, coverage: 0.42, recall: 0.8 } },
      0.9
    )
  ).toBe('p ≥ 0.87 reaches 90% precision on 100 decided, covers 42%')
  expect(
    thresholdLine({ ...tag, threshold: { kind: 'withheld', needs: 12, reason: 'too few present' } }, 0.9)
  ).toBe('No threshold yet: needs 12 more decisions (too few present)')
  const cold = (present: number, absent: number) =>
    ({
      ...tag,
      calibration: { kind: 'coldstart', present: 30, absent: 70, needs: { present, absent } }
    }) as TagInfo
  expect(calibrationLine(cold(2, 0))).toBe(
    'Cold start (zero-shot): needs 2 more present and 0 more absent decisions to calibrate'
  )
  expect(calibrationLine(cold(0, 0))).toBe('Cold start (zero-shot) for now: calibrating on 100 decisions')
  expect(
    calibrationLine({ ...tag, calibration: { kind: 'calibrated', a: 9, b: -1, present: 30, absent: 70 } })
  ).toBe('Calibrated on 100 decisions (30 present, 70 absent)')
})
