// The folder picker's race: it lists the start folder on mount; when the user types a
// path and presses Go before that listing returns, the late answer must not overwrite the typed
// folder. Real component, transport answered by the test in the order a slow disk would.
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { InvokeOutput } from '../../../shared/contract'
import { controlledApi, renderWith } from '../testing/controlled'
import { FolderPicker } from './FolderPicker'
import { AppError } from '../../../shared/errors'

afterEach(cleanup)

const listing = (path: string, names: string[]): InvokeOutput<'fs.list'> => ({
  path,
  parent: '/',
  entries: names.map((name) => ({ name, path: `${path}/${name}`, isDir: true }))
})

describe('FolderPicker', () => {
  it('keeps the typed folder when the start folder’s listing answers after it', async () => {
    const c = controlledApi()
    const picked: string[] = []
    renderWith(c, <FolderPicker title="Pick" onPick={(p) => picked.push(p)} onClose={() => undefined} />)
    const home = c.take('fs.list') // the mount listing, still on the (slow) disk
    expect(home.input).toEqual({})

    fireEvent.change(screen.getByLabelText('Folder path'), { target: { value: '/data/images' } })
    fireEvent.click(screen.getByRole('button', { name: 'Go' }))
    const typed = c.take('fs.list')
    expect(typed.input).toEqual({ path: '/data/images' })

    await act(async () => typed.resolve(listing('/data/images', ['cats'])))
    await screen.findByRole('button', { name: 'Open folder cats' })
    await act(async () => home.resolve(listing('/home/me', ['Desktop'])))

    expect(screen.getByLabelText<HTMLInputElement>('Folder path').value).toBe('/data/images')
    expect(screen.queryByRole('button', { name: 'Open folder Desktop' })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Choose this folder' }))
    expect(picked).toEqual(['/data/images'])
  })

  it('keeps text typed before the start folder’s listing answers, so Go lists the typed folder', async () => {
    const c = controlledApi()
    renderWith(c, <FolderPicker title="Pick" onPick={() => undefined} onClose={() => undefined} />)
    const home = c.take('fs.list')
    fireEvent.change(screen.getByLabelText('Folder path'), { target: { value: '/data/images' } })
    await act(async () => home.resolve(listing('/home/me', ['Desktop'])))
    await screen.findByRole('button', { name: 'Open folder Desktop' })
    expect(screen.getByLabelText<HTMLInputElement>('Folder path').value).toBe('/data/images')
    fireEvent.click(screen.getByRole('button', { name: 'Go' }))
    expect(c.take('fs.list').input).toEqual({ path: '/data/images' })
  })

  it('chooses the folder in the field, even when Choose comes before its listing answers', async () => {
    const c = controlledApi()
    const picked: string[] = []
    renderWith(c, <FolderPicker title="Pick" onPick={(p) => picked.push(p)} onClose={() => undefined} />)
    await act(async () => c.take('fs.list').resolve(listing('/home/me', ['Desktop'])))
    await screen.findByRole('button', { name: 'Open folder Desktop' })
    fireEvent.change(screen.getByLabelText('Folder path'), { target: { value: '/data/images' } })
    fireEvent.click(screen.getByRole('button', { name: 'Go' }))
    const go = c.take('fs.list')
    // Choose while Go's listing is still on its way: not the folder listed before
    fireEvent.click(screen.getByRole('button', { name: 'Choose this folder' }))
    const chosen = c.take('fs.list')
    expect(chosen.input).toEqual({ path: '/data/images' })
    await act(async () => go.resolve(listing('/data/images', ['cats'])))
    await act(async () => chosen.resolve(listing('/data/images', ['cats'])))
    await waitFor(() => expect(picked).toEqual(['/data/images']))
    // a typed folder that does not exist is not chosen: its error shows instead
    fireEvent.change(screen.getByLabelText('Folder path'), { target: { value: '/nope' } })
    fireEvent.click(screen.getByRole('button', { name: 'Choose this folder' }))
    await act(async () => c.take('fs.list').reject(new AppError('not_found', '/nope does not exist')))
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('/nope does not exist'))
    expect(picked).toEqual(['/data/images'])
  })

  it('shows the error of the latest listing only', async () => {
    const c = controlledApi()
    renderWith(c, <FolderPicker title="Pick" onPick={() => undefined} onClose={() => undefined} />)
    const home = c.take('fs.list')
    fireEvent.change(screen.getByLabelText('Folder path'), { target: { value: '/nope' } })
    fireEvent.click(screen.getByRole('button', { name: 'Go' }))
    const typed = c.take('fs.list')
    await act(async () => home.reject(new AppError('not_found', 'home is gone')))
    expect(screen.queryByRole('alert')).toBeNull()
    await act(async () => typed.reject(new AppError('not_found', '/nope does not exist')))
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('/nope does not exist'))
  })
})
