// Creating a template set on a transport the test answers: the set is not made the default unless
// asked (that would re-score every suggestion), and asking says how many images it re-scores.
import { act, cleanup, fireEvent, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ProjectSummary } from '../../../../shared/contract'
import { controlledApi, renderWith } from '../../testing/controlled'
import { TemplatesPanel } from './TemplatesPanel'

afterEach(cleanup)

const project = (prelabeled: number): Partial<ProjectSummary> => ({
  path: '/p.zebra',
  counts: { images: 1500, prelabeled, reviewed: 0, unreadable: 0, missing: 0 } as ProjectSummary['counts'],
  templateSets: [{ id: 1, name: 'ImageNet 80', templates: ['a photo of a {}.'] }],
  activeTemplateSetId: 1
})

const fill = (name: string): void => {
  fireEvent.change(screen.getByLabelText('New template set name'), { target: { value: name } })
  fireEvent.change(screen.getByLabelText('New templates'), { target: { value: 'a drawing of a {}.' } })
}

describe('TemplatesPanel: a set in another language', () => {
  it('starts from the language’s preset and is saved in that language', async () => {
    const c = controlledApi()
    renderWith(c, <TemplatesPanel />, project(0))
    fireEvent.change(screen.getByLabelText('New template set language'), { target: { value: 'zh' } })
    expect((screen.getByLabelText('New template set name') as HTMLInputElement).value).toBe('中文')
    expect((screen.getByLabelText('New templates') as HTMLTextAreaElement).value).toMatch(/^一张\{\}的照片。/)
    fireEvent.click(screen.getByRole('button', { name: 'Create set' }))
    const req = c.take('templates.save')
    expect(req.input).toMatchObject({ name: '中文', language: 'zh', makeDefault: false })
    expect((req.input as { templates: string[] }).templates).toContain('一张{}的照片。')
    await act(async () => req.resolve({ id: 2, name: '中文', templates: ['一张{}的照片。'], language: 'zh' }))
    expect(c.notes).toEqual(['Created “中文”'])
  })
})

describe('TemplatesPanel: a new set', () => {
  it('is created as a set, not the default, unless the box is checked', async () => {
    const c = controlledApi()
    renderWith(c, <TemplatesPanel />, project(1234))
    const box = screen.getByRole('checkbox', { name: 'Make it the default' }) as HTMLInputElement
    expect(box.checked).toBe(false)
    expect(screen.queryByTestId('rescore-warning')).toBeNull()
    fill('drawings')
    fireEvent.click(screen.getByRole('button', { name: 'Create set' }))
    const req = c.take('templates.save')
    expect(req.input).toEqual({
      name: 'drawings',
      templates: ['a drawing of a {}.'],
      makeDefault: false,
      language: null
    })
    await act(async () => req.resolve({ id: 2, name: 'drawings', templates: ['a drawing of a {}.'] }))
    expect(c.notes).toEqual(['Created “drawings”'])
  })

  it('checked, it says how many images it re-scores before anything is sent', async () => {
    const c = controlledApi()
    renderWith(c, <TemplatesPanel />, project(1234))
    fireEvent.click(screen.getByRole('checkbox', { name: 'Make it the default' }))
    expect(screen.getByTestId('rescore-warning').textContent).toMatch(
      /re-scores the suggestions of 1,234 images/
    )
    expect(c.pending).toEqual([])
    fill('drawings')
    fireEvent.click(screen.getByRole('button', { name: 'Create set' }))
    const req = c.take('templates.save')
    expect(req.input).toMatchObject({ makeDefault: true })
    await act(async () => req.resolve({ id: 2, name: 'drawings', templates: ['a drawing of a {}.'] }))
    expect(c.notes).toEqual(['Created “drawings”, now the default: re-scoring 1,234 images'])
    // the next set starts unchecked again
    expect((screen.getByRole('checkbox', { name: 'Make it the default' }) as HTMLInputElement).checked).toBe(
      false
    )
  })

  it('with no suggestions yet, checking it says nothing is re-scored', () => {
    const c = controlledApi()
    renderWith(c, <TemplatesPanel />, project(0))
    fireEvent.click(screen.getByRole('checkbox', { name: 'Make it the default' }))
    expect(screen.getByTestId('rescore-warning').textContent).toMatch(/nothing is re-scored now/)
  })
})
