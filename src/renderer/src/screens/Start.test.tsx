// The new-project form's file path follows the project name through an fs.list of the folder (so
// the name is free there). That listing can answer after the person typed a path by hand: the
// typed path must win (the rule for overlapping requests in races.test.tsx; the same race lost the
// folder picker's typed folder on CI).
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import type { AppInfo } from '../../../shared/contract'
import { controlledApi, renderWith } from '../testing/controlled'
import { StartScreen } from './Start'

afterEach(cleanup)

const info: AppInfo = {
  version: '0',
  transport: 'browser',
  platform: 'linux',
  annotator: 'me',
  dataDir: '/home/me/.zebra',
  testMode: true,
  language: 'en'
}

it('a late listing of the projects folder never overwrites a path typed by hand', async () => {
  const c = controlledApi()
  renderWith(c, <StartScreen />, undefined, { info })
  const path = screen.getByLabelText('Project file path') as HTMLInputElement

  fireEvent.change(screen.getByLabelText('Project name'), { target: { value: 'Birds of May' } })
  // the first listings (empty name, then the name) are still on their way
  const listings = c.pending.filter((p) => p.channel === 'fs.list')
  expect(listings.length).toBeGreaterThan(0)
  fireEvent.change(path, { target: { value: '/data/typed.zebra' } })
  await act(async () => {
    for (const l of listings) l.resolve({ path: '/home/me/.zebra/projects', parent: null, entries: [] })
  })
  expect(path.value).toBe('/data/typed.zebra')
})

it('without a typed path, the file follows the name and avoids a taken one', async () => {
  const c = controlledApi()
  renderWith(c, <StartScreen />, undefined, { info })
  fireEvent.change(screen.getByLabelText('Project name'), { target: { value: 'Birds of May' } })
  const taken = [
    { name: 'birds-of-may.zebra', path: '/home/me/.zebra/projects/birds-of-may.zebra', isDir: false }
  ]
  await act(async () => {
    for (const l of c.pending.filter((p) => p.channel === 'fs.list'))
      l.resolve({ path: '/home/me/.zebra/projects', parent: null, entries: taken })
  })
  expect((screen.getByLabelText('Project file path') as HTMLInputElement).value).toBe(
    '/home/me/.zebra/projects/birds-of-may-2.zebra'
  )
})

it('an absolute path typed after the suggested one is the file the project is created in', async () => {
  const c = controlledApi()
  renderWith(c, <StartScreen />, undefined, { info })
  fireEvent.change(screen.getByLabelText('Project name'), { target: { value: 'mini' } })
  await act(async () => {
    for (const l of c.pending.filter((p) => p.channel === 'fs.list'))
      l.resolve({ path: '/home/me/.zebra/projects', parent: null, entries: [] })
  })
  const path = screen.getByLabelText('Project file path') as HTMLInputElement
  expect(path.value).toBe('/home/me/.zebra/projects/mini.zebra')
  fireEvent.change(path, { target: { value: `${path.value}/data/mini.zebra` } })
  expect(path.value).toBe('/data/mini.zebra')

  fireEvent.change(screen.getByLabelText('Image folder path'), { target: { value: '/data/imgs' } })
  fireEvent.change(screen.getByLabelText('Labels, one per line'), { target: { value: 'cat\ndog' } })
  fireEvent.click(screen.getByRole('button', { name: 'Create project' }))
  await act(async () => undefined)
  expect(c.take('project.create').input.path).toBe('/data/mini.zebra')
})

it('a bare file name is created in the projects folder, not the server’s working folder', async () => {
  const c = controlledApi()
  renderWith(c, <StartScreen />, undefined, { info })
  fireEvent.change(screen.getByLabelText('Project file path'), { target: { value: 'birds.zebra' } })
  fireEvent.change(screen.getByLabelText('Image folder path'), { target: { value: '/data/imgs' } })
  fireEvent.change(screen.getByLabelText('Labels, one per line'), { target: { value: 'cat\ndog' } })
  fireEvent.click(screen.getByRole('button', { name: 'Create project' }))
  await act(async () => undefined)
  expect(c.take('project.create').input.path).toBe('/home/me/.zebra/projects/birds.zebra')
})

it('the sample project is pre-labelled as soon as it opens, on the pre-label screen', async () => {
  const c = controlledApi()
  const went: string[] = []
  renderWith(c, <StartScreen />, undefined, { info, go: (s) => void went.push(s) })
  fireEvent.click(screen.getByRole('button', { name: 'Try the sample project' }))
  const counts = { images: 79, unreadable: 0, missing: 0, prelabeled: 0 }
  await act(async () => c.take('project.openSample').resolve({ path: '/s/sample.zebra', counts }))
  expect(went).toEqual(['prelabel'])
  await act(async () => c.take('prelabel.start').resolve({ jobId: 'prelabel-1' }))
  expect(c.notes).toEqual([])
})

it('a sample already pre-labelled opens in review, with no new run', async () => {
  const c = controlledApi()
  const went: string[] = []
  renderWith(c, <StartScreen />, undefined, { info, go: (s) => void went.push(s) })
  fireEvent.click(screen.getByRole('button', { name: 'Try the sample project' }))
  const counts = { images: 79, unreadable: 0, missing: 0, prelabeled: 79 }
  await act(async () => c.take('project.openSample').resolve({ path: '/s/sample.zebra', counts }))
  expect(went).toEqual(['review'])
  expect(c.pending.some((p) => p.channel === 'prelabel.start')).toBe(false)
})

it('a label or template in a script the model cannot read is said while typing', () => {
  const c = controlledApi()
  renderWith(c, <StartScreen />, undefined, { info })
  const labels = screen.getByLabelText('Labels, one per line')
  fireEvent.change(labels, { target: { value: 'zebra: striped\nhorse' } })
  expect(screen.queryByTestId('label-script-warning')).toBeNull()
  fireEvent.change(labels, { target: { value: 'zebra: striped\n斑马: 条纹' } })
  expect(screen.getByTestId('label-script-warning').textContent).toContain('"斑马" (Han)')
  fireEvent.change(screen.getByLabelText('Prompt templates, one per line'), {
    target: { value: '一张{}的照片' }
  })
  expect(screen.getByTestId('template-script-warning').textContent).toContain('This template is written')
})

it('a new project is one label per image unless Tags is chosen; a tags project may start with one tag', async () => {
  const c = controlledApi()
  renderWith(c, <StartScreen />, undefined, { info })
  fireEvent.change(screen.getByLabelText('Project file path'), { target: { value: 'shapes.zebra' } })
  fireEvent.change(screen.getByLabelText('Image folder path'), { target: { value: '/data/imgs' } })
  fireEvent.change(screen.getByLabelText('Labels, one per line'), { target: { value: 'striped' } })
  expect(screen.getByRole('radio', { name: /^One label per image/ })).toHaveProperty('checked', true)
  fireEvent.click(screen.getByRole('button', { name: 'Create project' }))
  await act(async () => undefined)
  expect(c.notes).toEqual(['Type at least two labels (one per line), or pick a preset.'])
  fireEvent.click(screen.getByRole('radio', { name: /^Tags \(any number per image\)/ }))
  fireEvent.click(screen.getByRole('button', { name: 'Create project' }))
  await act(async () => undefined)
  const input = c.take('project.create').input
  expect(input.kind).toBe('tags')
  expect(input.labels).toEqual([{ name: 'striped' }])
})

it('the sample opens as a tags project too', async () => {
  const c = controlledApi()
  const went: string[] = []
  renderWith(c, <StartScreen />, undefined, { info, go: (s) => void went.push(s) })
  fireEvent.click(screen.getByRole('button', { name: 'Try the tags sample project' }))
  const req = c.take('project.openSample')
  expect(req.input).toEqual({ kind: 'tags' })
  const counts = { images: 79, unreadable: 0, missing: 0, prelabeled: 79 }
  await act(async () => req.resolve({ path: '/s/sample-tags.zebra', kind: 'tags', counts }))
  expect(went).toEqual(['review'])
})

it('the sample opens in Chinese too', async () => {
  const c = controlledApi()
  const went: string[] = []
  renderWith(c, <StartScreen />, undefined, { info, go: (s) => void went.push(s) })
  fireEvent.click(screen.getByRole('button', { name: 'Open the Chinese sample project' }))
  const req = c.take('project.openSample')
  expect(req.input).toEqual({ language: 'zh' })
  const counts = { images: 79, unreadable: 0, missing: 0, prelabeled: 79 }
  await act(async () => req.resolve({ path: '/s/sample-zh.zebra', counts }))
  expect(went).toEqual(['review'])
})
