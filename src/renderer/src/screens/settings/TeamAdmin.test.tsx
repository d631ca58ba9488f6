// The Team tab's tools after sharing or joining. A member's copy: the queue's settings read-only,
// "Refresh from the team" with what it took, "Forget password". The owner: the settings read with
// the typed server and password, edited and saved as typed, and a member removed after a
// confirmation, with what the service answered. Real components over a transport the test answers.
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, expect, it, vi } from 'vitest'
import type { TeamSettingsView } from '../../../../shared/contract'
import { controlledApi, renderWith } from '../../testing/controlled'
import { TeamPanel } from './TeamPanel'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

const URL = 'postgres://lead@db.example.org/birds'
const type = (label: string, value: string): void =>
  void fireEvent.change(screen.getByLabelText(label), { target: { value } })
const settings = (over: Partial<TeamSettingsView> = {}): TeamSettingsView => ({
  url: URL,
  name: 'birds',
  owner: 'lead',
  you: 'ann',
  isOwner: false,
  overlapK: 2,
  overlapShare: 0.1,
  overlapped: 5,
  images: 50,
  leaseMinutes: 15,
  ...over
})

it('shows a member the queue read-only, refreshes their copy and forgets the password', async () => {
  const c = controlledApi()
  renderWith(c, <TeamPanel />, {
    kind: 'single',
    path: '/p/birds-ann.zebra',
    name: 'birds',
    team: { annotator: 'ann', role: 'annotator' }
  })
  const read = c.take('team.settings')
  expect(read.input).toEqual({})
  await act(async () => read.resolve(settings()))
  expect(screen.getByTestId('queue-settings').textContent).toContain(
    'Overlap: 10% of the images go to 2 annotators each (5 of 50); the rest to one. Lease time: 15 minutes'
  )
  expect(screen.getByText('Only the owner changes them.')).toBeTruthy()
  expect(screen.queryByRole('button', { name: 'Save queue settings' })).toBeNull()

  fireEvent.click(screen.getByRole('button', { name: 'Refresh from the team' }))
  await act(async () =>
    c.take('team.refresh').resolve({
      labels: ['owl'],
      templateSets: 1,
      images: 3,
      missing: ['photos/x.jpg'],
      missingCount: 1,
      embeddings: 3,
      predictions: 2,
      pulled: 4,
      skipped: 0
    })
  )
  expect(screen.getByTestId('refresh-result').textContent).toBe(
    'Took 1 labels (owl), 1 template sets, 3 new images (1 not in your folders), 3 embeddings, 2 predictions; 4 decisions pulled.'
  )

  fireEvent.click(screen.getByRole('button', { name: 'Forget password' }))
  const forget = c.take('team.forgetPassword')
  expect(forget.input).toEqual({})
  await act(async () => forget.resolve(null))
  expect(screen.getByText(/^Forgotten: Zebra asks for the password again/)).toBeTruthy()
})

it('lets the owner edit the queue settings and remove a member', async () => {
  const c = controlledApi()
  renderWith(c, <TeamPanel />, { kind: 'single', path: '/p/birds.zebra', name: 'birds', team: null })
  fireEvent.click(screen.getByRole('button', { name: 'Manage a team project you own…' }))
  type('Connection string', URL)
  type('Your password on the server', 'lead-pw')
  fireEvent.click(screen.getByRole('button', { name: 'Show queue settings' }))
  const read = c.take('team.settings')
  expect(read.input).toEqual({ url: URL, password: 'lead-pw' })
  await act(async () => read.resolve(settings({ you: 'lead', isOwner: true })))

  type('Annotators per overlapped image', '3')
  type('Share overlapped (%)', '25')
  type('Lease time (minutes)', '45')
  fireEvent.click(screen.getByRole('button', { name: 'Save queue settings' }))
  const change = c.take('team.changeSettings')
  expect(change.input).toEqual({
    url: URL,
    password: 'lead-pw',
    overlapK: 3,
    overlapShare: 0.25,
    leaseMinutes: 45
  })
  await act(async () =>
    change.resolve(
      settings({ you: 'lead', isOwner: true, overlapK: 3, overlapShare: 0.25, leaseMinutes: 45 })
    )
  )
  expect(screen.getByTestId('queue-settings').textContent).toContain(
    '25% of the images go to 3 annotators each'
  )

  const confirm = vi.spyOn(window, 'confirm').mockReturnValue(true)
  type('Member to remove', 'bob')
  fireEvent.click(screen.getByRole('button', { name: 'Remove member' }))
  expect(confirm).toHaveBeenCalledWith('Remove bob from this team project? Their decisions stay in the log.')
  const remove = c.take('team.removeMember')
  expect(remove.input).toEqual({ url: URL, password: 'lead-pw', name: 'bob' })
  await act(async () => remove.resolve({ name: 'bob', dropped: true, decisionsKept: 7 }))
  expect(screen.getByTestId('owner-said').textContent).toBe(
    'bob is no longer a member (7 of their decisions stay in the log); their role was dropped.'
  )
})
