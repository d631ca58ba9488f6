// The Team tab: "Share as a team project…" sends what was typed (members included) to team.share,
// shows a refusal as the service says it and keeps the form, then the outcome, and adds a member
// with team.addMember; where the password is kept is said beside the field. A member's copy shows
// who they are instead. Real components over a transport the test answers.
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { AppError } from '../../../../shared/errors'
import { controlledApi, renderWith } from '../../testing/controlled'
import { TeamPanel } from './TeamPanel'

afterEach(cleanup)

const URL = 'postgres://lead@db.example.org/birds'
const type = (label: string, value: string): void =>
  void fireEvent.change(screen.getByLabelText(label), { target: { value } })

it('shares the project with its first members, shows a refusal, then adds one more', async () => {
  const c = controlledApi()
  renderWith(c, <TeamPanel />, { kind: 'single', path: '/p/birds.zebra', name: 'birds', team: null })
  fireEvent.click(screen.getByRole('button', { name: 'Share as a team project…' }))
  await act(async () =>
    c.take('team.passwordStorage').resolve({
      persistent: false,
      note: 'Kept for this session only: this system offers Zebra no encrypted storage.'
    })
  )
  const note = screen.getByTestId('password-note')
  expect(note.textContent).toContain(
    'Kept for this session only: this system offers Zebra no encrypted storage.'
  )
  expect(note.className).toContain('warn')

  type('Connection string', URL)
  type('Your password on the server', 'lead-pw')
  type('Member 1 name', 'ann')
  type('Member 1 password', 'ann-pw')
  fireEvent.click(screen.getByRole('button', { name: 'Another member' }))
  type('Member 2 name', 'rev')
  type('Member 2 password', 'rev-pw')
  fireEvent.click(screen.getAllByRole('checkbox', { name: 'reviewer' })[1]!)
  fireEvent.click(screen.getByRole('button', { name: 'Another member' })) // left empty: not sent
  fireEvent.click(screen.getByRole('button', { name: 'Share' }))
  const first = c.take('team.share')
  expect(first.input).toEqual({
    url: URL,
    password: 'lead-pw',
    members: [
      { name: 'ann', password: 'ann-pw', reviewer: false },
      { name: 'rev', password: 'rev-pw', reviewer: true }
    ]
  })
  const msg = 'Wrong password for role "lead" on db.example.org:5432/birds, or no such role.'
  await act(async () => first.reject(new AppError('unauthorized', msg)))
  expect(screen.getByRole('alert').textContent).toBe(msg)
  expect((screen.getByLabelText('Member 2 name') as HTMLInputElement).value).toBe('rev') // nothing lost

  fireEvent.click(screen.getByRole('button', { name: 'Share' }))
  await act(async () =>
    c.take('team.share').resolve({
      url: URL,
      name: 'birds',
      labels: 3,
      templateSets: 1,
      images: 79,
      predictions: 0,
      decisions: 12,
      members: [
        { name: 'ann', role: 'annotator' },
        { name: 'rev', role: 'reviewer' }
      ]
    })
  )
  expect(screen.getByTestId('share-result').textContent).toBe(
    `Published “birds” to ${URL}: 3 labels, 79 images, 12 decisions.`
  )
  expect(c.notes).toEqual(['Shared “birds” as a team project.'])
  const list = (): string[] =>
    Array.from(screen.getByRole('list', { name: 'Team members' }).querySelectorAll('li')).map(
      (li) => li.textContent!
    )
  expect(list()).toEqual(['ann — annotator', 'rev — reviewer'])

  type('Member 3 name', 'carl')
  type('Member 3 password', 'carl-pw')
  fireEvent.click(screen.getByRole('button', { name: 'Add member' }))
  const add = c.take('team.addMember')
  expect(add.input).toEqual({
    url: URL,
    password: 'lead-pw',
    member: { name: 'carl', password: 'carl-pw', reviewer: false }
  })
  await act(async () => add.resolve({ name: 'carl', role: 'annotator' }))
  expect(list()).toEqual(['ann — annotator', 'rev — reviewer', 'carl — annotator'])
})

it("shows a member's copy of a team project instead of sharing it, and changes its password", async () => {
  const c = controlledApi()
  renderWith(c, <TeamPanel />, { kind: 'single', team: { annotator: 'ann', role: 'reviewer' } })
  expect(screen.getByTestId('team-membership').textContent).toContain(
    'This is ann’s copy of a team project: a reviewer'
  )
  expect(screen.queryByRole('button', { name: 'Share as a team project…' })).toBeNull()
  await act(async () => c.take('team.passwordStorage').resolve({ persistent: true, note: 'Saved.' }))
  type('Your password on the server', 'new-pw')
  fireEvent.click(screen.getByRole('button', { name: 'Save password and sync' }))
  const set = c.take('team.setPassword')
  expect(set.input).toEqual({ password: 'new-pw' })
  const error = 'Wrong password for role "ann" on db.example.org:5432/birds, or no such role.'
  await act(async () => set.resolve({ online: false, error }))
  expect(screen.getByRole('alert').textContent).toBe(`Saved, but the sync is offline: ${error}`)
  expect((screen.getByLabelText('Your password on the server') as HTMLInputElement).value).toBe('')
})
