// A label's names in other languages in the Labels tab: shown beside it, edited as one line per
// language, sent whole with the label's other fields; a line it cannot read is named and nothing
// is sent.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import type { Label } from '../../../../shared/contract'
import { controlledApi, renderWith } from '../../testing/controlled'
import { LabelsPanel } from './LabelsPanel'

afterEach(cleanup)

const zebra: Label = {
  id: 1,
  name: 'zebra',
  descriptions: [],
  color: '#446688',
  hotkey: null,
  archived: false,
  names: { zh: { name: '斑马', descriptions: [] } }
}

it('shows, edits and sends a label’s names in other languages', async () => {
  const c = controlledApi()
  renderWith(c, <LabelsPanel />, { kind: 'single', labels: [zebra] })
  await act(async () => c.take('labels.counts').resolve([]))
  const row = screen.getByRole('listitem', { name: 'Label zebra' })
  expect(within(row).getByLabelText('Names in other languages').textContent).toBe('zh: 斑马')
  fireEvent.click(within(row).getByRole('button', { name: 'Edit zebra' }))
  const field = within(row).getByLabelText('Other languages') as HTMLTextAreaElement
  expect(field.value).toBe('zh = 斑马')

  fireEvent.change(field, { target: { value: 'zh = 斑马: 黑白条纹的形状\nzebra in japanese' } })
  fireEvent.click(within(row).getByRole('button', { name: /save/i }))
  expect(within(row).getByRole('alert').textContent).toMatch(/“zebra in japanese”/)
  expect(c.pending).toEqual([])

  fireEvent.change(field, { target: { value: 'zh = 斑马: 黑白条纹的形状\nja = シマウマ' } })
  fireEvent.click(within(row).getByRole('button', { name: /save/i }))
  const req = c.take('labels.update')
  expect(req.input).toMatchObject({
    id: 1,
    names: {
      zh: { name: '斑马', descriptions: ['黑白条纹的形状'] },
      ja: { name: 'シマウマ', descriptions: [] }
    }
  })
})
