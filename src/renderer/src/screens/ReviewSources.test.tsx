// The review source picker offers the reviewer's lists (disagreements, samples) in a plain project
// and to a team project's reviewer, and not to a member who is no reviewer (or not known yet).
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { offersReviewerLists, SourcePicker } from './ReviewSources'

afterEach(cleanup)

const options = (): string[] =>
  Array.from((screen.getByLabelText('Queue source') as HTMLSelectElement).options).map((o) => o.value)

it('offers the reviewer lists only where the member may adjudicate', () => {
  expect(offersReviewerLists(null)).toBe(true)
  expect(offersReviewerLists(undefined)).toBe(true)
  expect(offersReviewerLists({ role: 'reviewer' })).toBe(true)
  expect(offersReviewerLists({ role: 'annotator' })).toBe(false)
  expect(offersReviewerLists({ role: null })).toBe(false)

  render(<SourcePicker source={{ kind: 'queue' }} onChange={() => undefined} />)
  expect(options()).toEqual(['queue', 'mistakes', 'search', 'duplicates', 'disagreements', 'sample'])
  cleanup()
  render(<SourcePicker source={{ kind: 'queue' }} onChange={() => undefined} reviewer={false} />)
  expect(options()).toEqual(['queue', 'mistakes', 'search', 'duplicates'])
})
