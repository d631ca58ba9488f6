// In a tags project the Labels tab shows each tag's review key: its own hotkey, else the default
// the review screen gives it (1-9, then free letters, in the project's order).
import { act, cleanup, screen, within } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import type { Label } from '../../../../shared/contract'
import { controlledApi, renderWith } from '../../testing/controlled'
import { LabelsPanel } from './LabelsPanel'

afterEach(cleanup)

const label = (id: number, name: string, hotkey: string | null = null): Label => ({
  id,
  name,
  descriptions: [],
  color: '#446688',
  hotkey,
  archived: false
})

it('shows the key each tag toggles in review', async () => {
  const c = controlledApi()
  const labels = [label(1, 'red'), label(2, 'blue', '1'), label(3, 'striped', 's'), label(4, 'dotted')]
  renderWith(c, <LabelsPanel />, { kind: 'tags', labels })
  await act(async () => c.take('labels.counts').resolve([]))
  const key = (name: string): string =>
    within(screen.getByRole('listitem', { name: `Label ${name}` })).getAllByText(/^.$/)[0]!.textContent!
  expect(key('blue')).toBe('1') // its own hotkey
  expect(key('red')).toBe('2')
  expect(key('striped')).toBe('3') // S skips in review: not usable as a tag's key
  expect(key('dotted')).toBe('4')
  expect(screen.getByTestId('tag-keys-note').textContent).toContain('cannot be a tag’s')
})

it('a one-label project shows hotkeys only where set', async () => {
  const c = controlledApi()
  renderWith(c, <LabelsPanel />, { kind: 'single', labels: [label(1, 'cat'), label(2, 'dog', 'd')] })
  await act(async () => c.take('labels.counts').resolve([]))
  expect(within(screen.getByRole('listitem', { name: 'Label cat' })).queryAllByText(/^.$/)).toHaveLength(0)
  expect(within(screen.getByRole('listitem', { name: 'Label dog' })).getByText('d')).toBeTruthy()
  expect(screen.queryByTestId('tag-keys-note')).toBeNull()
})
