import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadSettings, recentProjects, settingsFile, touchRecent, updateSettings } from './settings'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zebra-settings-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('app settings', () => {
  it('defaults when missing or damaged, and round-trips', () => {
    const d = loadSettings(dir)
    expect(d.annotator.length).toBeGreaterThan(0)
    expect(d.recentProjects).toEqual([])
    writeFileSync(settingsFile(dir), '{ not json')
    expect(loadSettings(dir)).toEqual(d)
    updateSettings(dir, (s) => {
      s.annotator = 'Ann'
      s.model = { path: '/m', variant: 'quantized', ep: 'cpu' }
    })
    expect(loadSettings(dir)).toMatchObject({
      annotator: 'Ann',
      model: { path: '/m', variant: 'quantized', ep: 'cpu' }
    })
  })

  it('recent projects: most recent first, no duplicates, existence reported', () => {
    const a = join(dir, 'a.zebra')
    writeFileSync(a, '')
    touchRecent(dir, a, 'A')
    touchRecent(dir, join(dir, 'gone.zebra'), 'Gone')
    touchRecent(dir, a, 'A')
    const r = recentProjects(dir)
    expect(r.map((x) => [x.name, x.exists])).toEqual([
      ['A', true],
      ['Gone', false]
    ])
  })
})
