// The folders panel on a transport the test answers: folders with their counts, removal only after
// a confirmation that says what it does, and reloads that job progress cannot starve (one request
// at a time, one more after it when something changed meanwhile).
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { InvokeOutput, JobProgress, ProjectSummary, RootInfo } from '../../../../shared/contract'
import { AppError } from '../../../../shared/errors'
import { emptyNotTaken, noteNotTaken, type NotTaken } from '../../../../shared/not-taken'
import { scanNotice } from '../../components/ScanNotice'
import { AppContext, type AppState } from '../../context'
import { controlledApi, renderWith, type Controlled } from '../../testing/controlled'
import { FoldersPanel } from './FoldersPanel'

afterEach(cleanup)

const root = (id: number, path: string, over: Partial<RootInfo> = {}): RootInfo => ({
  id,
  path,
  exists: true,
  images: 10,
  ok: 9,
  unreadable: 1,
  missing: 0,
  prelabeled: 9,
  decided: 3,
  ...over
})
const roots = (list: RootInfo[]): InvokeOutput<'project.roots'> => ({
  roots: list,
  lastScan: {
    at: '2026-01-02T03:04:05.000Z',
    total: 20,
    added: 4,
    changed: 1,
    moved: 0,
    missing: 2,
    restored: 0,
    unreadable: 1,
    unreadableFolders: [],
    notTaken: emptyNotTaken()
  }
})
/** a folder's .bmp, two .txt files and a .DS_Store, as the walker notes them */
const passedOver = (): NotTaken => {
  const nt = emptyNotTaken()
  noteNotTaken(nt, 'unsupported_image', '/a/scan.bmp', '.bmp', 'not an image format Zebra reads (.bmp)')
  noteNotTaken(nt, 'not_image', '/a/notes.txt', '.txt')
  noteNotTaken(nt, 'not_image', '/a/b/readme.txt', '.txt')
  noteNotTaken(nt, 'hidden', '/a/.DS_Store')
  return nt
}
const project = { path: '/p.zebra', roots: ['/a', '/b'], counts: { images: 20 } } as unknown as ProjectSummary

describe('FoldersPanel', () => {
  it('lists the folders and removes one only after saying what removal does', async () => {
    const c = controlledApi()
    renderWith(c, <FoldersPanel />, project)
    await act(async () =>
      c.take('project.roots').resolve(roots([root(1, '/a'), root(2, '/b', { decided: 0 })]))
    )
    expect(screen.getAllByTestId('folder-row')).toHaveLength(2)
    expect(screen.getByTestId('scan-summary').textContent).toMatch(
      /20 files — 4 new, 1 changed, 0 moved, 2 missing, 1 newly unreadable/
    )

    expect(screen.queryByTestId('scan-not-taken')).toBeNull() // nothing passed over: nothing said

    fireEvent.click(screen.getByRole('button', { name: 'Remove folder /a' }))
    const dialog = screen.getByTestId('remove-folder')
    expect(dialog.textContent).toContain('Its 10 images leave the project')
    expect(dialog.textContent).toContain("The labels given to 3 of them stay in the project's decision log")
    expect(c.pending.map((p) => p.channel)).toEqual([]) // nothing removed yet
    fireEvent.click(screen.getByRole('button', { name: 'Remove folder' }))
    const req = c.take('project.removeRoot')
    expect(req.input).toEqual({ id: 1 })
    await act(async () => req.resolve({ path: '/a', images: 10, kept: 3 }))
    await waitFor(() => expect(screen.queryByTestId('remove-folder')).toBeNull())
    expect(c.notes).toContain('Removed /a: 10 images left the project; the labels of 3 stay in the log.')
  })

  it("names the files the last scan did not take and says why (a folder's .bmp)", async () => {
    const c = controlledApi()
    renderWith(c, <FoldersPanel />, project)
    const r = roots([root(1, '/a')])
    await act(async () =>
      c.take('project.roots').resolve({ ...r, lastScan: { ...r.lastScan!, notTaken: passedOver() } })
    )
    const line = screen.getByTestId('scan-not-taken')
    expect(line.textContent).toBe(
      ' Not taken: 1 file in an image format Zebra does not read (.bmp): /a/scan.bmp; 2 other files, not images (.txt x2); 1 hidden.'
    )
    expect(line.className).toBe('warn') // an image the user may expect among the others
  })

  it('a refused removal stays in the dialog with the reason', async () => {
    const c = controlledApi()
    renderWith(c, <FoldersPanel />, project)
    await act(async () => c.take('project.roots').resolve(roots([root(1, '/a'), root(2, '/b')])))
    fireEvent.click(screen.getByRole('button', { name: 'Remove folder /b' }))
    fireEvent.click(screen.getByRole('button', { name: 'Remove folder' }))
    await act(async () =>
      c.take('project.removeRoot').reject(new AppError('busy', 'Pre-labelling is running: cancel it.'))
    )
    expect(screen.getByTestId('remove-folder').textContent).toContain('Pre-labelling is running')
  })

  it('job progress while a reload is in flight asks once more afterwards, not once per event', async () => {
    const c: Controlled = controlledApi()
    const job = (done: number): JobProgress => ({
      jobId: 'scan-1',
      kind: 'scan',
      project: project.path,
      state: 'running',
      done,
      total: 100,
      rate: 0,
      etaS: null,
      message: null,
      errors: [],
      error: null
    })
    const state = (done: number): AppState =>
      ({
        api: c.api,
        project,
        jobs: { 'scan-1': job(done) },
        notify: (m: string) => void c.notes.push(m),
        refreshProject: async () => undefined
      }) as unknown as AppState
    const ui = (done: number): React.JSX.Element => (
      <AppContext.Provider value={state(done)}>
        <FoldersPanel />
      </AppContext.Provider>
    )
    const r = render(ui(0))
    for (const d of [10, 20, 30, 40]) r.rerender(ui(d))
    expect(c.pending.filter((p) => p.channel === 'project.roots')).toHaveLength(1)
    await act(async () => c.take('project.roots').resolve(roots([root(1, '/a')])))
    await waitFor(() => expect(c.pending.filter((p) => p.channel === 'project.roots')).toHaveLength(1))
    await act(async () => c.take('project.roots').resolve(roots([root(1, '/a'), root(2, '/b')])))
    expect(screen.getAllByTestId('folder-row')).toHaveLength(2)
    expect(c.pending).toEqual([])
  })
})

describe('scanNotice', () => {
  it('says what a scan found, or nothing', () => {
    const base = roots([]).lastScan!
    expect(scanNotice({ ...base, added: 1, changed: 0, missing: 0 })).toBe(
      'The scan found 1 new image: pre-label it on the Pre-label screen.'
    )
    expect(scanNotice(base)).toBe(
      'The scan found 4 new, 1 changed images: pre-label them on the Pre-label screen; 2 files missing.'
    )
    expect(scanNotice({ ...base, added: 0, changed: 0, missing: 0 })).toBeNull()
  })

  it('tells of files in a format Zebra does not read along with the news, not on its own', () => {
    const base = { ...roots([]).lastScan!, notTaken: passedOver() }
    expect(scanNotice({ ...base, added: 6, changed: 0, missing: 0 })).toBe(
      'The scan found 6 new images: pre-label them on the Pre-label screen; 1 file is in an image format Zebra does not read (.bmp): see Folders.'
    )
    expect(scanNotice({ ...base, added: 0, changed: 0, missing: 0 })).toBeNull()
  })
})
