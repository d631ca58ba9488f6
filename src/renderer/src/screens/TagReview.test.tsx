// The review screen of a tags project driven by the keyboard against a small in-memory tags project
// (testing/tags-store.tsx): each tag's key toggles it, Shift+key marks it unsure, Enter sends the
// image's tags as one decision (one request per image, bursts kept in order), the search finds any
// tag of a thousand, and a project without tags says what to do.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Label, ProjectSummary } from '../../../shared/contract'
import { renderReview } from '../testing/review-store'
import { createTagStore, probOf, tagLabels } from '../testing/tags-store'

// jsdom lays nothing out: the tag list's scroll box gets a window's height, so the virtualiser
// renders the rows that fit (everything else keeps jsdom's 0)
const own = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')
const ownOffset = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight')
beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver
  for (const k of ['clientHeight', 'offsetHeight'])
    Object.defineProperty(HTMLElement.prototype, k, {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('tag-list-scroll') ? 400 : 0
      }
    })
})
afterAll(() => {
  if (own) Object.defineProperty(HTMLElement.prototype, 'clientHeight', own)
  if (ownOffset) Object.defineProperty(HTMLElement.prototype, 'offsetHeight', ownOffset)
})
afterEach(cleanup)

const notes: string[] = []
const file = (): string => screen.getByTestId('review-file').textContent ?? ''
const press = (key: string, opts: Partial<KeyboardEventInit> = {}): void => {
  act(() => {
    fireEvent.keyDown(window, { key, ...opts })
  })
}
const project = (labels: Label[]): Partial<ProjectSummary> => ({ labels, kind: 'tags' })
const row = (name: string): HTMLElement => screen.getByRole('button', { name: new RegExp(`^${name}: `) })

function setup(images: number, labels: Label[], calls?: string[]) {
  notes.length = 0
  const store = createTagStore(images, labels)
  renderReview(store, notes, { project: project(labels), calls })
  return store
}

describe('tags review', () => {
  it('keys toggle tags, Shift+key marks unsure, Enter decides the image as shown', async () => {
    const labels = tagLabels(8)
    const store = setup(5, labels)
    await waitFor(() => expect(file()).toBe('img1.png'))
    expect(screen.queryByRole('button', { name: /^Accept .*\(key 1\)$/ })).toBeNull() // no suggestions
    // pre-checked: the tags at or above 0.5
    const pre = labels.filter((l) => probOf(1, l.id) >= 0.5).map((l) => l.id)
    expect(row('red').getAttribute('aria-pressed')).toBe(String(pre.includes(1)))
    expect(row('red').getAttribute('aria-label')).toContain('(key 1, Shift+1 unsure)')

    press('0') // nothing on this image …
    press('1') // … but red
    press('!', { code: 'Digit3', shiftKey: true }) // green: unsure (Shift+3 types "!" on many layouts)
    await waitFor(() => expect(row('red').getAttribute('aria-label')).toMatch(/^red: present/))
    expect(row('green').getAttribute('aria-label')).toMatch(/^green: unsure/)
    press('Enter')
    await waitFor(() => expect(file()).toBe('img2.png'))
    await waitFor(() => expect(store.decisions).toHaveLength(1))
    expect(store.decisions[0]).toEqual({ imageId: 1, present: [1], unsure: [3] })
    expect(screen.getByTestId('last-action').textContent).toBe('accepted: red; unsure green — img1.png')

    // Enter alone accepts the pre-checked set
    const pre2 = labels.filter((l) => probOf(2, l.id) >= 0.5).map((l) => l.id)
    press('Enter')
    await waitFor(() => expect(store.decisions).toHaveLength(2))
    expect(store.decisions[1]).toEqual({ imageId: 2, present: pre2, unsure: [] })

    // skip and undo work as in one-label review
    await waitFor(() => expect(file()).toBe('img3.png'))
    press('s')
    await waitFor(() => expect(file()).toBe('img4.png'))
    press('u')
    await waitFor(() => expect(file()).toBe('img3.png'))
    press('u')
    await waitFor(() => expect(file()).toBe('img2.png'))
    expect(store.states.has(2)).toBe(false)
    expect(notes).toEqual([])
  })

  it('one request per image; a burst of toggles and Enters faster than the answers lands in order', async () => {
    const labels = tagLabels(8)
    const calls: string[] = []
    const store = setup(14, labels, calls)
    await waitFor(() => expect(file()).toBe('img1.png'))
    await waitFor(() => expect(screen.getByTestId('counter-reviewed').textContent).toBe('0 / 14 reviewed'))
    await waitFor(() => expect(calls).toContain('tags.summary'))
    calls.length = 0
    // twelve images without waiting for one answer: more than the screen keeps ahead
    for (let i = 0; i < 12; i++) {
      press('0')
      press(String((i % 8) + 1))
      press('Enter')
    }
    await waitFor(() => expect(store.decisions).toHaveLength(12))
    expect(store.decisions.map((d) => d.imageId)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
    expect(store.decisions.map((d) => d.present)).toEqual(Array.from({ length: 12 }, (_, i) => [(i % 8) + 1]))
    expect(calls).toEqual(Array.from({ length: 12 }, () => 'review.decide'))
    await waitFor(() => expect(file()).toBe('img13.png'))
    await waitFor(() => expect(screen.getByTestId('counter-reviewed').textContent).toBe('12 / 14 reviewed'))
  })

  it('a thousand tags: the list is virtualised, the search finds and toggles any tag', async () => {
    const labels = tagLabels(1000)
    const store = setup(3, labels)
    await waitFor(() => expect(file()).toBe('img1.png'))
    const rows = screen.getAllByTestId('tag-row')
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.length).toBeLessThan(60) // only what fits, not a thousand
    // the 29 keyed tags: 1-9 then the free letters; tag 30 on has none
    expect(screen.getByRole('button', { name: /^tag10: .*\(key a,/ })).toBeTruthy()

    press('0')
    press('/')
    const find = screen.getByRole('combobox', { name: 'Find a tag' })
    expect(document.activeElement).toBe(find)
    fireEvent.change(find, { target: { value: 'tag857' } })
    const found = await screen.findByRole('listbox', { name: 'Tags found' })
    expect(within(found).getAllByRole('option')[0]!.textContent).toContain('tag857')
    fireEvent.keyDown(find, { key: 'Enter' })
    // the keys are the stage's again: Enter accepts
    expect(document.activeElement).toBe(screen.getByTestId('stage'))
    fireEvent.change(screen.getByRole('combobox', { name: 'Find a tag' }), { target: { value: 'tag12' } })
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Find a tag' }), { key: 'Enter', shiftKey: true })
    press('Enter')
    await waitFor(() => expect(store.decisions).toHaveLength(1))
    expect(store.decisions[0]).toEqual({ imageId: 1, present: [857], unsure: [12] })
  })

  it('says what each number rests on, read again when the pointer comes over the tags', async () => {
    const labels = tagLabels(8)
    const calls: string[] = []
    const store = setup(5, labels, calls)
    await waitFor(() => expect(row('red').title).toContain('needs 5 more present and 5 more absent'))
    press('0')
    press('1')
    press('Enter')
    await waitFor(() => expect(store.decisions).toHaveLength(1))
    expect(calls.filter((c) => c === 'tags.summary')).toHaveLength(1)
    fireEvent.mouseEnter(row('red').closest('.tag-list-scroll')!)
    await waitFor(() => expect(row('red').title).toContain('needs 4 more present and 5 more absent'))
    expect(row('blue').title).toContain('needs 5 more present and 4 more absent')
  })

  it('? lists every key, each tag with its own', async () => {
    const labels = tagLabels(8)
    labels[7]!.hotkey = 'd' // dotted keeps its own key
    setup(2, labels)
    await waitFor(() => expect(file()).toBe('img1.png'))
    press('?')
    const overlay = await screen.findByTestId('keys-overlay')
    const text = overlay.textContent ?? ''
    expect(text).toContain('1 · Shift+1toggle red · mark it unsure')
    expect(text).toContain('D · Shift+Dtoggle dotted')
    expect(text).toContain('7 · Shift+7toggle striped')
    expect(text).toContain('Enteraccept the tags shown')
    expect(text).not.toContain('accept that suggestion')
  })

  it('a tags project without tags says to add them, and Enter records nothing', async () => {
    const store = setup(2, [])
    await waitFor(() => expect(file()).toBe('img1.png'))
    expect(screen.getByTestId('no-tags').textContent).toContain('This project has no tags yet')
    press('Enter')
    expect(notes.join()).toContain('no tags yet')
    expect(store.decisions).toHaveLength(0)
  })
})
