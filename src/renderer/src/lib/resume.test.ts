import { beforeEach, expect, it } from 'vitest'
import { forget, recall, rememberImage, rememberProject } from './resume'

beforeEach(() => window.sessionStorage.clear())

it('keeps the project and the image on the stage until the project is closed', () => {
  expect(recall()).toBeNull()
  rememberProject('/p/a.zebra')
  expect(recall()).toEqual({ path: '/p/a.zebra', imageId: null })
  rememberImage('/p/a.zebra', 42)
  rememberProject('/p/a.zebra') // the same project again (a refreshed summary) keeps the image
  expect(recall()).toEqual({ path: '/p/a.zebra', imageId: 42 })
  rememberProject('/p/b.zebra')
  expect(recall()).toEqual({ path: '/p/b.zebra', imageId: null })
  forget()
  expect(recall()).toBeNull()
})

it('a damaged entry is nothing to resume', () => {
  window.sessionStorage.setItem('zebra.resume', '{not json')
  expect(recall()).toBeNull()
  window.sessionStorage.setItem('zebra.resume', JSON.stringify({ path: 3 }))
  expect(recall()).toBeNull()
})
