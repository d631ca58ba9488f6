// "Open team project…": what the member typed goes to team.join (folders added and the one still
// in the box), a refusal is shown as the service says it with the form kept; the join job's
// progress is shown with a Cancel that cancels the job (its outcome then says so, the form kept);
// then what was taken from the team and the images missing from the member's folders are listed
// before the copy, already open, is taken on.
// Real components over a transport the test answers.
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import type { JobProgress, ProjectSummary } from '../../../shared/contract'
import { AppError } from '../../../shared/errors'
import { controlledApi, renderWith } from '../testing/controlled'
import { OpenTeamButton } from './OpenTeamDialog'

afterEach(cleanup)

const type = (label: string, value: string): void =>
  void fireEvent.change(screen.getByLabelText(label), { target: { value } })

it('joins with what was typed, lists the missing images, then goes on with the open copy', async () => {
  const c = controlledApi()
  const opened: ProjectSummary[] = []
  const running: JobProgress = {
    jobId: 'team-join-1',
    kind: 'team-join',
    project: null,
    state: 'running',
    done: 40,
    total: 100,
    rate: 20,
    etaS: 3,
    message: 'scanning your folders',
    errors: [],
    error: null
  }
  renderWith(c, <OpenTeamButton onOpened={(p) => void opened.push(p)} />, undefined, {
    jobs: { 'team-join-1': running }
  })
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
  await act(async () => c.take('team.join').resolve({ jobId: 'team-join-1' }))
  const outcome = c.take('team.joinResult')
  expect(outcome.input).toEqual({ jobId: 'team-join-1' })
  const bar = screen.getByRole('progressbar', { name: 'Joining: scanning your folders' })
  expect(bar.getAttribute('aria-valuenow')).toBe('40')
  expect(screen.getByTestId('progress-team-join').textContent).toContain('20.0 images/s')
  fireEvent.click(screen.getByRole('button', { name: 'Cancel join' }))
  expect(c.take('jobs.cancel').input).toEqual({ jobId: 'team-join-1' })
  const cancelled = 'Join cancelled: no copy was made (/work/birds-ann.zebra was removed).'
  await act(async () => outcome.reject(new AppError('cancelled', cancelled)))
  expect(screen.getByRole('alert').textContent).toBe(cancelled)
  expect(screen.queryByRole('progressbar')).toBeNull()

  fireEvent.click(screen.getByRole('button', { name: 'Join and open' }))
  const project = {
    path: '/work/birds-ann.zebra',
    name: 'birds',
    team: { annotator: 'ann', role: 'annotator' }
  } as ProjectSummary
  await act(async () => c.take('team.join').resolve({ jobId: 'team-join-2' }))
  await act(async () =>
    c.take('team.joinResult').resolve({
      project,
      matched: 77,
      missing: ['birds/a.jpg', 'birds/b.jpg'],
      missingCount: 3,
      pulled: 12,
      role: 'annotator',
      embeddings: 80,
      predictions: 80,
      stale: 80
    })
  )
  expect(screen.getByTestId('join-result').textContent).toBe(
    'Joined “birds” as ann (annotator): 77 images found in your folders, 3 missing; 12 decisions brought in from the team. Your copy: /work/birds-ann.zebra'
  )
  expect(screen.getByTestId('join-taken').textContent).toBe(
    'Taken from the team: 80 embeddings, 80 predictions (80 to re-score from the embeddings).'
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
