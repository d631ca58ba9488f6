import { describe, expect, it } from 'vitest'
import { parseLabelList } from './setup'

describe('parseLabelList', () => {
  it('reads "name: description; description" lines, commas inside descriptions, and comma lists', () => {
    expect(
      parseLabelList(
        'zebra: horse-shaped, striped, black and white\ncat, dog\n\nokapi: striped legs; brown body'
      )
    ).toEqual([
      { name: 'zebra', descriptions: ['horse-shaped, striped, black and white'] },
      { name: 'cat' },
      { name: 'dog' },
      { name: 'okapi', descriptions: ['striped legs', 'brown body'] }
    ])
  })
})
