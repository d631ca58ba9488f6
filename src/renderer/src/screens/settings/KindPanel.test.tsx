// The Kind tab turns a project into a tags project and back; a refusal (an image with two tags) is
// shown as the service says it, and nothing changes. Real component over a transport the test answers.
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import type { ProjectSummary } from '../../../../shared/contract'
import { AppError } from '../../../../shared/errors'
import { controlledApi, renderWith } from '../../testing/controlled'
import { KindPanel } from './KindPanel'

afterEach(cleanup)

it('turns a one-label project into a tags project', async () => {
  const c = controlledApi()
  const set: (ProjectSummary | null)[] = []
  renderWith(c, <KindPanel />, { kind: 'single', labels: [] }, { setProject: (p) => void set.push(p) })
  expect(screen.getByTestId('project-kind').textContent).toBe('one label per image')
  fireEvent.click(screen.getByRole('button', { name: 'Turn into a tags project' }))
  const req = c.take('project.setKind')
  expect(req.input).toEqual({ kind: 'tags' })
  await act(async () => req.resolve({ kind: 'tags' }))
  expect(set).toEqual([{ kind: 'tags' }])
  expect(c.notes[0]).toContain('now tags (any number per image)')
})

it('turning back is refused while an image has two tags: the message is shown', async () => {
  const c = controlledApi()
  const set: (ProjectSummary | null)[] = []
  renderWith(c, <KindPanel />, { kind: 'tags', labels: [] }, { setProject: (p) => void set.push(p) })
  fireEvent.click(screen.getByRole('button', { name: 'Turn into a one-label project' }))
  const msg =
    '3 image(s) have two or more tags present (image 7 has 2): a project with one label per image cannot hold them. Keep it a tags project.'
  await act(async () => c.take('project.setKind').reject(new AppError('invalid_input', msg)))
  expect(screen.getByRole('alert').textContent).toBe(msg)
  expect(set).toEqual([])
})
