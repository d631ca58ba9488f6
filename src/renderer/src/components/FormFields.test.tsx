// The shared checkbox: named by its text (or its own aria label), reports the new state, and is
// disabled when asked.
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { Checkbox } from './FormFields'

afterEach(cleanup)

function Controlled(props: { ariaLabel?: string; disabled?: boolean; seen: boolean[] }): React.JSX.Element {
  const [on, setOn] = useState(false)
  return (
    <Checkbox
      ariaLabel={props.ariaLabel}
      disabled={props.disabled}
      checked={on}
      onChange={(v) => {
        props.seen.push(v)
        setOn(v)
      }}
    >
      Show archived
    </Checkbox>
  )
}

describe('Checkbox', () => {
  it('is named by its text and reports each change', () => {
    const seen: boolean[] = []
    render(<Controlled seen={seen} />)
    const box = screen.getByRole('checkbox', { name: 'Show archived' })
    fireEvent.click(box)
    expect(box).toHaveProperty('checked', true)
    fireEvent.click(box)
    expect(box).toHaveProperty('checked', false)
    expect(seen).toEqual([true, false])
  })

  it('takes an aria label over its text, and can be disabled', () => {
    render(<Controlled ariaLabel="Include archived" disabled seen={[]} />)
    const box = screen.getByRole('checkbox', { name: 'Include archived' })
    // (jsdom's fireEvent clicks a disabled input anyway, so only the attribute is checked here)
    expect(box).toHaveProperty('disabled', true)
  })
})
