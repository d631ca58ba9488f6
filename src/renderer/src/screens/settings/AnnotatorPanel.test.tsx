// The annotator's name in Settings: saved through app.setAnnotator (parsed with the contract's
// schema), an empty name refused before it is sent.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, expect, it } from 'vitest'
import type { AppInfo } from '../../../../shared/contract'
import { call } from '../../api'
import { AppContext, type AppState } from '../../context'
import { controlledApi, type Controlled } from '../../testing/controlled'
import { AnnotatorPanel } from './AnnotatorPanel'

afterEach(cleanup)

const start: AppInfo = {
  version: '0',
  transport: 'browser',
  platform: 'linux',
  annotator: 'osuser',
  dataDir: '/home/me/.zebra',
  testMode: true,
  language: 'en'
}

function Host(props: { c: Controlled }): React.JSX.Element {
  const [info, setInfo] = useState(start)
  const state = {
    api: props.c.api,
    info,
    notify: (m: string) => void props.c.notes.push(m),
    setAnnotator: async (annotator: string) =>
      setInfo(await call(props.c.api, 'app.setAnnotator', { annotator }))
  } as unknown as AppState
  return (
    <AppContext.Provider value={state}>
      <AnnotatorPanel />
    </AppContext.Provider>
  )
}

it('saves a new name and shows what the server kept', async () => {
  const c = controlledApi()
  render(<Host c={c} />)
  const box = screen.getByLabelText('Annotator name') as HTMLInputElement
  const save = screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement
  expect(box.value).toBe('osuser')
  expect(save.disabled).toBe(true)

  fireEvent.change(box, { target: { value: '' } })
  expect(save.disabled).toBe(true)
  expect(screen.getByText(/cannot be empty/)).toBeTruthy()

  fireEvent.change(box, { target: { value: ' Ada ' } })
  fireEvent.click(save)
  const req = c.take('app.setAnnotator')
  expect(req.input).toEqual({ annotator: 'Ada' })
  await act(async () => req.resolve({ ...start, annotator: 'Ada' }))
  expect(box.value).toBe('Ada')
  expect(save.disabled).toBe(true)
  expect(c.notes.join()).toContain('recorded as “Ada”')
})
