// The Merge tab's dialog: a preview (dry run) first, Merge only for the copies previewed, the
// report shown as the CLI prints it, a refusal shown as the service says it. Real component over a
// transport the test answers.
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import type { MergeReport, MergeSourceReport } from '../../../../shared/contract'
import { AppError } from '../../../../shared/errors'
import { controlledApi, renderWith } from '../../testing/controlled'
import { MergePanel } from './MergePanel'

afterEach(cleanup)

const source = (file: string, added: number): MergeSourceReport => ({
  source: file,
  added,
  already: 1,
  onUnmatched: 1,
  batches: added,
  unmatchedImages: 1,
  unmatched: [{ relPath: 'elsewhere.png', hash: 'feedbeef', reason: 'no image here has this content' }],
  labelsCreated: ['bird'],
  annotators: [{ name: 'bob', decisions: added + 2, added }],
  failed: [],
  failedCount: 0
})
const report = (dryRun: boolean, added: number): MergeReport => ({
  dryRun,
  sources: [source('/copies/bob.zebra', added)],
  imagesRefreshed: dryRun ? 0 : added
})

function openDialog(): ReturnType<typeof controlledApi> & { refreshed: () => number } {
  const c = controlledApi()
  let refreshed = 0
  renderWith(c, <MergePanel />, { kind: 'single', path: '/copies/main.zebra' } as never, {
    refreshProject: async () => void refreshed++
  })
  fireEvent.click(screen.getByRole('button', { name: 'Merge another copy of this project…' }))
  return Object.assign(c, { refreshed: () => refreshed })
}

const addCopy = (path: string): void => {
  fireEvent.change(screen.getByLabelText('Copy to merge'), { target: { value: path } })
  fireEvent.keyDown(screen.getByLabelText('Copy to merge'), { key: 'Enter' })
}

it('previews with a dry run, then merges exactly the copies previewed', async () => {
  const c = openDialog()
  const merge = screen.getByRole('button', { name: 'Merge' }) as HTMLButtonElement
  addCopy('/copies/bob.zebra')
  expect(merge.disabled).toBe(true) // nothing previewed yet
  fireEvent.click(screen.getByRole('button', { name: 'Preview' }))
  const dry = c.take('project.merge')
  expect(dry.input).toEqual({ sources: ['/copies/bob.zebra'], dryRun: true })
  await act(async () => dry.resolve(report(true, 3)))
  const shown = screen.getByTestId('merge-report').textContent!
  expect(shown).toContain('/copies/bob.zebra: 3 decisions to add (3 actions), 1 already here')
  expect(shown).toContain('elsewhere.png: no image here has this content')
  expect(shown).toContain('label to create: bird')
  expect(shown).toContain('Dry run: nothing was written.')
  expect(c.refreshed()).toBe(0)

  // another copy added: the preview no longer says what Merge would do
  addCopy('/copies/carol.zebra')
  expect(merge.disabled).toBe(true)
  fireEvent.click(screen.getByRole('button', { name: 'Remove /copies/carol.zebra' }))
  expect(merge.disabled).toBe(false)

  fireEvent.click(merge)
  const real = c.take('project.merge')
  expect(real.input).toEqual({ sources: ['/copies/bob.zebra'], dryRun: false })
  await act(async () => real.resolve(report(false, 3)))
  expect(screen.getByTestId('merge-report').textContent).toContain('3 decisions added')
  expect(c.refreshed()).toBe(1)
  expect(c.notes).toEqual(['Merged.'])
  expect(merge.disabled).toBe(true) // merged: a second click needs a new preview
})

it('shows a refusal as the service says it and offers no merge', async () => {
  const c = openDialog()
  addCopy('/copies/tags.zebra')
  fireEvent.click(screen.getByRole('button', { name: 'Preview' }))
  const msg =
    '/copies/tags.zebra is a tags project and this one is a one-label project: both must be the same kind.'
  await act(async () => c.take('project.merge').reject(new AppError('unsupported', msg)))
  expect(screen.getByRole('alert').textContent).toBe(msg)
  expect((screen.getByRole('button', { name: 'Merge' }) as HTMLButtonElement).disabled).toBe(true)
  expect(screen.queryByTestId('merge-report')).toBeNull()
})
