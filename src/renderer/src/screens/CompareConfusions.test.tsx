// The compare screen's confusions: every thumbnail and matrix cell opens its images in review, a
// cell with more images than fit says "+N more" and lists them all; a report saved before cells
// existed says what to click.
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ZebraApi } from '../../../shared/contract'
import type { CompareReport } from '../../../shared/report'
import type { ReviewList } from '../context'
import { ConfusionMatrix, Confusions, THUMBS } from './CompareConfusions'

afterEach(cleanup)

const api = { imageUrl: (id: number) => `zebra-image://img/${id}?thumb=1` } as unknown as ZebraApi
const wrong = Array.from({ length: 13 }, (_, i) => 100 + i)
const report = {
  labels: ['cat', 'dog'],
  confusions: [{ trueLabel: 'cat', predicted: 'dog', count: 13, exampleImageIds: wrong.slice(0, 4) }],
  confusionMatrix: [
    [2, 13],
    [0, 5]
  ],
  cells: [
    { trueIndex: 0, predictedIndex: 0, imageIds: [1, 2] },
    { trueIndex: 0, predictedIndex: 1, imageIds: wrong },
    { trueIndex: 1, predictedIndex: 1, imageIds: [3, 4, 5, 6, 7] }
  ]
} as unknown as CompareReport

describe('confusions', () => {
  it('shows the first thumbnails and "+N more", which lists every image of the cell', () => {
    const opened: ReviewList[] = []
    render(<Confusions report={report} api={api} open={(l) => opened.push(l)} />)
    const item = screen.getByRole('listitem', { name: 'cat predicted as dog' })
    expect(within(item).getAllByRole('img')).toHaveLength(THUMBS)
    fireEvent.click(within(item).getByRole('button', { name: `+${13 - THUMBS} more` }))
    const srcs = within(item)
      .getAllByRole('img')
      .map((i) => i.getAttribute('src'))
    expect(srcs).toEqual(wrong.map((id) => `zebra-image://img/${id}?thumb=1`))
    expect(within(item).queryByRole('button', { name: /more$/ })).toBeNull()

    // a thumbnail opens the whole cell as a queue, at that image
    fireEvent.click(
      within(item).getByRole('button', { name: 'Open image 110 in review (cat predicted as dog)' })
    )
    fireEvent.click(within(item).getByRole('button', { name: 'Review these 13' }))
    expect(opened).toEqual([
      { title: 'Compare: cat predicted as dog', imageIds: wrong, focus: 110 },
      { title: 'Compare: cat predicted as dog', imageIds: wrong, focus: undefined }
    ])
  })

  it('an older report without cells shows its examples and says to run the comparison again', () => {
    const old = { ...report, cells: undefined } as CompareReport
    render(<Confusions report={old} api={api} open={() => undefined} />)
    const item = screen.getByRole('listitem', { name: 'cat predicted as dog' })
    expect(within(item).getAllByRole('img')).toHaveLength(4)
    expect(within(item).getByText('+9 more: click Run comparison to list them')).toBeTruthy()
    expect(within(item).queryByRole('button', { name: /^Review these/ })).toBeNull()
  })
})

describe('confusion matrix', () => {
  it('opens the images of a clicked cell, right and wrong ones alike', () => {
    const opened: ReviewList[] = []
    render(<ConfusionMatrix report={report} open={(l) => opened.push(l)} />)
    const region = screen.getByRole('region', { name: 'Confusion matrix' })
    fireEvent.click(
      within(region).getByRole('button', { name: 'Review the 13 images of cat predicted as dog' })
    )
    fireEvent.click(
      within(region).getByRole('button', { name: 'Review the 5 images of dog predicted as dog' })
    )
    expect(opened.map((l) => l.imageIds)).toEqual([wrong, [3, 4, 5, 6, 7]])
    // an empty cell is a plain number
    expect(within(region).getByLabelText('0 images of dog predicted as cat').tagName).toBe('SPAN')
  })
})
