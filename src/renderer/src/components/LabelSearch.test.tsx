// The correction panel's "add a new label": offered for a name no label (nor merged label) has,
// taken with Enter when nothing matches or by click; a merged label's name finds its target.
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { Label, LabelInput } from '../../../shared/contract'
import { LabelSearch } from './LabelSearch'

afterEach(cleanup)

const label = (id: number, name: string, extra: Partial<Label> = {}): Label => ({
  id,
  name,
  descriptions: [],
  color: '#123456',
  hotkey: null,
  archived: false,
  mergedInto: null,
  ...extra
})
const labels = [
  label(1, 'cat'),
  label(2, 'dog'),
  label(3, 'kitty', { archived: true, mergedInto: 1 }),
  label(4, 'old', { archived: true })
]

function open(): { picked: string[]; added: string[]; inputs: LabelInput[] } {
  const picked: string[] = []
  const added: string[] = []
  const inputs: LabelInput[] = []
  render(
    <LabelSearch
      labels={labels}
      onPick={(l) => picked.push(l.name)}
      onAdd={(l) => {
        added.push(l.name)
        inputs.push(l)
      }}
      onCancel={() => undefined}
    />
  )
  return { picked, added, inputs }
}
const type = (v: string): void => {
  fireEvent.change(screen.getByLabelText('Search labels'), { target: { value: v } })
}
const enter = (): void => {
  fireEvent.keyDown(screen.getByLabelText('Search labels'), { key: 'Enter' })
}

describe('LabelSearch', () => {
  it('offers a name nothing matches as a new label; Enter adds it', () => {
    const r = open()
    type('  giraffe ')
    expect(screen.getByRole('option', { name: 'Add “giraffe” as a new label' })).toBeTruthy()
    expect(screen.queryByText(/No label matches/)).toBeNull()
    enter()
    expect(r.added).toEqual(['giraffe'])
    expect(r.picked).toEqual([])
  })

  it('a close match comes first; the add option is one arrow down, or a click', () => {
    const r = open()
    type('dogg')
    const opts = screen.getAllByRole('option')
    expect(opts.map((o) => o.textContent)).toEqual(['dog', 'Add “dogg” as a new label'])
    fireEvent.keyDown(screen.getByLabelText('Search labels'), { key: 'ArrowDown' })
    enter()
    expect(r.added).toEqual(['dogg'])
    fireEvent.mouseDown(screen.getByRole('option', { name: 'Add “dogg” as a new label' }))
    expect(r.added).toEqual(['dogg', 'dogg'])
  })

  it('an existing or merged name is no new label: the merged name finds the label it went into', () => {
    const r = open()
    type('CAT')
    expect(screen.queryByRole('option', { name: /as a new label/ })).toBeNull()
    type('kitty')
    expect(screen.queryByRole('option', { name: /as a new label/ })).toBeNull()
    expect(screen.getAllByRole('option')[0]!.textContent).toBe('cat')
    enter()
    expect(r.picked).toEqual(['cat'])
    // archived labels are hidden; their name can still be typed (adding it unarchives it)
    type('old')
    expect(screen.getByRole('option', { name: 'Add “old” as a new label' })).toBeTruthy()
  })

  it('"name: description" adds the name with its description, as the new-project form reads it', () => {
    const r = open()
    type('ladybird: a dotted red shape')
    const add = screen.getByRole('option', { name: 'Add “ladybird” as a new label' })
    expect(add.textContent).toMatch(/described as “a dotted red shape”/)
    enter()
    expect(r.inputs).toEqual([{ name: 'ladybird', descriptions: ['a dotted red shape'] }])
    // the name alone is searched: an existing name with a description is that label, not a new one
    type('dog: a barking animal')
    expect(screen.queryByRole('option', { name: /as a new label/ })).toBeNull()
    enter()
    expect(r.picked).toEqual(['dog'])
    // a description alone names no label, new or old
    type(': only a description')
    expect(screen.queryAllByRole('option')).toEqual([])
    expect(screen.getByText(/No label matches/)).toBeTruthy()
    enter()
    expect(r.inputs).toHaveLength(1)
    expect(r.picked).toEqual(['dog'])
  })

  it('while adding, the panel waits: no second add, no cancel', () => {
    const added: string[] = []
    const cancelled: number[] = []
    render(
      <LabelSearch
        labels={labels}
        onPick={() => undefined}
        onAdd={(l) => added.push(l.name)}
        adding="giraffe"
        onCancel={() => cancelled.push(1)}
      />
    )
    type('giraffe')
    expect(screen.getByRole('option', { name: 'Add “giraffe” as a new label' }).textContent).toMatch(
      /Adding “giraffe”…/
    )
    enter()
    fireEvent.keyDown(screen.getByLabelText('Search labels'), { key: 'Escape' })
    expect(added).toEqual([])
    expect(cancelled).toEqual([])
  })
})
