// "Open team project…": what the member typed goes to team.join (folders added and the one still
// in the box), a refusal is shown as the service says it with the form kept, then the images
// missing from the member's folders are listed before the copy, already open, is taken on.
// Real components over a transport the test answers.
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import type { ProjectSummary } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { controlledApi, renderWith } from '../testing/controlled'
import { OpenTeamButton } from './OpenTeamDialog'

afterEach(cleanup)

const type = (label: string, value: string): void =>
  void fireEvent.change(screen.getByLabelText(label), { target: { value } })

it('joins with what was typed, lists the missing images, then goes on with the open copy', async () => {
  const c = controlledApi()
  const opened: ProjectSummary[] = []
  renderWith(c, <OpenTeamButton onOpened={(p) => void opened.push(p)} />)
  fireEvent.click(screen.getByRole('button', { name: 'Open team project…' }))
  await act(async () =>
    c.take('team.passwordStorage').resolve({
      persistent: true,
      note: "Saved on this computer, encrypted with the system's keychain."
    })
  )
  expect(screen.getByTestId('password-note').textContent).toContain('encrypted with the system')

  const join = screen.getByRole('button', { name: 'Join and open' }) as HTMLButtonElement
  type('Connection string', 'postgres://db.example.org/birds')
  type('Member name', 'ann')
  expect(join.disabled).toBe(true) // no folder yet
  type('Your password', 'ann-pw')
  type('Image folder path', '/data/birds')
  fireEvent.keyDown(screen.getByLabelText('Image folder path'), { key: 'Enter' })
  type('Image folder path', '/data/more-birds') // typed, not added: taken all the same
  type('Replica file', '/work/birds-ann.zebra')
  fireEvent.click(join)
  const first = c.take('team.join')
  expect(first.input).toEqual({
    url: 'postgres://db.example.org/birds',
    annotator: 'ann',
    password: 'ann-pw',
    images: ['/data/birds', '/data/more-birds'],
    to: '/work/birds-ann.zebra'
  })
  const msg = 'Role "ann" is not an annotator or reviewer of this team project.'
  await act(async () => first.reject(new AppError('unauthorized', msg)))
  expect(screen.getByRole('alert').textContent).toBe(msg)
  expect((screen.getByLabelText('Member name') as HTMLInputElement).value).toBe('ann')

  fireEvent.click(screen.getByRole('button', { name: 'Join and open' }))
  const project = {
    path: '/work/birds-ann.zebra',
    name: 'birds',
    team: { annotator: 'ann', role: 'annotator' }
  } as ProjectSummary
  await act(async () =>
    c.take('team.join').resolve({
      project,
      matched: 77,
      missing: ['birds/a.jpg', 'birds/b.jpg'],
      missingCount: 3,
      pulled: 12,
      role: 'annotator'
    })
  )
  expect(screen.getByTestId('join-result').textContent).toBe(
    'Joined “birds” as ann (annotator): 77 images found in your folders, 3 missing; 12 decisions brought in from the team. Your copy: /work/birds-ann.zebra'
  )
  const missing = screen.getByRole('list', { name: 'Missing images' })
  expect(Array.from(missing.querySelectorAll('li')).map((li) => li.textContent)).toEqual([
    'birds/a.jpg',
    'birds/b.jpg',
    '… and 1 more'
  ])
  expect(opened).toEqual([])
  fireEvent.click(screen.getByRole('button', { name: 'Start working' }))
  expect(opened).toEqual([project])
})
