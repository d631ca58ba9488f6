// The pre-label screen shows the open project's jobs only: a run on the project open before (the
// sample's 79 images) must not sit beside this project's counts.
import { act, cleanup, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import type { JobProgress } from '../../../shared/contract'
import { controlledApi, renderWith } from '../testing/controlled'
import { PrelabelScreen } from './Prelabel'

afterEach(cleanup)

const run = (jobId: string, project: string, done: number): JobProgress => ({
  jobId,
  kind: 'prelabel',
  project,
  state: 'done',
  done,
  total: done,
  rate: 0,
  etaS: 0,
  message: null,
  errors: [],
  error: null
})

const counts = { images: 304, unreadable: 0, missing: 0, prelabeled: 0 }

async function open(jobs: JobProgress[]) {
  const c = controlledApi()
  renderWith(c, <PrelabelScreen />, { path: '/p/big.zebra', roots: [], counts } as never, {
    model: { loaded: true } as never,
    jobs: Object.fromEntries(jobs.map((j) => [j.jobId, j]))
  })
  await act(async () => {
    c.take('jobs.list').resolve(jobs)
    c.take('project.unreadable').resolve({ counts, unreadable: [] })
  })
  return c
}

it("another project's run is not shown as this one's", async () => {
  await open([run('prelabel-sample', '/home/me/.zebra/sample/sample.zebra', 79)])
  expect(screen.getByTestId('prelabeled-count').textContent).toBe('0')
  expect(screen.getByTestId('readable-count').textContent).toBe('304')
  expect(screen.queryByTestId('progress-prelabel')).toBeNull()
  expect(screen.getByRole('button', { name: 'Start pre-labelling' })).toBeTruthy()
})

it("this project's own run is shown", async () => {
  await open([
    run('prelabel-sample', '/home/me/.zebra/sample/sample.zebra', 79),
    run('prelabel-big', '/p/big.zebra', 30)
  ])
  expect(screen.getByTestId('progress-prelabel').textContent).toContain('30')
  expect(screen.getByTestId('progress-prelabel').textContent).not.toContain('79')
})
